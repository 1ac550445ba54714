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
