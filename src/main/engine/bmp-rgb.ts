// Uncompressed 24-bit BMP pixels: blue, green, red, each row padded to 4 bytes.

export interface RgbLayout {
  width: number
  height: number
  /** Where the first stored row starts. */
  offset: number
  /** Whether rows are stored top row first (a negative height). */
  topDown: boolean
}

/** RGB, top row first: the three channels sharp takes raw. */
export function decodeRgb24(bytes: Buffer, layout: RgbLayout): Buffer {
  const { width, height, offset } = layout
  const rowBytes = Math.ceil((width * 24) / 32) * 4
  const rgb = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    let at = offset + (layout.topDown ? y : height - 1 - y) * rowBytes
    const end = (y + 1) * width * 3
    for (let o = y * width * 3; o < end; o += 3, at += 3) {
      rgb[o] = bytes[at + 2]
      rgb[o + 1] = bytes[at + 1]
      rgb[o + 2] = bytes[at]
    }
  }
  return rgb
}
