// Shared by the engine (the evaluation, through engine/score.ts) and the renderer (the compare board's readout): pure,
// no Node or Electron.
// The paper's metric. A predicted swatch is correct when each of R, G and B is within ±15 of the
// ground-truth swatch it is matched to; swatches are matched one to one so that the most are
// correct (ties: the matching with the lowest mean CIEDE2000), found as an assignment problem, so
// an imported palette of any size is scored whole. accuracy@n is the share of images
// with at least n correct swatches, or all of them when the ground truth has fewer than n.
import { differenceCiede2000 } from 'culori'
import type { Rgb } from './palette'

const CHANNEL_TOLERANCE = 15
/**
 * What a pair outside ±15 costs beyond its ΔE00: more than the ΔE00 of a whole matching can add up
 * to (CIEDE2000 stays under about 200 a pair), so the fewest misses always wins and ΔE00 only
 * breaks ties. Palettes here hold at most a few hundred swatches.
 */
const MISS = 1_000_000

export interface PaletteScore {
  /** Swatches correct under the best one-to-one matching. */
  correct: number
  /** Ground-truth swatches: a perfect palette gets this many correct. */
  needed: number
  /** Mean CIEDE2000 over the matched pairs of the best matching (0 when either palette is empty). */
  meanDeltaE00: number
}

const deltaE00 = differenceCiede2000()
const asCulori = (c: Rgb): { mode: 'rgb'; r: number; g: number; b: number } => ({ mode: 'rgb', r: c[0] / 255, g: c[1] / 255, b: c[2] / 255 })

const isCorrect = (pred: Rgb, truth: Rgb): boolean => pred.every((v, i) => Math.abs(v - truth[i]) <= CHANNEL_TOLERANCE)

interface Matching {
  short: readonly Rgb[]
  long: readonly Rgb[]
  /** Whether `short` is the prediction. */
  predShort: boolean
  hit: boolean[][]
  distance: number[][]
  /** The partner in `long` of each swatch of `short`. */
  pick: number[]
}

/** The best one-to-one matching of the shorter list into the longer (both non-empty). */
function bestMatching(pred: readonly Rgb[], truth: readonly Rgb[]): Matching {
  // Match the shorter list into the longer one: every swatch of the shorter gets a partner.
  const predShort = pred.length <= truth.length
  const [short, long] = predShort ? [pred, truth] : [truth, pred]
  const hit = short.map((a) => long.map((b) => isCorrect(a, b)))
  const distance = short.map((a) => long.map((b) => deltaE00(asCulori(a), asCulori(b))))
  const pick = cheapestAssignment(distance.map((row, i) => row.map((d, j) => (hit[i][j] ? 0 : MISS) + d)))
  return { short, long, predShort, hit, distance, pick }
}

export function scorePalette(pred: readonly Rgb[], truth: readonly Rgb[]): PaletteScore {
  const needed = truth.length
  if (pred.length === 0 || truth.length === 0) return { correct: 0, needed, meanDeltaE00: 0 }
  const { short, hit, distance, pick } = bestMatching(pred, truth)
  // The figures are summed from the pairs themselves, not from the solver's running costs.
  const correct = pick.filter((j, i) => hit[i][j]).length
  const total = pick.reduce((sum, j, i) => sum + distance[i][j], 0)
  return { correct, needed, meanDeltaE00: total / short.length }
}

/** What a ground-truth swatch costs when the prediction is empty: the ΔE00 of black to white. */
const NO_PREDICTION_DELTA_E00 = 100

/**
 * The evaluation's mean CIEDE2000: over every ground-truth swatch, to its partner in the best
 * matching, or, where a shorter prediction left it none, to the nearest predicted swatch. Unlike
 * scorePalette's mean over the pairs (the board's readout of two palettes, neither the truth),
 * a prediction with fewer swatches cannot leave its worst miss out of the mean.
 */
export function truthDeltaE00(pred: readonly Rgb[], truth: readonly Rgb[]): number {
  if (truth.length === 0) return 0
  if (pred.length === 0) return NO_PREDICTION_DELTA_E00
  const { predShort, distance, pick, long } = bestMatching(pred, truth)
  if (!predShort) return pick.reduce((sum, j, i) => sum + distance[i][j], 0) / truth.length
  // Here the truth is `long`: each truth swatch's partner, else its nearest predicted swatch.
  const partner = new Map(pick.map((j, i) => [j, i]))
  const total = long.reduce((sum, _, j) => {
    const i = partner.get(j)
    return sum + (i !== undefined ? distance[i][j] : Math.min(...distance.map((row) => row[j])))
  }, 0)
  return total / truth.length
}

/** Share of images with at least n correct swatches (all of them when the ground truth has fewer). */
export function accuracyAt(scores: readonly PaletteScore[], n: number): number {
  if (scores.length === 0) return 0
  return scores.filter((s) => s.correct >= Math.min(n, s.needed)).length / scores.length
}

/**
 * The cheapest one-to-one assignment of rows to columns (rows ≤ columns): the Hungarian method
 * with potentials, O(rows² · columns). Returns the column of each row.
 */
function cheapestAssignment(cost: readonly (readonly number[])[]): number[] {
  const n = cost.length
  const m = cost[0].length
  const u = new Array<number>(n + 1).fill(0)
  const v = new Array<number>(m + 1).fill(0)
  /** The row (1-based) assigned to each column; column 0 is the row being added. */
  const rowOf = new Array<number>(m + 1).fill(0)
  const way = new Array<number>(m + 1).fill(0)
  for (let i = 1; i <= n; i++) {
    rowOf[0] = i
    let j0 = 0
    const minv = new Array<number>(m + 1).fill(Infinity)
    const used = new Array<boolean>(m + 1).fill(false)
    do {
      used[j0] = true
      const i0 = rowOf[j0]
      let delta = Infinity
      let j1 = 0
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue
        const reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
        if (reduced < minv[j]) {
          minv[j] = reduced
          way[j] = j0
        }
        if (minv[j] < delta) {
          delta = minv[j]
          j1 = j
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[rowOf[j]] += delta
          v[j] -= delta
        } else minv[j] -= delta
      }
      j0 = j1
    } while (rowOf[j0] !== 0)
    do {
      const j1 = way[j0]
      rowOf[j0] = rowOf[j1]
      j0 = j1
    } while (j0 !== 0)
  }
  const columnOf = new Array<number>(n).fill(-1)
  for (let j = 1; j <= m; j++) if (rowOf[j] > 0) columnOf[rowOf[j] - 1] = j - 1
  return columnOf
}
