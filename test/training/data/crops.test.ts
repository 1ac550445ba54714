import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_ASPECT, MIN_CROP_SIDE, cropCandidates, randomCrop } from '../../../training/data/crops'
import { mulberry32 } from '../../../src/main/engine/prng'

describe('random crops', () => {
  it('stay inside the image, with sides of at least 64 px and aspect within 1:3 … 3:1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 96, max: 4000 }), fc.integer({ min: 96, max: 4000 }), fc.integer(), (w, h, seed) => {
        fc.pre(Math.max(w, h) / Math.min(w, h) <= 4)
        const rand = mulberry32(seed)
        for (let i = 0; i < 20; i++) {
          const r = randomCrop(w, h, rand)
          if (!r) continue
          expect(r.x).toBeGreaterThanOrEqual(0)
          expect(r.y).toBeGreaterThanOrEqual(0)
          expect(r.x + r.w).toBeLessThanOrEqual(w)
          expect(r.y + r.h).toBeLessThanOrEqual(h)
          expect(Math.min(r.w, r.h)).toBeGreaterThanOrEqual(MIN_CROP_SIDE)
          expect(Math.max(r.w / r.h, r.h / r.w)).toBeLessThanOrEqual(MAX_ASPECT * 1.05)
        }
      })
    )
  })

  it('vary in size and aspect, so the largest colour region of the image is not always the answer', () => {
    const rand = mulberry32(7)
    const rects = Array.from({ length: 400 }, () => randomCrop(2000, 1500, rand)).filter((r) => r !== null)
    const areas = rects.map((r) => (r.w * r.h) / (2000 * 1500))
    expect(Math.min(...areas)).toBeLessThan(0.05)
    expect(Math.max(...areas)).toBeGreaterThan(0.6)
    expect(rects.some((r) => r.w / r.h > 2)).toBe(true)
    expect(rects.some((r) => r.h / r.w > 2)).toBe(true)
  })

  it('start with the whole image and repeat exactly for the same seed', () => {
    const a = [...cropCandidates(800, 600, mulberry32(42), 10)]
    const b = [...cropCandidates(800, 600, mulberry32(42), 10)]
    expect(a[0]).toEqual({ x: 0, y: 0, w: 800, h: 600 })
    expect(a).toEqual(b)
    expect([...cropCandidates(800, 600, mulberry32(43), 10)]).not.toEqual(a)
  })
})
