// Ranking swatches as in §2.2 of the paper ("The RGB histogram is binning through clustering 16
// each channel. The output colors are ranked by the closest cluster."). Our reading, precisely:
//   1. histogram the opaque pixels into 16×16×16 RGB bins (16 levels per channel);
//   2. each non-empty bin is a cluster, represented by the mean colour of its pixels;
//   3. every bin gives its pixels to the swatch nearest to that mean (RGB distance, the paper's
//      space; a tie goes to the earlier swatch);
//   4. swatches are ordered by the pixels they collected, most first; equal populations keep
//      their input order, so the ranking is stable and deterministic.
// Each swatch's share IS its population here, over the opaque pixels: the part of the image (by
// bins) nearest to that colour. A method's own shares (median cut's box counts, k-means' cluster
// populations) are replaced, because a designer reads the list top-down with its percentages:
// ordered by one measure and labelled with another, the shares came out of order, the ground
// truth and a median-cut palette showed the same colours differently, and one colour had another
// share under each method. With one definition every palette's shares descend down the list and
// mean the same under every method. The ground truth is ranked too (extract.ts).
import type { Swatch } from '../../shared/palette'
import { OPAQUE_ALPHA, type RgbaImage } from './image'

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
  const population = new Array<number>(swatches.length).fill(0)
  if (swatches.length === 0) return population
  const { count, sum } = histogram(img)
  for (let bin = 0; bin < count.length; bin++) {
    const n = count[bin]
    if (n === 0) continue
    population[nearestSwatch(sum[bin * 3] / n, sum[bin * 3 + 1] / n, sum[bin * 3 + 2] / n, swatches)] += n
  }
  return population
}

/** One pass over the pixels. Sums of bytes in doubles are exact (up to 2^53), so the means are too. */
function histogram(img: RgbaImage): { count: Uint32Array; sum: Float64Array } {
  const count = new Uint32Array(BINS ** 3)
  const sum = new Float64Array(BINS ** 3 * 3)
  const { data } = img
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < OPAQUE_ALPHA) continue
    const r = data[i]
    const g = data[i + 1]
    const b = data[i + 2]
    const bin = ((r >> SHIFT) * BINS + (g >> SHIFT)) * BINS + (b >> SHIFT)
    count[bin]++
    sum[bin * 3] += r
    sum[bin * 3 + 1] += g
    sum[bin * 3 + 2] += b
  }
  return { count, sum }
}

function nearestSwatch(r: number, g: number, b: number, swatches: readonly Swatch[]): number {
  let best = 0
  let bestD = Infinity
  for (let i = 0; i < swatches.length; i++) {
    const { rgb } = swatches[i]
    const d = (rgb[0] - r) ** 2 + (rgb[1] - g) ** 2 + (rgb[2] - b) ** 2
    if (d < bestD) [best, bestD] = [i, d]
  }
  return best
}
