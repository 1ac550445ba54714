import { describe, expect, it } from 'vitest'
import { CELLS, cellOf, colourCells, FINE_CELLS, fineHistogram, generatorCells } from '../../../src/main/engine/histogram'
import { cellCounts } from '../../../src/main/engine/median-cut'
import { bands } from './helpers'

describe('colour cells (the generator’s exact colour statistics)', () => {
  it('gives the share of opaque pixels and their mean colour per 16×16×16 cell', () => {
    const img = bands(4, [
      { rgb: [200, 40, 40], rows: 1 },
      { rgb: [202, 44, 46], rows: 1 },
      { rgb: [10, 240, 10], rows: 2 },
      { rgb: [250, 0, 250], rows: 4, alpha: 100 }
    ])
    const { hist, cellrgb } = colourCells(img)
    const red = cellOf(200, 40, 40)
    const green = cellOf(10, 240, 10)
    expect(hist[red]).toBe(0.5)
    expect(hist[green]).toBe(0.5)
    expect(Array.from(cellrgb.subarray(3 * red, 3 * red + 3))).toEqual([201, 42, 43])
    expect(hist.reduce((a, b) => a + b, 0)).toBeCloseTo(1)
    expect(hist[cellOf(250, 0, 250)]).toBe(0)
  })

  it('fills empty cells with their centre and a transparent image with zero shares', () => {
    const { hist, cellrgb } = colourCells(bands(2, [{ rgb: [1, 2, 3], rows: 2, alpha: 0 }]))
    expect(hist.every((v) => v === 0)).toBe(true)
    expect(cellrgb).toHaveLength(CELLS * 3)
    expect(Array.from(cellrgb.subarray(3 * cellOf(255, 0, 17), 3 * cellOf(255, 0, 17) + 3))).toEqual([248, 8, 24])
  })

  it('gives a generator that takes hist_cells only the occupied cells, with their shares and colours', () => {
    const cells = colourCells(bands(4, [{ rgb: [200, 40, 40], rows: 1 }, { rgb: [10, 240, 10], rows: 3 }]))
    const subset = generatorCells(cells, true)
    expect(subset.hist.dims).toEqual([1, CELLS])
    expect(subset.hist_cells.dims).toEqual([1, 2])
    expect(subset.cellrgb.dims).toEqual([1, 2, 3])
    // grid order: the green cell (r 0) comes before the red one (r 12)
    expect(Array.from(subset.hist_cells.data)).toEqual([0.75, 0.25])
    expect(Array.from(subset.cellrgb.data, (v) => Math.round(v * 255))).toEqual([10, 240, 10, 200, 40, 40])
    const all = generatorCells(cells, false)
    expect(all.cellrgb.dims).toEqual([1, CELLS, 3])
    expect(all.hist_cells).toBeUndefined()
  })

  it('still gives one (empty) cell for a fully transparent image', () => {
    const subset = generatorCells(colourCells(bands(2, [{ rgb: [1, 2, 3], rows: 2, alpha: 0 }])), true)
    expect(subset.hist_cells.dims).toEqual([1, 1])
    expect(subset.hist_cells.data[0]).toBe(0)
  })

  it('gives the fine histogram on median cut’s 32×32×32 grid, opaque pixels only', () => {
    const img = bands(4, [
      { rgb: [200, 40, 40], rows: 1 },
      { rgb: [207, 47, 47], rows: 1 }, // the same 8-level cell
      { rgb: [208, 40, 40], rows: 2 }, // the next red slice: a cell of its own, unlike colourCells
      { rgb: [250, 0, 250], rows: 4, alpha: 100 }
    ])
    const { count, opaque } = cellCounts(img)
    expect(opaque).toBe(16)
    expect(count[(25 << 10) | (5 << 5) | 5]).toBe(8)
    expect(count.reduce((a, b) => a + b, 0)).toBe(16)
    const hist = fineHistogram(img)
    expect(hist).toHaveLength(FINE_CELLS)
    expect(hist[(25 << 10) | (5 << 5) | 5]).toBe(0.5)
    expect(hist[(26 << 10) | (5 << 5) | 5]).toBe(0.5)
    expect(hist[(31 << 10) | 31]).toBe(0)
    expect(fineHistogram(bands(2, [{ rgb: [1, 2, 3], rows: 2, alpha: 0 }])).every((v) => v === 0)).toBe(true)
  })
})
