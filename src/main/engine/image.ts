/**
 * A decoded image in memory: 8-bit sRGB with straight (non-premultiplied) alpha,
 * four bytes a pixel, rows top to bottom. Every stage of the engine reads this one shape.
 */
export interface RgbaImage {
  width: number
  height: number
  data: Uint8Array
}

/** Pixels whose alpha is below this are left out of every palette statistic. */
export const OPAQUE_ALPHA = 128

/**
 * The image whose pixels the palette counts: itself, unless no pixel is opaque enough to count
 * (a picture drawn wholly see-through: smoke, a cloud layer, a glass texture), which would give no
 * colour at all. Then a copy counts the pixels at least half as opaque as the most opaque one, by
 * their own colours; the faintest, often black under a soft edge, stay out as before.
 */
export function countedPixels(img: RgbaImage): RgbaImage {
  const d = img.data
  let most = 0
  for (let i = 3; i < d.length; i += 4) {
    if (d[i] >= OPAQUE_ALPHA) return img
    if (d[i] > most) most = d[i]
  }
  if (most === 0) return img
  const data = Uint8Array.from(d)
  for (let i = 3; i < data.length; i += 4) data[i] = 2 * data[i] >= most ? 255 : 0
  return { width: img.width, height: img.height, data }
}
