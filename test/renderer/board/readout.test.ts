// The board’s difference readout against figures computed independently (test/tools/best-pairing.ts): culori’s CIEDE2000,
// the ±15-per-channel rule, and every one-to-one pairing tried (the most matches, then the lowest
// total ΔE00), B being the reference. Palettes of different sizes, imported palettes larger than
// the 8 the shared scorer once stopped at, and palettes with no colours.
import { describe, expect, it } from 'vitest'
import type { Method, Palette, Rgb } from '../../../src/shared/palette'
import { Board } from '../../../src/renderer/src/board/board.svelte'
import { paletteName } from '../../../src/renderer/src/board/readout'
import { BoardColumn } from '../../../src/renderer/src/board/board-column.svelte'
import { scorePalette } from '../../../src/shared/score'
import { rgbToHex } from '../../../src/renderer/src/lib/color'
import { bestPairing } from '../../tools/best-pairing'

const palette = (method: Method, rgbs: readonly Rgb[]): Palette => ({ method, swatches: rgbs.map((rgb) => ({ rgb, hex: rgbToHex(rgb), share: 1 / rgbs.length })) })
function imageColumn(name: string, rgbs: Rgb[]): BoardColumn {
  const column = new BoardColumn({ name, kind: 'image' })
  column.setPalettes([palette('median-cut', rgbs)])
  return column
}
function importedColumn(name: string, rgbs: Rgb[]): BoardColumn {
  const column = new BoardColumn({ name, kind: 'imported' })
  column.editor.load(palette('median-cut', rgbs))
  return column
}
/** A board comparing `a`'s first palette (A) with `b`'s (B). */
function compare(a: BoardColumn, b: BoardColumn): Board {
  const board = new Board()
  board.add(a)
  board.add(b)
  board.compareA = { column: a.id, kind: a.kinds()[0] }
  board.compareB = { column: b.id, kind: b.kinds()[0] }
  return board
}

/** Colours from a seeded generator; `near` gives each within ±20 of the one before it in `of`. */
function colours(seed: number, n: number, of?: Rgb[]): Rgb[] {
  let s = seed
  const next = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
  const channel = (base?: number): number => Math.max(0, Math.min(255, base === undefined ? Math.floor(next() * 256) : base + Math.floor(next() * 41) - 20))
  return Array.from({ length: n }, (_, i) => {
    const base = of?.[i % of.length]
    return [channel(base?.[0]), channel(base?.[1]), channel(base?.[2])] as Rgb
  })
}

const BANDS: Rgb[] = [
  [196, 60, 44],
  [36, 92, 180],
  [228, 196, 76],
  [44, 124, 60],
  [236, 236, 228]
]
const THREE: Rgb[] = [
  [200, 64, 40],
  [40, 80, 170],
  [30, 30, 34]
]

describe('The difference readout', () => {
  it.each([
    ['3 against 5', THREE, BANDS],
    ['5 against 3', BANDS, THREE],
    ['5 against 5', BANDS, colours(7, 5, BANDS)]
  ])('gives the figures of the best one-to-one pairing, %s', (_, a, b) => {
    const board = compare(imageColumn('a.png', a), imageColumn('b.png', b))
    const want = bestPairing(a, b)
    expect(board.readout).toMatchObject({ correct: want.correct, needed: b.length, sizeA: a.length, sizeB: b.length, pairs: Math.min(a.length, b.length) })
    expect(board.readout?.meanDeltaE00).toBeCloseTo(want.meanDeltaE00, 9)
  })

  it('pairs every swatch of imported palettes larger than 8, not only their first 8', () => {
    // The same twelve colours, in the opposite order: every swatch has its twin.
    const twelve = colours(3, 12)
    const board = compare(importedColumn('brand.gpl', twelve), importedColumn('brand-reversed.gpl', [...twelve].reverse()))
    expect(board.readout).toMatchObject({ correct: 12, needed: 12, meanDeltaE00: 0, pairs: 12 })
  })

  it.each([
    ['9 against 9', colours(11, 9), colours(12, 9, colours(11, 9))],
    ['3 against 20', colours(21, 3), colours(22, 20)],
    ['30 against 4', colours(31, 30), colours(32, 4, colours(31, 30).slice(5))],
    ['12 against 6, half of them near', colours(41, 12), [...colours(42, 3, colours(41, 12)), ...colours(43, 3)]]
  ])('matches the best pairing found by trying every one, %s', (_, a, b) => {
    const want = bestPairing(a, b)
    const board = compare(importedColumn('a.gpl', a), importedColumn('b.gpl', b))
    expect(board.readout).toMatchObject({ correct: want.correct, needed: b.length })
    expect(board.readout?.meanDeltaE00).toBeCloseTo(want.meanDeltaE00, 9)
    expect(scorePalette(a, b).correct).toBe(want.correct) // the CLI's and the evaluation's scorer too
  })

  it('gives no figures for a palette with no colours (a transparent image), and does not pick one', () => {
    const board = new Board()
    const clear = new BoardColumn({ name: 'clear.png', kind: 'image' })
    clear.setPalettes([palette('median-cut', []), palette('kmeans', [])])
    const [a, b] = [imageColumn('a.png', THREE), imageColumn('b.png', BANDS)]
    for (const column of [clear, a, b]) board.add(column)
    // The first palettes with colours are compared, not the transparent image's.
    expect([board.compareA?.column, board.compareB?.column]).toEqual([a.id, b.id])
    expect(board.readout).not.toBeNull()
    board.compareA = { column: clear.id, kind: 'median-cut' }
    expect(board.readout).toBeNull()
  })

  it('names an imported column’s palette the imported palette, an image’s or frame’s your palette', () => {
    expect(paletteName('edited', 'imported')).toBe('imported palette')
    expect(paletteName('edited', 'image')).toBe('your palette')
    expect(paletteName('edited', 'frame')).toBe('your palette')
    expect(paletteName('kmeans', 'image')).toBe('k-means')
    expect(paletteName('median-cut', 'frame')).toBe('median cut')
  })
})
