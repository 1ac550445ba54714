// k-means in OKLab (perceptually even, so clusters split where people see differences), run on
// the distinct colours weighted by their pixel counts. k-means++ seeding uses a fixed-seed PRNG:
// the same image always gives the same palette.
import { converter } from 'culori'
import type { Swatch } from '../../shared/palette'
import { countColours, unpack } from './colour-counts'
import type { RgbaImage } from './image'
import { makeSwatch } from './swatch'

const toOklab = converter('oklab')
const toRgb = converter('rgb')
const SEED = 0x5eed
const MAX_ITERATIONS = 50

/** Palette of at most `k` swatches (fewer when the image has fewer colours), sorted by share. */
export function kmeans(img: RgbaImage, k = 5): Swatch[] {
  const { colours, counts, total } = countColours(img)
  if (total === 0 || k < 1) return []
  const points = oklabPoints(colours)
  const centres = seedPlusPlus(points, counts, Math.min(k, colours.length), mulberry32(SEED))
  const assignment = lloyd(points, counts, centres)
  const population = new Float64Array(centres.length / 3)
  for (let i = 0; i < counts.length; i++) population[assignment[i]] += counts[i]
  const swatches: Swatch[] = []
  for (let c = 0; c < population.length; c++) {
    if (population[c] === 0) continue
    const rgb = toRgb({ mode: 'oklab', l: centres[c * 3], a: centres[c * 3 + 1], b: centres[c * 3 + 2] })
    swatches.push(makeSwatch([rgb.r * 255, rgb.g * 255, rgb.b * 255], population[c] / total))
  }
  return swatches.sort((a, b) => b.share - a.share || a.hex.localeCompare(b.hex))
}

function oklabPoints(colours: Uint32Array): Float64Array {
  const points = new Float64Array(colours.length * 3)
  for (let i = 0; i < colours.length; i++) {
    const [r, g, b] = unpack(colours[i])
    const lab = toOklab({ mode: 'rgb', r: r / 255, g: g / 255, b: b / 255 })
    points[i * 3] = lab.l
    points[i * 3 + 1] = lab.a
    points[i * 3 + 2] = lab.b
  }
  return points
}

function dist2(points: Float64Array, i: number, centres: Float64Array, c: number): number {
  const dl = points[i * 3] - centres[c * 3]
  const da = points[i * 3 + 1] - centres[c * 3 + 1]
  const db = points[i * 3 + 2] - centres[c * 3 + 2]
  return dl * dl + da * da + db * db
}

/** k-means++: each next seed drawn with probability proportional to count × squared distance. */
function seedPlusPlus(points: Float64Array, counts: Uint32Array, k: number, random: () => number): Float64Array {
  const n = counts.length
  const centres = new Float64Array(k * 3)
  const nearest = new Float64Array(n).fill(Infinity)
  let pick = drawWeighted(counts, random)
  for (let c = 0; c < k; c++) {
    centres.set(points.subarray(pick * 3, pick * 3 + 3), c * 3)
    const weights = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i], dist2(points, i, centres, c))
      weights[i] = nearest[i] * counts[i]
    }
    pick = drawWeighted(weights, random)
  }
  return centres
}

function drawWeighted(weights: ArrayLike<number>, random: () => number): number {
  let sum = 0
  for (let i = 0; i < weights.length; i++) sum += weights[i]
  let target = random() * sum
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i]
    if (target < 0) return i
  }
  // Rounding left a sliver: take the last point with any weight.
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i
  return 0
}

/** Lloyd's iterations until no colour changes cluster; returns each colour's cluster. */
function lloyd(points: Float64Array, counts: Uint32Array, centres: Float64Array): Int32Array {
  const k = centres.length / 3
  const assignment = new Int32Array(counts.length).fill(-1)
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let changed = false
    for (let i = 0; i < counts.length; i++) {
      let best = 0
      let bestD = Infinity
      for (let c = 0; c < k; c++) {
        const d = dist2(points, i, centres, c)
        if (d < bestD) [best, bestD] = [c, d]
      }
      if (assignment[i] !== best) [assignment[i], changed] = [best, true]
    }
    if (!changed) break
    const sums = new Float64Array(k * 4)
    for (let i = 0; i < counts.length; i++) {
      const c = assignment[i]
      for (let j = 0; j < 3; j++) sums[c * 4 + j] += points[i * 3 + j] * counts[i]
      sums[c * 4 + 3] += counts[i]
    }
    // A cluster that lost every colour keeps its old centre (and is dropped if it stays empty).
    for (let c = 0; c < k; c++) {
      const w = sums[c * 4 + 3]
      if (w > 0) for (let j = 0; j < 3; j++) centres[c * 3 + j] = sums[c * 4 + j] / w
    }
  }
  return assignment
}

/** Small, fast, seedable PRNG (public domain, Tommy Ettinger); Math.random would make results vary. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
