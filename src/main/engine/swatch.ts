// Building Swatch values: one place that rounds, clamps and spells the hex.
import type { Rgb, Swatch } from '../../shared/palette'

const byte = (v: number): number => Math.min(255, Math.max(0, Math.round(v)))

function toHex(rgb: Rgb): string {
  return `#${rgb.map((v) => byte(v).toString(16).padStart(2, '0')).join('')}`
}

export function makeSwatch(rgb: readonly number[], share: number): Swatch {
  const clamped: Rgb = [byte(rgb[0]), byte(rgb[1]), byte(rgb[2])]
  return { rgb: clamped, hex: toHex(clamped), share }
}

/**
 * A palette with each colour once, the first of a repeat kept. Asked for five colours, k-means and
 * the neural generator repeat one where the image has fewer (the generator learned it from median
 * cut's empty boxes); a repeat adds no colour, and would show as a second swatch at 0 %.
 */
export function eachColourOnce(swatches: readonly Swatch[]): Swatch[] {
  const seen = new Set<string>()
  return swatches.filter(({ rgb }) => {
    const colour = rgb.join()
    if (seen.has(colour)) return false
    seen.add(colour)
    return true
  })
}
