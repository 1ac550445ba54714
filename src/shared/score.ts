// Shared by the engine (benchmarks, CLI) and the renderer (the compare board's readout): pure,
// no Node or Electron.
// The paper's metric. A predicted swatch is correct when each of R, G and B is within ±15 of the
// ground-truth swatch it is matched to; swatches are matched one to one so that the most are
// correct (ties: the matching with the lowest mean CIEDE2000). accuracy@n is the share of images
// with at least n correct swatches, or all of them when the ground truth has fewer than n.
import { differenceCiede2000 } from 'culori'
import type { Rgb } from './palette'

export const CHANNEL_TOLERANCE = 15
/** Brute force over matchings: 8! = 40,320 is still instant; palettes here have at most 5. */
const MAX_SWATCHES = 8

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

export const isCorrect = (pred: Rgb, truth: Rgb): boolean => pred.every((v, i) => Math.abs(v - truth[i]) <= CHANNEL_TOLERANCE)

export function scorePalette(pred: readonly Rgb[], truth: readonly Rgb[]): PaletteScore {
  if (pred.length > MAX_SWATCHES || truth.length > MAX_SWATCHES) {
    throw new RangeError(`scorePalette matches at most ${MAX_SWATCHES} swatches per palette`)
  }
  const needed = truth.length
  if (pred.length === 0 || truth.length === 0) return { correct: 0, needed, meanDeltaE00: 0 }
  // Match the shorter list into the longer one: every swatch of the shorter gets a partner.
  const [short, long] = pred.length <= truth.length ? [pred, truth] : [truth, pred]
  const correct = short.map((a) => long.map((b) => isCorrect(a, b)))
  const distance = short.map((a) => long.map((b) => deltaE00(asCulori(a), asCulori(b))))
  let best = { correct: -1, deltaE: Infinity }
  for (const pick of arrangements(long.length, short.length)) {
    let hits = 0
    let deltaE = 0
    pick.forEach((j, i) => {
      if (correct[i][j]) hits++
      deltaE += distance[i][j]
    })
    if (hits > best.correct || (hits === best.correct && deltaE < best.deltaE)) best = { correct: hits, deltaE }
  }
  return { correct: best.correct, needed, meanDeltaE00: best.deltaE / short.length }
}

/** Share of images with at least n correct swatches (all of them when the ground truth has fewer). */
export function accuracyAt(scores: readonly PaletteScore[], n: number): number {
  if (scores.length === 0) return 0
  return scores.filter((s) => s.correct >= Math.min(n, s.needed)).length / scores.length
}

/** Every ordered choice of `k` distinct indices from 0..n-1. */
function* arrangements(n: number, k: number, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === k) {
    yield prefix
    return
  }
  for (let j = 0; j < n; j++) if (!prefix.includes(j)) yield* arrangements(n, k, [...prefix, j])
}
