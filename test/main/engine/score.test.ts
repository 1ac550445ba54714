import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Rgb } from '../../../src/shared/palette'
import { accuracyAt, scorePalette, truthDeltaE00 } from '../../../src/main/engine/score'
import { bestPairing, deltaE00 } from '../../tools/best-pairing'

const rgb = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
const palette = fc.array(rgb, { minLength: 1, maxLength: 5 })

describe('scorePalette (the paper metric)', () => {
  it('a palette scores perfectly against itself in any order', () => {
    fc.assert(
      fc.property(palette.chain((p) => fc.tuple(fc.constant(p), fc.shuffledSubarray(p, { minLength: p.length }))), ([truth, shuffled]) => {
        const score = scorePalette(shuffled, truth)
        expect(score.correct).toBe(truth.length)
        expect(score.needed).toBe(truth.length)
        expect(score.meanDeltaE00).toBeCloseTo(0, 9)
      })
    )
  })

  it('counts ±15 per channel as correct and ±16 as wrong', () => {
    const truth: Rgb[] = [[100, 100, 100]]
    expect(scorePalette([[115, 85, 115]], truth).correct).toBe(1)
    expect(scorePalette([[116, 100, 100]], truth).correct).toBe(0)
  })

  it('matches one to one so that the most swatches are correct', () => {
    // Greedy nearest-first would give A to a1 (exact) and leave b with nothing close.
    const truth: Rgb[] = [[100, 100, 100], [112, 100, 100]]
    const pred: Rgb[] = [[100, 100, 100], [90, 100, 100]]
    expect(scorePalette(pred, truth).correct).toBe(2)
    // Each predicted swatch counts once, even when it is close to two truth swatches.
    expect(scorePalette([[106, 100, 100]], truth)).toMatchObject({ correct: 1, needed: 2 })
  })

  it('breaks ties in the count by the lowest mean CIEDE2000', () => {
    const truth: Rgb[] = [[0, 0, 0], [255, 255, 255]]
    const pred: Rgb[] = [[250, 250, 250], [5, 5, 5]]
    const score = scorePalette(pred, truth)
    expect(score.correct).toBe(2)
    expect(score.meanDeltaE00).toBeLessThan(3)
  })

  it('handles ground truths of 3 or 4 swatches (median cut empty boxes)', () => {
    const truth: Rgb[] = [[10, 10, 10], [200, 10, 10], [10, 200, 10]]
    const pred: Rgb[] = [[12, 12, 12], [201, 12, 8], [10, 190, 20], [0, 0, 255], [255, 255, 0]]
    expect(scorePalette(pred, truth)).toMatchObject({ correct: 3, needed: 3 })
  })

  it('never reports more correct than either palette has, and mean ΔE00 is finite and ≥ 0', () => {
    fc.assert(
      fc.property(palette, palette, (pred, truth) => {
        const s = scorePalette(pred, truth)
        expect(s.correct).toBeLessThanOrEqual(Math.min(pred.length, truth.length))
        expect(s.meanDeltaE00).toBeGreaterThanOrEqual(0)
        expect(Number.isFinite(s.meanDeltaE00)).toBe(true)
      })
    )
  })
})


describe('scorePalette finds the best matching', () => {
  it('the same as trying every matching, for palettes of up to 7 swatches', () => {
    // Colours near each other, so that matchings compete.
    const near = fc.tuple(fc.integer({ min: 90, max: 150 }), fc.integer({ min: 90, max: 150 }), fc.integer({ min: 90, max: 150 }))
    fc.assert(
      fc.property(fc.array(near, { minLength: 1, maxLength: 7 }), fc.array(near, { minLength: 1, maxLength: 7 }), (pred, truth) => {
        const score = scorePalette(pred, truth)
        const want = bestPairing(pred, truth)
        expect(score.correct).toBe(want.correct)
        expect(score.meanDeltaE00).toBeCloseTo(want.meanDeltaE00, 9)
      }),
      { numRuns: 300 }
    )
  })

  it('scores palettes of any size whole (an imported swatch file of 256)', () => {
    const many: Rgb[] = Array.from({ length: 256 }, (_, i) => [i, 255 - i, (i * 7) % 256])
    expect(scorePalette([...many].reverse(), many)).toEqual({ correct: 256, needed: 256, meanDeltaE00: 0 })
  })
})

describe('accuracyAt', () => {
  it('is the share of images with at least n correct, or all when the truth has fewer', () => {
    const scores = [
      { correct: 5, needed: 5, meanDeltaE00: 1 },
      { correct: 4, needed: 5, meanDeltaE00: 1 },
      { correct: 3, needed: 3, meanDeltaE00: 1 }, // all of a 3-swatch truth: counts for @4 and @5
      { correct: 2, needed: 5, meanDeltaE00: 1 }
    ]
    expect([3, 4, 5].map((n) => accuracyAt(scores, n))).toEqual([0.75, 0.75, 0.5])
    expect(accuracyAt([], 3)).toBe(0)
  })
})

describe('truthDeltaE00 (the evaluation’s mean CIEDE2000, over the ground truth)', () => {
  const truth: Rgb[] = [
    [200, 30, 30],
    [30, 200, 30],
    [30, 30, 200],
    [240, 240, 240],
    [10, 10, 10]
  ]

  it('a shorter prediction cannot leave its worst miss out: each unmatched truth swatch costs its distance to the nearest prediction', () => {
    const pred: Rgb[] = truth.slice(0, 4) // the black swatch missed
    const nearest = Math.min(...pred.map((p) => deltaE00(p, [10, 10, 10])))
    expect(truthDeltaE00(pred, truth)).toBeCloseTo(nearest / 5, 9)
    // The pairs' mean (the board's readout) leaves it out, and reads 0.
    expect(scorePalette(pred, truth).meanDeltaE00).toBe(0)
  })

  it('one swatch against five, or none, is far from perfect', () => {
    expect(truthDeltaE00([[0, 0, 0]], truth)).toBeGreaterThan(30)
    expect(truthDeltaE00([], truth)).toBe(100)
    expect(truthDeltaE00([], [])).toBe(0)
  })

  it('equals the pairs’ mean when the prediction has a partner for every truth swatch', () => {
    fc.assert(
      fc.property(palette, palette, (a, b) => {
        const [pred, t] = a.length >= b.length ? [a, b] : [b, a]
        expect(truthDeltaE00(pred, t)).toBeCloseTo(scorePalette(pred, t).meanDeltaE00, 9)
      })
    )
  })
})
