// Expanding BI_RLE8 and BI_RLE4 pixels to palette indices: encoded and absolute runs, end of line,
// deltas and end of bitmap, never reading past the data nor writing past the picture.

/** Raised when the compressed data cannot describe the picture; its message follows "the file is damaged: its". */
export class RleDataError extends Error {
  constructor(detail: string) {
    super(`RLE-compressed pixels ${detail}`)
  }
}

const CUT_OFF = 'end before the picture does; it may have been cut off while it was copied or downloaded'

export interface RleLayout {
  width: number
  height: number
  /** 8 for BI_RLE8 (a byte an index), 4 for BI_RLE4 (two indices a byte, high nibble first). */
  bitsPerPixel: 4 | 8
}

/**
 * The palette index of every pixel, in the order the file stores rows (the bottom one first,
 * unless the height is negative). Pixels that a delta or an end of line skips stay index 0: GDI
 * expands RLE into a zero-filled bitmap, so Windows and Paint show them in the first colour of
 * the table (Chromium makes them transparent, which a palette of the picture cannot show).
 * Runs past the right edge are cut there, as Chromium cuts them; data after the last row is ignored.
 */
export function expandRle(data: Buffer, layout: RleLayout): Uint8Array {
  const { width, height } = layout
  const indices = new Uint8Array(width * height)
  const put = (x: number, y: number, index: number): void => {
    if (x < width) indices[y * width + x] = index
  }
  let x = 0
  let y = 0
  let at = 0
  while (y < height) {
    if (at + 2 > data.length) throw new RleDataError(CUT_OFF)
    const count = data[at]
    const value = data[at + 1]
    at += 2
    if (count > 0) {
      // An encoded run: one index repeated, or for RLE4 two alternating.
      for (let i = 0; i < count; i++) put(x + i, y, layout.bitsPerPixel === 8 ? value : nibble(value, i))
      x += count
    } else if (value === 0) {
      x = 0
      y++
    } else if (value === 1) {
      return indices
    } else if (value === 2) {
      if (at + 2 > data.length) throw new RleDataError(CUT_OFF)
      x += data[at]
      y += data[at + 1]
      at += 2
      if (x > width || y > height) throw new RleDataError('move past the edge of the picture')
    } else {
      // An absolute run of `value` indices, padded to a whole number of 16-bit words.
      const bytes = layout.bitsPerPixel === 8 ? value : Math.ceil(value / 2)
      if (at + bytes > data.length) throw new RleDataError(CUT_OFF)
      for (let i = 0; i < value; i++) put(x + i, y, layout.bitsPerPixel === 8 ? data[at + i] : nibble(data[at + (i >> 1)], i))
      x += value
      at += bytes + (bytes & 1)
    }
  }
  return indices
}

/** The i-th index of an RLE4 byte pair: the high nibble first. */
const nibble = (byte: number, i: number): number => (i & 1 ? byte & 0x0f : byte >> 4)
