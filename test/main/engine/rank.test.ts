import { describe, expect, it } from 'vitest'
import { rankingCensus, rankSwatches, swatchPopulations } from '../../../src/main/engine/rank'
import { makeSwatch } from '../../../src/main/engine/swatch'
import { bands } from './helpers'

const img = rankingCensus(
  bands(10, [
    { rgb: [200, 40, 40], rows: 2 },
    { rgb: [40, 40, 200], rows: 6 },
    { rgb: [40, 200, 40], rows: 4 },
    { rgb: [250, 0, 250], rows: 20, alpha: 100 }
  ])
)

describe('rankSwatches (paper §2.2, 16-bin RGB histogram)', () => {
  it('puts the colour that represents most pixels first, ignoring see-through pixels', () => {
    const swatches = [makeSwatch([205, 45, 35], 0), makeSwatch([45, 205, 35], 0), makeSwatch([35, 45, 205], 0)]
    const ranked = rankSwatches(img, swatches)
    expect(ranked.map((s) => s.hex)).toEqual(['#232dcd', '#2dcd23', '#cd2d23'])
    expect(ranked.map((s) => s.share)).toEqual([0.5, 4 / 12, 2 / 12])
  })

  it('credits each histogram bin to its nearest swatch only', () => {
    // Two swatches near blue: the nearer takes all blue pixels, the other none.
    const swatches = [makeSwatch([60, 60, 180], 0), makeSwatch([40, 40, 205], 0), makeSwatch([200, 40, 40], 0)]
    expect(swatchPopulations(img, swatches)).toEqual([40, 60, 20])
  })

  it('is stable: equal populations keep their input order, and the input is not changed', () => {
    const swatches = [makeSwatch([1, 1, 1], 0.3), makeSwatch([2, 2, 2], 0.7), makeSwatch([128, 128, 128], 0)]
    const grey = rankingCensus(bands(2, [{ rgb: [128, 128, 128], rows: 1 }]))
    // Grey takes every pixel; the two unused swatches tie at 0 and stay in their given order.
    expect(rankSwatches(grey, swatches).map((s) => s.rgb[0])).toEqual([128, 1, 2])
    expect(swatches[0].share).toBe(0.3)
    const none = rankSwatches(rankingCensus(bands(2, [{ rgb: [0, 0, 0], rows: 1, alpha: 0 }])), swatches)
    expect(none.map((s) => [s.rgb[0], s.share])).toEqual([[1, 0], [2, 0], [128, 0]])
  })

  it('gives each swatch its ranking population as its share, whatever share the method gave it', () => {
    // Median cut's box counts or k-means' clusters would put 0.6 first; the list shows populations.
    const swatches = [makeSwatch([205, 45, 35], 0.6), makeSwatch([45, 205, 35], 0.1), makeSwatch([35, 45, 205], 0.3)]
    const ranked = rankSwatches(img, swatches)
    expect(ranked.map((s) => s.hex)).toEqual(['#232dcd', '#2dcd23', '#cd2d23'])
    const [red, green, blue] = swatchPopulations(img, swatches)
    expect(ranked.map((s) => s.share)).toEqual([blue / 120, green / 120, red / 120])
  })

  it('splits a bin that holds two swatches’ colours pixel by pixel, so neither takes the other’s region', () => {
    // #808080 and #8e8e8e fall in one 16-level bin: given whole to the swatch nearest its mean,
    // #808080 would take 75 % and #8e8e8e show 0 % beside it.
    const greys = rankingCensus(
      bands(64, [
        { rgb: [0x80, 0x80, 0x80], rows: 32 },
        { rgb: [0x8e, 0x8e, 0x8e], rows: 16 },
        { rgb: [0x20, 0xa0, 0x20], rows: 16 }
      ])
    )
    const swatches = [makeSwatch([0x8e, 0x8e, 0x8e], 0), makeSwatch([0x20, 0xa0, 0x20], 0), makeSwatch([0x80, 0x80, 0x80], 0)]
    expect(swatchPopulations(greys, swatches)).toEqual([16 * 64, 16 * 64, 32 * 64])
    const ranked = rankSwatches(greys, swatches)
    expect(ranked.map((s) => [s.hex, s.share])).toEqual([['#808080', 0.5], ['#8e8e8e', 0.25], ['#20a020', 0.25]])
  })

  it('gives a pixel of a shared bin equally near two swatches to the earlier one', () => {
    const mid = rankingCensus(bands(4, [{ rgb: [100, 100, 100], rows: 1 }]))
    const swatches = [makeSwatch([98, 100, 100], 0), makeSwatch([102, 100, 100], 0)]
    expect(swatchPopulations(mid, swatches)).toEqual([4, 0])
  })
})
