// k-means in OKLab (perceptually even, so clusters split where people see differences). The
// colours are first pooled on a 64-level-per-channel grid: each occupied cell becomes one point,
// the exact OKLab mean of its pixels, weighted by their number. A photo's 30-50 thousand distinct
// colours become a few thousand points, so clustering takes a few milliseconds, while centres stay
// exact means of real pixels. Measured on 49 bench images: within-cluster error 0.9% above
// clustering every distinct colour on average (single images land in other local optima, better
// or worse, as any change of seeding does). k-means++ seeding uses a fixed-seed PRNG: the same
// image always gives the same palette.
import type { Swatch } from '../../shared/palette'
import { countColours } from './colour-counts'
import type { RgbaImage } from './image'
import { oklabToSrgb, srgbBytesToOklab } from './oklab'
import { mulberry32 } from './prng'
import { makeSwatch } from './swatch'

const SEED = 0x5eed
const MAX_ITERATIONS = 50
/** Bits per channel of the pooling grid (6: 64 levels, cells 4 sRGB steps wide). */
const GRID_BITS = 6

/** Palette of at most `k` swatches (fewer when the image has fewer colours), sorted by share. */
export function kmeans(img: RgbaImage, k = 5): Swatch[] {
  const { points, weights, total } = pooledColours(img)
  if (total === 0 || k < 1) return []
  const centres = seedPlusPlus(points, weights, Math.min(k, weights.length), mulberry32(SEED))
  const assignment = lloyd(points, weights, centres)
  const population = new Float64Array(centres.length / 3)
  for (let i = 0; i < weights.length; i++) population[assignment[i]] += weights[i]
  const swatches: Swatch[] = []
  for (let c = 0; c < population.length; c++) {
    if (population[c] === 0) continue
    const rgb = oklabToSrgb(centres[c * 3], centres[c * 3 + 1], centres[c * 3 + 2])
    swatches.push(makeSwatch([rgb[0] * 255, rgb[1] * 255, rgb[2] * 255], population[c] / total))
  }
  return swatches.sort((a, b) => b.share - a.share || a.hex.localeCompare(b.hex))
}

/** One point per occupied grid cell, in first-seen order: the OKLab mean of its pixels and their count. */
function pooledColours(img: RgbaImage): { points: Float64Array; weights: Uint32Array; total: number } {
  const { colours, counts, total } = countColours(img)
  const drop = 8 - GRID_BITS
  const cellOf = new Int32Array(1 << (3 * GRID_BITS)).fill(-1)
  const sums = new Float64Array(colours.length * 3)
  const weights = new Uint32Array(colours.length)
  const lab = new Float64Array(3)
  let cells = 0
  for (let i = 0; i < colours.length; i++) {
    const c = colours[i]
    const r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff
    const key = ((r >> drop) << (2 * GRID_BITS)) | ((g >> drop) << GRID_BITS) | (b >> drop)
    let cell = cellOf[key]
    if (cell < 0) cell = cellOf[key] = cells++
    const n = counts[i]
    srgbBytesToOklab(r, g, b, lab, 0)
    sums[cell * 3] += lab[0] * n
    sums[cell * 3 + 1] += lab[1] * n
    sums[cell * 3 + 2] += lab[2] * n
    weights[cell] += n
  }
  const points = new Float64Array(cells * 3)
  for (let i = 0; i < cells * 3; i++) points[i] = sums[i] / weights[Math.trunc(i / 3)]
  return { points, weights: weights.slice(0, cells), total }
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
      nearest[i] = Math.min(nearest[i], distance2(points, i, centres, c))
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

/**
 * Lloyd's iterations until no colour changes cluster; returns each colour's cluster.
 * Hamerly's bounds skip the colours that provably keep their cluster (most of them after the
 * first few rounds), so the answer is Lloyd's own, colour for colour, at a fraction of the work.
 */
function lloyd(points: Float64Array, counts: Uint32Array, centres: Float64Array): Int32Array {
  const k = centres.length / 3
  const n = counts.length
  const state: Bounds = {
    assignment: new Int32Array(n).fill(-1),
    upper: new Float64Array(n),
    lower: new Float64Array(n),
    halfGap: new Float64Array(k)
  }
  const sums = new Float64Array(k * 4)
  const moved = new Float64Array(k)
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    if (!assign(points, centres, state)) break
    sums.fill(0)
    for (let i = 0; i < n; i++) {
      const at = state.assignment[i] * 4
      const w = counts[i]
      sums[at] += points[i * 3] * w
      sums[at + 1] += points[i * 3 + 1] * w
      sums[at + 2] += points[i * 3 + 2] * w
      sums[at + 3] += w
    }
    // A cluster that lost every colour keeps its old centre (and is dropped if it stays empty).
    let maxMove = 0
    for (let c = 0; c < k; c++) {
      const w = sums[c * 4 + 3]
      let move2 = 0
      if (w > 0)
        for (let j = 0; j < 3; j++) {
          const value = sums[c * 4 + j] / w
          move2 += (value - centres[c * 3 + j]) ** 2
          centres[c * 3 + j] = value
        }
      moved[c] = Math.sqrt(move2)
      maxMove = Math.max(maxMove, moved[c])
    }
    // Triangle inequality: a colour is at most `moved` nearer its own centre's new place and at
    // most maxMove nearer any other centre.
    for (let i = 0; i < n; i++) {
      state.upper[i] += moved[state.assignment[i]]
      state.lower[i] -= maxMove
    }
  }
  return state.assignment
}

