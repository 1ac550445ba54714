// How many of the screen's own pixels an element is painted on: a canvas's backing store of that
// size is drawn one to one, neither blurred by scaling up nor thinned by scaling down.

interface Observed {
  readonly contentBoxSize: readonly { readonly inlineSize: number; readonly blockSize: number }[]
  readonly devicePixelContentBoxSize?: readonly { readonly inlineSize: number; readonly blockSize: number }[]
}

/**
 * The observed element's content box in device pixels: the browser's own count where it gives one
 * that agrees with `ratio` (device pixels per CSS pixel) to within the pixel it snaps to;
 * otherwise (no such box, or a screen scale the browser only emulates) the CSS size times `ratio`.
 */
export function deviceSize(entry: Observed, ratio: number): { width: number; height: number } {
  const css = entry.contentBoxSize[0]
  const scaled = { width: Math.round(css.inlineSize * ratio), height: Math.round(css.blockSize * ratio) }
  const exact = entry.devicePixelContentBoxSize?.[0]
  if (exact && Math.abs(exact.inlineSize - css.inlineSize * ratio) <= 1 && Math.abs(exact.blockSize - css.blockSize * ratio) <= 1)
    return { width: exact.inlineSize, height: exact.blockSize }
  return scaled
}
