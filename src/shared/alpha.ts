// Which pixels a palette counts, by their alpha: one rule for the engine's statistics and the
// app's markers, so a marker lies on a pixel that was counted.

/** Pixels less opaque than this are left out of every palette statistic... */
export const OPAQUE_ALPHA = 128

/**
 * ...unless no pixel is that opaque (a picture drawn wholly see-through: smoke, a cloud layer, a
 * glass texture), which would leave no colour at all: then a pixel counts when it is at least
 * half as opaque as the most opaque one. The faintest, often black under a soft edge, stay out.
 */
export const countsAt = (alpha: number, mostOpaque: number): boolean =>
  mostOpaque >= OPAQUE_ALPHA ? alpha >= OPAQUE_ALPHA : alpha > 0 && 2 * alpha >= mostOpaque

/** The alpha of the most opaque pixel of RGBA `data`, or OPAQUE_ALPHA as soon as one is that opaque. */
export function mostOpaque(data: ArrayLike<number>): number {
  let most = 0
  for (let i = 3; i < data.length && most < OPAQUE_ALPHA; i += 4) most = Math.max(most, data[i])
  return most
}