interface Bounds {
  assignment: Int32Array
  /** Upper bound on each colour's distance to its centre. */
  upper: Float64Array
  /** Lower bound on its distance to every other centre. */
  lower: Float64Array
  /** Half the distance from each centre to its nearest other centre. */
  halfGap: Float64Array
}

/** Far larger than the rounding in the bounds, far smaller than any colour difference. */
const SLACK = 1e-9

/** Moves every colour to its nearest centre (ties to the earlier one); true if any moved. */
function assign(points: Float64Array, centres: Float64Array, { assignment, upper, lower, halfGap }: Bounds): boolean {
  const k = centres.length / 3
  for (let c = 0; c < k; c++) {
    let nearest = Infinity
    for (let o = 0; o < k; o++) if (o !== c) nearest = Math.min(nearest, centreDistance2(centres, c, o))
    halfGap[c] = Math.sqrt(nearest) / 2
  }
  let changed = false
  for (let i = 0; i < assignment.length; i++) {
    const own = assignment[i]
    if (own >= 0) {
      // Provably still strictly nearest its centre: Lloyd would keep it there too.
      const bound = Math.max(halfGap[own], lower[i]) - SLACK
      if (upper[i] < bound) continue
      upper[i] = Math.sqrt(distance2(points, i, centres, own))
      if (upper[i] < bound) continue
    }
    const l = points[i * 3]
    const a = points[i * 3 + 1]
    const b = points[i * 3 + 2]
    let best = 0
    let bestD = Infinity
    let secondD = Infinity
    for (let c = 0; c < k; c++) {
      const dl = l - centres[c * 3]
      const da = a - centres[c * 3 + 1]
      const db = b - centres[c * 3 + 2]
      const d = dl * dl + da * da + db * db
      if (d < bestD) {
        secondD = bestD
        best = c
        bestD = d
      } else if (d < secondD) secondD = d
    }
    upper[i] = Math.sqrt(bestD)
    lower[i] = Math.sqrt(secondD)
    if (own !== best) {
      assignment[i] = best
      changed = true
    }
  }
  return changed
}

function centreDistance2(centres: Float64Array, c: number, o: number): number {
  return distance2(centres, c, centres, o)
}

function distance2(points: Float64Array, i: number, centres: Float64Array, c: number): number {
  const dl = points[i * 3] - centres[c * 3]
  const da = points[i * 3 + 1] - centres[c * 3 + 1]
  const db = points[i * 3 + 2] - centres[c * 3 + 2]
  return dl * dl + da * da + db * db
}
