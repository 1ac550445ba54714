// The figures of the board's difference readout: palette A scored against palette B (B is the
// reference, the paper's "ground truth"), with the paper's metric (src/shared/score.ts), which pairs
// swatches one to one: the most pairs within ±15 on each of R, G and B, then the lowest total
// CIEDE2000, for palettes of any size (an imported swatch file may hold many).
import type { Rgb } from '../../../shared/palette'
import { scorePalette, type PaletteScore } from '../../../shared/score'
import type { ColumnJson, PaletteKind } from './project'

const KIND_NAMES: Record<PaletteKind, string> = { 'median-cut': 'median cut', neural: 'neural', kmeans: 'k-means', edited: 'your palette' }

/**
 * What the board calls a palette of `kind` in a column of `columnKind`: the user's palette of an
 * image or frame is "your palette", but an imported column's is the swatch file's.
 */
export function paletteName(kind: PaletteKind, columnKind: ColumnJson['kind']): string {
  return kind === 'edited' && columnKind === 'imported' ? 'imported palette' : KIND_NAMES[kind]
}

export interface Figures extends PaletteScore {
  /** Swatches of A and of B. */
  sizeA: number
  sizeB: number
  /** The pairs the figures are over: every swatch of the smaller palette has one partner. */
  pairs: number
}

/** A against B; null when either has no swatches (nothing to pair, no distance to give). */
export function compareSwatches(a: readonly Rgb[], b: readonly Rgb[]): Figures | null {
  if (a.length === 0 || b.length === 0) return null
  return { ...scorePalette(a, b), sizeA: a.length, sizeB: b.length, pairs: Math.min(a.length, b.length) }
}
