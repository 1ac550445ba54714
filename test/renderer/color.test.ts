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
  readColor,
  readColors,
  rgbToHex,
  rgbToHsl,
  rgbToOklch,
  rgbToYCbCr,
  wrapHue
} from '../../src/renderer/src/lib/color'

const rgb = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)) as fc.Arbitrary<Rgb>

describe('colour fields', () => {
  it('HEX, HSL and OKLCH numbers shown for a colour give that colour back, not one a step away', () => {
    // Committing a field sends the other two as shown: #00dcdc's OKLCH at 4 decimals was #01dcdc.
    for (const c of [[0, 220, 220], [0, 195, 200], [0, 230, 25]] as Rgb[]) expect(oklchToRgb(rgbToOklch(c)), rgbToHex(c)).toEqual(c)
    fc.assert(
      fc.property(rgb, (c) => {
        expect(parseColor(rgbToHex(c))).toEqual([...c])
        expect(hslToRgb(rgbToHsl(c))).toEqual([...c])
        expect(oklchToRgb(rgbToOklch(c))).toEqual([...c])
      }),
      { numRuns: 3000 }
    )
  })

  it('accepts hex without # and short hex, refuses nonsense', () => {
    expect(parseColor('ff8000')).toEqual([255, 128, 0])
    expect(parseColor('#f80')).toEqual([255, 136, 0])
    expect(parseColor('not a colour')).toBeUndefined()
  })

  it('takes hex in any case and with spaces around, and CSS colours', () => {
    for (const [text, expected] of [
      ['ABCDEF', [171, 205, 239]],
      [' #abcdef ', [171, 205, 239]],
      ['#abcdefff', [171, 205, 239]],
      ['rgb(1, 2, 3)', [1, 2, 3]],
      ['hsl(120, 50%, 50%)', [64, 191, 64]],
      ['rebeccapurple', [102, 51, 153]]
    ] as const)
      expect(readColor(text), text).toMatchObject({ rgb: expected })
  })

  it('takes CSS colours in capitals, as some tools write them', () => {
    for (const [text, expected] of [
      ['RGB(1, 2, 3)', [1, 2, 3]],
      ['HSL(120DEG 50% 50%)', [64, 191, 64]],
      ['OKLCH(0.6 0.1 30)', parseColor('oklch(0.6 0.1 30)')],
      ['RebeccaPurple', [102, 51, 153]]
    ] as const)
      expect(readColor(text), text).toMatchObject({ rgb: expected })
  })

  it('takes the colour of a CSS declaration or a quoted string copied from code', () => {
    for (const text of ['#abcdef;', 'color: #ABCDEF;', '  background-color:#abcdef ;\n', '--brand: #abcdef;', '"#abcdef",', "'abcdef'"])
      expect(readColor(text), text).toMatchObject({ rgb: [171, 205, 239] })
    expect(readColor('rgb(1 2 3);')).toEqual({ rgb: [1, 2, 3] })
    expect(readColor('#12345;')).toEqual({ problem: 'Not a hex code: #12345; (3 or 6 digits)' })
  })

  it('takes the colour of an SCSS or Less variable copied from a stylesheet', () => {
    for (const text of ['$brand: #abcdef;', '@brand: #abcdef;', '$brand_primary:#abcdef', '  @brand-2 : #ABCDEF ;\n'])
      expect(readColor(text), text).toMatchObject({ rgb: [171, 205, 239] })
    expect(readColors('$a: #264653;\n$b: rgb(42, 157, 143);')).toEqual({ colors: [[0x26, 0x46, 0x53], [0x2a, 0x9d, 0x8f]] })
    expect(readColors('@a: #264653;\n@b: #2a9d8f;')).toEqual({ colors: [[0x26, 0x46, 0x53], [0x2a, 0x9d, 0x8f]] })
  })

  it('reads a palette pasted as text: lines, commas, spaces, Coolors\' array, CSS custom properties', () => {
    const five: Rgb[] = [[0x26, 0x46, 0x53], [0x2a, 0x9d, 0x8f], [0xe9, 0xc4, 0x6a], [0xf4, 0xa2, 0x61], [0xe7, 0x6f, 0x51]]
    for (const text of [
      '#264653\n#2a9d8f\n#e9c46a\n#f4a261\n#e76f51\n', // Copy Palette
      '#264653, #2a9d8f, #e9c46a, #f4a261, #e76f51',
      '264653,2a9d8f,e9c46a,f4a261,e76f51',
      '["264653","2a9d8f","e9c46a","f4a261","e76f51"]',
      '264653 2a9d8f e9c46a f4a261 e76f51',
      ':root {\n  --a: #264653;\n  --b: #2a9d8f;\n  --c:#e9c46a;\n  --d: #F4A261;\n  --e: rgb(231, 111, 81);\n}'
    ])
      expect(readColors(text), text).toEqual({ colors: five })
    expect(readColors('rgb(1, 2, 3)')).toEqual({ colors: [[1, 2, 3]] })
    expect(readColors('hsl(0 0% 0%), rgb(255 255 255)')).toEqual({ colors: [[0, 0, 0], [255, 255, 255]] })
  })

  it('refuses a pasted palette whole, naming its first part that is not a colour', () => {
    expect(readColors('#264653\n#2a9d8g\nbanana')).toEqual({ problem: 'Not a colour: #2a9d8g' })
    expect(readColors('#264653, #2a9d8')).toEqual({ problem: 'Not a hex code: #2a9d8 (3 or 6 digits)' })
    expect(readColors('#264653 #00000080')).toEqual({ problem: 'Swatches are opaque: #00000080 is 50% transparent; #000000 without it' })
  })

  it('refuses a colour with transparency, saying how transparent and what it is without it', () => {
    // A swatch is opaque: #abcdef80 was taken as #abcdef and 'transparent' as black, without a word.
    expect(parseColor('#abcdef80')).toBeUndefined()
    expect(parseColor('transparent')).toBeUndefined()
    expect(parseColor('hsl(0 0% 50% / 0.5)')).toBeUndefined()
    expect(readColor('#abcdef80')).toEqual({ problem: 'Swatches are opaque: #abcdef80 is 50% transparent; #abcdef without it' })
    expect(readColor('transparent')).toEqual({ problem: 'Swatches are opaque: transparent is 100% transparent' })
  })

  it('says why text is not a colour: a hex code of the wrong length, or anything else', () => {
    expect(readColor('#12345')).toEqual({ problem: 'Not a hex code: #12345 (3 or 6 digits)' })
    expect(readColor(' garbage ')).toEqual({ problem: 'Not a colour: garbage' })
    const pasted = 'x'.repeat(5000)
    const said = readColor(pasted)
    expect('problem' in said && said.problem.length).toBeLessThan(150)
  })

  it('shortens long text it quotes without cutting an emoji in two', () => {
    // The emoji is the 99th and 100th units: the first 99 held half of it, which shows as garbage.
    const notes = 'Palette notes '.repeat(7)
    expect(readColor(`${notes}🎨 for spring`)).toEqual({ problem: `Not a colour: ${notes.trimEnd()}…` })
  })

  it('a CSS colour outside sRGB gets the colour the OKLCH fields give it: its lightness and hue kept', () => {
    // It was clipped channel by channel (oklch(0.7 0.4 140) was #00cd00, the fields' #3abd00).
    expect(parseColor('oklch(0.7 0.4 140)')).toEqual(oklchToRgb({ l: 0.7, c: 0.4, h: 140 }))
    const p3 = rgbToOklch(parseColor('color(display-p3 0 1 0)') ?? [0, 0, 0])
    expect(p3.l).toBeCloseTo(0.8488, 2) // display-p3 green's OKLCH lightness and hue
    expect(Math.abs(p3.h - 145.64)).toBeLessThan(2)
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

describe('hues', () => {
  it('a hue inside the circle stays as typed, with no float noise; one outside turns round', () => {
    // ((259.43 % 360) + 360) % 360 is 259.43000000000006: the OKLCH H field showed it after an L edit.
    expect([259.43, 233.17, 0, 359.99].map(wrapHue)).toEqual([259.43, 233.17, 0, 359.99])
    expect([370, -30, -0.57, 360, 619.43].map(wrapHue)).toEqual([10, 330, 359.43, 0, 259.43])
  })

  it('hsl() and oklch() text give their numbers as typed, read back as the fields’ own are', () => {
    expect(readColor('hsl(200 50% 50%)')).toEqual({ rgb: hslToRgb({ h: 200, s: 50, l: 50 }), typed: { hsl: { h: 200, s: 50, l: 50 } } })
    expect(readColor('hsl(200, 57.3%, 50%)')).toMatchObject({ typed: { hsl: { h: 200, s: 57.3, l: 50 } } })
    expect(readColor('oklch(0.5 0.1 259.43)')).toMatchObject({ typed: { oklch: { l: 0.5, c: 0.1, h: 259.43 } } })
    // Out of range, HSL is clamped as CSS clamps it: no numbers a field could not show.
    expect(readColor('hsl(200 150% 50%)')).not.toHaveProperty('typed')
    expect(readColor('#3a7bd5')).not.toHaveProperty('typed')
  })
})
