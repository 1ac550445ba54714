import { countsAt, mostOpaque, OPAQUE_ALPHA as COUNTED_ALPHA } from '../../shared/alpha'

/**
 * The shared rule's threshold, as a constant of this module: the engine's per-pixel loops read it
 * for every pixel, and run unbundled (tsx: the CLI, tests, benchmarks) a re-exported binding is a
 * chain of getters that made the 256-px analysis image 3 times slower to make.
 */
export const OPAQUE_ALPHA: number = COUNTED_ALPHA

/**
 * A decoded image in memory: 8-bit sRGB with straight (non-premultiplied) alpha,
 * four bytes a pixel, rows top to bottom. Every stage of the engine reads this one shape.
 */
export interface RgbaImage {
  width: number
  height: number
  data: Uint8Array
}

/**
 * The image whose pixels the palette counts: itself, unless no pixel is opaque enough to count;
 * then a copy in which the pixels that count by `countsAt` are opaque and the rest transparent.
 */
export function countedPixels(img: RgbaImage): RgbaImage {
  const most = mostOpaque(img.data)
  if (most >= OPAQUE_ALPHA || most === 0) return img
  const data = Uint8Array.from(img.data)
  for (let i = 3; i < data.length; i += 4) data[i] = countsAt(data[i], most) ? 255 : 0
  return { width: img.width, height: img.height, data }
}
