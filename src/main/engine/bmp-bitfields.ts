// 16- and 32-bit BMP pixels, each channel picked out by a bit mask. A channel of n bits scales as
// v * 255 / max, rounded to the nearest, as GIMP and Chromium (its BMP reader's table for up to
// 8 bits) do: 31 of 5 bits is 255, where scaling by 256 / 2^n would leave it 7 levels short of white.

export interface BitfieldsLayout {
  width: number
  height: number
  bitsPerPixel: 16 | 32
  /** Where the first stored row starts. */
  offset: number
  /** Whether rows are stored top row first (a negative height). */
  topDown: boolean
  /** Red, green, blue and alpha; an alpha mask of 0 means no alpha. */
  masks: readonly [number, number, number, number]
}

/** A channel's 8-bit value in a pixel, for one mask. */
type Channel = (pixel: number) => number

function channel(mask: number): Channel {
  if (mask === 0) return () => 0
  const lowBit = (mask & -mask) >>> 0
  const max = mask / lowBit
  return (pixel) => Math.round(((((pixel & mask) >>> 0) / lowBit) * 255) / max)
}

/** RGBA, top row first; alpha is 255 where the alpha mask is 0. */
export function decodeBitfields(bytes: Buffer, layout: BitfieldsLayout): Buffer {
  const { width, height, bitsPerPixel, offset } = layout
  const [red, green, blue] = layout.masks.map(channel)
  const alpha = layout.masks[3] === 0 ? (): number => 255 : channel(layout.masks[3])
  const rowBytes = Math.ceil((width * bitsPerPixel) / 32) * 4
  const rgba = Buffer.alloc(width * height * 4)
  for (let y = 0; y < height; y++) {
    const row = offset + (layout.topDown ? y : height - 1 - y) * rowBytes
    for (let x = 0, o = y * width * 4; x < width; x++, o += 4) {
      const pixel = bitsPerPixel === 16 ? bytes.readUInt16LE(row + x * 2) : bytes.readUInt32LE(row + x * 4)
      rgba[o] = red(pixel)
      rgba[o + 1] = green(pixel)
      rgba[o + 2] = blue(pixel)
      rgba[o + 3] = alpha(pixel)
    }
  }
  return rgba
}
