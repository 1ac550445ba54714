import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { wcagContrast } from 'culori'
import type { Rgb } from '../../src/shared/palette'
import {
  hslToRgb,
  inkFor,
  nudgeLightness,
  oklchToRgb,
  parseColor,
  rgbToHex,
  rgbToHsl,
  rgbToOklch,
  rgbToYCbCr
} from '../../src/renderer/src/lib/color'

const rgb = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)) as fc.Arbitrary<Rgb>

describe('colour fields', () => {
  it('HEX, HSL and OKLCH round-trip every sRGB colour to within one step', () => {
    fc.assert(
      fc.property(rgb, (c) => {
        expect(parseColor(rgbToHex(c))).toEqual([...c])
        for (const back of [hslToRgb(rgbToHsl(c)), oklchToRgb(rgbToOklch(c))])
          back.forEach((v, i) => expect(Math.abs(v - c[i])).toBeLessThanOrEqual(1))
      }),
      { numRuns: 3000 }
    )
  })

  it('accepts hex without # and short hex, refuses nonsense', () => {
    expect(parseColor('ff8000')).toEqual([255, 128, 0])
    expect(parseColor('#f80')).toEqual([255, 136, 0])
    expect(parseColor('not a colour')).toBeUndefined()
  })

  it('an out-of-gamut OKLCH colour keeps its lightness and hue', () => {
    const vivid = rgbToOklch(oklchToRgb({ l: 0.7, c: 0.4, h: 140 }))
    expect(vivid.l).toBeCloseTo(0.7, 1)
    expect(Math.abs(vivid.h - 140)).toBeLessThan(3)
  })

  it('nudging lightness keeps Cb and Cr wherever the result stays in gamut', () => {
    fc.assert(
      fc.property(rgb, fc.constantFrom<1 | -1>(1, -1), (c, d) => {
        const before = rgbToYCbCr(c)
        const after = rgbToYCbCr(nudgeLightness(c, d))
        const unclamped = nudgeLightness(c, d).every((v) => v > 0 && v < 255)
        if (unclamped) {
          expect(Math.abs(after.cb - before.cb)).toBeLessThan(1.5)
          expect(Math.abs(after.cr - before.cr)).toBeLessThan(1.5)
          expect(Math.sign(after.y - before.y)).toBe(d)
        }
      })
    )
  })
})

describe('text on a swatch', () => {
  const contrast = (ink: string, c: Rgb): number => wcagContrast(ink, rgbToHex(c))

  it('is dark on bright greens and cyans, where light text would be unreadable', () => {
    for (const c of [[0, 232, 0], [0, 237, 6], [0, 190, 190]] as Rgb[]) expect(contrast(inkFor(c), c), rgbToHex(c)).toBeGreaterThan(4.5)
  })

  it('reaches WCAG AA (4.5:1) on every colour, mid-tones included', () => {
    for (const c of [[0x76, 0x76, 0x76], [0xbe, 0x14, 0xf5]] as Rgb[]) expect(contrast(inkFor(c), c), rgbToHex(c)).toBeGreaterThanOrEqual(4.5)
    fc.assert(
      fc.property(rgb, (c) => {
        expect(contrast(inkFor(c), c)).toBeGreaterThanOrEqual(4.5)
      }),
      { numRuns: 3000 }
    )
  })

  it('is whichever ink reads better on every colour', () => {
    const inks = [inkFor([0, 0, 0]), inkFor([255, 255, 255])]
    expect(new Set(inks).size).toBe(2)
    fc.assert(
      fc.property(rgb, (c) => {
        const best = Math.max(...inks.map((ink) => contrast(ink, c)))
        expect(contrast(inkFor(c), c)).toBe(best)
      }),
      { numRuns: 3000 }
    )
  })
})
