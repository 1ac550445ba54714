// Ranking swatches as in §2.2 of the paper ("The RGB histogram is binning through clustering 16
// each channel. The output colors are ranked by the closest cluster."). Our reading, precisely:
//   1. histogram the opaque pixels into 16×16×16 RGB bins (16 levels per channel);
//   2. each non-empty bin is a cluster, represented by the mean colour of its pixels;
//   3. every bin gives its pixels to the swatch nearest to that mean (RGB distance, the paper's
//      space; a tie goes to the swatch of lower 0xRRGGBB, so that a palette's shares do not
//      depend on the order it came in, and a list recounted as shown gives the same);
//   4. swatches are ordered by the pixels they collected, most first; equal populations keep
//      their input order, so the ranking is stable and deterministic.
// Each swatch's share IS its population, over the opaque pixels, so the list reads top-down in
// descending shares and a colour means the same share under every method (median cut's box counts
// and k-means' cluster populations are replaced; the ground truth and a median-cut palette are
// the same list). One refinement of step 3: a bin that holds two or more swatches' own colours
// gives its pixels one by one to the nearest swatch. Given whole to one, #808080 would take
// #8e8e8e's whole region and show 0 % beside it; the paper's "closest cluster" tells such
// swatches apart by nothing. Everywhere else the ranking is the paper's, bin by bin.
// One census of the image serves every palette ranked on it (extract.ts ranks two).
import type { Swatch } from '../../shared/palette'
import { OPAQUE_ALPHA, type RgbaImage } from './image'

const BINS = 16
const SHIFT = 4 // 256 / 16 levels per bin
const binOf = (r: number, g: number, b: number): number => ((r >> SHIFT) * BINS + (g >> SHIFT)) * BINS + (b >> SHIFT)

/** The opaque pixels of an image counted by 16-level bin, and the image for the bins it splits. */
export interface RankingCensus {
  /** Pixels in each bin, and the sums of their r, g, b (three per bin). */
  binCount: Uint32Array
  binSum: Float64Array
  /** Opaque pixels in all. */
  total: number
  /** Read again pixel by pixel only for a bin two swatches share, which few palettes have. */
  image: RgbaImage
}

/** One pass over the pixels. Sums of bytes in doubles are exact (up to 2^53), so the bin means are too. */
export function rankingCensus(img: RgbaImage): RankingCensus {
  const binCount = new Uint32Array(BINS ** 3)
  const binSum = new Float64Array(BINS ** 3 * 3)
  const { data } = img
  let total = 0
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < OPAQUE_ALPHA) continue
    const bin = binOf(data[i], data[i + 1], data[i + 2])
    binCount[bin]++
    binSum[bin * 3] += data[i]
    binSum[bin * 3 + 1] += data[i + 1]
    binSum[bin * 3 + 2] += data[i + 2]
    total++
  }
  return { binCount, binSum, total, image: img }
}

/** The swatches in §2.2 order, each with its population as its share; the input is not changed. */
export function rankSwatches(census: RankingCensus, swatches: readonly Swatch[]): Swatch[] {
  const population = swatchPopulations(census, swatches)
  const { total } = census
  return swatches
    .map((swatch, index) => ({ swatch, index, pixels: population[index] }))
    .sort((a, b) => b.pixels - a.pixels || a.index - b.index)
    .map(({ swatch, pixels }) => ({ ...swatch, share: total > 0 ? pixels / total : 0 }))
}

/**
 * Pixels each swatch collects: every bin's go to the swatch nearest its mean, but a bin holding
 * two or more swatches' colours gives each of its pixels to the swatch nearest that pixel.
 */
export function swatchPopulations(census: RankingCensus, swatches: readonly Swatch[]): number[] {
  const population = new Array<number>(swatches.length).fill(0)
  if (swatches.length === 0) return population
  const { binCount, binSum, image } = census
  const held = new Map<number, number>()
  for (const { rgb } of swatches) held.set(binOf(...rgb), (held.get(binOf(...rgb)) ?? 0) + 1)
  const shared = new Set([...held].filter(([, n]) => n > 1).map(([bin]) => bin))
  for (let bin = 0; bin < binCount.length; bin++) {
    const n = binCount[bin]
    if (n === 0 || shared.has(bin)) continue
    population[nearestSwatch(binSum[bin * 3] / n, binSum[bin * 3 + 1] / n, binSum[bin * 3 + 2] / n, swatches)] += n
  }
  if (shared.size === 0) return population
  const { data } = image
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < OPAQUE_ALPHA) continue
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]]
    if (shared.has(binOf(r, g, b))) population[nearestSwatch(r, g, b, swatches)]++
  }
  return population
}

const packed = ([r, g, b]: readonly number[]): number => (r << 16) | (g << 8) | b

/** The swatch nearest (r, g, b); of equally near ones, the lower colour (then the earlier, for repeats). */
function nearestSwatch(r: number, g: number, b: number, swatches: readonly Swatch[]): number {
  let best = 0
  let bestD = Infinity
  for (let i = 0; i < swatches.length; i++) {
    const { rgb } = swatches[i]
    const d = (rgb[0] - r) ** 2 + (rgb[1] - g) ** 2 + (rgb[2] - b) ** 2
    if (d < bestD || (d === bestD && packed(rgb) < packed(swatches[best].rgb))) [best, bestD] = [i, d]
  }
  return best
}
