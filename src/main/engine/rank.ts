// Ranking swatches as in §2.2 of the paper ("The RGB histogram is binning through clustering 16
// each channel. The output colors are ranked by the closest cluster."). Our reading, precisely:
//   1. histogram the opaque pixels into 16×16×16 RGB bins (16 levels per channel);
//   2. each non-empty bin is a cluster, represented by the mean colour of its pixels;
//   3. every bin gives its pixels to the swatch nearest to that mean (RGB distance, the paper's
//      space; a tie goes to the earlier swatch);
//   4. swatches are ordered by the pixels they collected, most first; equal populations keep
//      their input order, so the ranking is stable and deterministic.
// Each swatch's share becomes that population over the opaque pixels, so palettes from any
// method (the neural one has no shares of its own) carry comparable shares.
import type { Swatch } from '../../shared/palette'
import { countColours, unpack } from './colour-counts'
import type { RgbaImage } from './image'

const BINS = 16
const SHIFT = 4 // 256 / 16 levels per bin

export function rankSwatches(img: RgbaImage, swatches: readonly Swatch[]): Swatch[] {
  const population = swatchPopulations(img, swatches)
  const total = population.reduce((a, b) => a + b, 0)
  return swatches
    .map((swatch, index) => ({ swatch, index, pixels: population[index] }))
    .sort((a, b) => b.pixels - a.pixels || a.index - b.index)
    .map(({ swatch, pixels }) => ({ ...swatch, share: total > 0 ? pixels / total : 0 }))
}

/** Pixels of the histogram bins whose nearest swatch each swatch is. */
export function swatchPopulations(img: RgbaImage, swatches: readonly Swatch[]): number[] {
  const bins = histogram(img)
  const population = new Array<number>(swatches.length).fill(0)
  if (swatches.length === 0) return population
  for (let bin = 0; bin < bins.count.length; bin++) {
    const n = bins.count[bin]
    if (n === 0) continue
    const mean = [bins.sum[bin * 3] / n, bins.sum[bin * 3 + 1] / n, bins.sum[bin * 3 + 2] / n]
    population[nearestSwatch(mean, swatches)] += n
  }
  return population
}

function histogram(img: RgbaImage): { count: Float64Array; sum: Float64Array } {
  const count = new Float64Array(BINS ** 3)
  const sum = new Float64Array(BINS ** 3 * 3)
  const { colours, counts } = countColours(img)
  for (let i = 0; i < colours.length; i++) {
    const [r, g, b] = unpack(colours[i])
    const bin = ((r >> SHIFT) * BINS + (g >> SHIFT)) * BINS + (b >> SHIFT)
    count[bin] += counts[i]
    sum[bin * 3] += r * counts[i]
    sum[bin * 3 + 1] += g * counts[i]
    sum[bin * 3 + 2] += b * counts[i]
  }
  return { count, sum }
}

function nearestSwatch(colour: number[], swatches: readonly Swatch[]): number {
  let best = 0
  let bestD = Infinity
  swatches.forEach(({ rgb }, i) => {
    const d = (rgb[0] - colour[0]) ** 2 + (rgb[1] - colour[1]) ** 2 + (rgb[2] - colour[2]) ** 2
    if (d < bestD) [best, bestD] = [i, d]
  })
  return best
}
