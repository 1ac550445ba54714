// Copy's formats: every one reads back through the app's own paste to the same 8-bit colours, CSS
// variables are the CSS export's own lines, and the choice is remembered only when storage holds a
// format the app knows.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Rgb } from '../../src/shared/palette'
import { readColors, rgbToHex } from '../../src/renderer/src/lib/color'
import { writeCss } from '../../src/main/formats/css'
import { Editor } from '../../src/renderer/src/lib/editor.svelte'
import { COPY_FORMATS, copyLines, loadCopyFormat, saveCopyFormat, type CopyFormat } from '../../src/renderer/src/lib/copy-format'

const rgb = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)) as fc.Arbitrary<Rgb>
// Names with comment ends, control characters and colours in them: a CSS line's comment must still read back as no colour.
const name = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('*/ #ff0000', 'red', '/* rgb(1 2 3)', 'a\nb', '</style>'))
const swatch = fc.record({ rgb, name })
const group = fc.string({ unit: 'grapheme', maxLength: 12 })
const format = fc.constantFrom(...(Object.keys(COPY_FORMATS) as CopyFormat[]))

describe('copy formats', () => {
  it('a swatch and a palette copied in any format paste back as the same colours', () => {
    fc.assert(
      fc.property(fc.array(swatch, { minLength: 1, maxLength: 6 }), format, group, (swatches, f, g) => {
        const lines = copyLines(swatches, f, g)
        expect(readColors(lines.join('\n'))).toEqual({ colors: swatches.map((s) => s.rgb) })
        expect(readColors(lines[0])).toEqual({ colors: [swatches[0].rgb] })
      }),
      { numRuns: 2000 }
    )
  })

  it('writes each format as CSS does', () => {
    const s = [{ rgb: [196, 60, 44] as Rgb, name: '#c43c2c' }]
    expect(Object.keys(COPY_FORMATS).map((f) => copyLines(s, f as CopyFormat, 'sunset')[0])).toEqual([
      '#c43c2c',
      'rgb(196 60 44)',
      'hsl(6.3 63.3% 47.1%)',
      'oklch(0.5535 0.1753 30.19)',
      '--sunset-1: #c43c2c; /* #c43c2c */'
    ])
  })

  it('copies as CSS variables the lines the CSS export writes for the palette as a group of that name', () => {
    fc.assert(
      fc.property(fc.array(swatch, { minLength: 1, maxLength: 6 }), group, (swatches, g) => {
        const css = writeCss({ name: 'any', loose: [], groups: [{ name: g, swatches: swatches.map((s) => ({ name: s.name, rgb: s.rgb })) }] })
        const exported = css.split('\n').filter((line) => line.startsWith('  --')).map((line) => line.slice(2))
        expect(copyLines(swatches, 'css', g)).toEqual(exported)
      }),
      { numRuns: 500 }
    )
    const swatches = [
      { rgb: [1, 2, 3] as Rgb, name: 'Brick red — «primary»' },
      { rgb: [4, 5, 6] as Rgb, name: rgbToHex([4, 5, 6]) }
    ]
    expect(copyLines(swatches, 'css', '日本の空 2024')).toEqual(['--日本の空-2024-1: #010203; /* Brick red — «primary» */', '--日本の空-2024-2: #040506; /* #040506 */'])
  })

  it('copies as HSL or OKLCH the numbers typed for a swatch, as its fields show them, and they paste back as its colour', () => {
    const e = new Editor()
    e.load({ method: 'median-cut', swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }, { rgb: [4, 5, 6], hex: '#040506', share: 0 }] })
    e.setOklch(0, { l: 0.7, c: 0.1, h: 200 })
    e.setHsl(1, { h: 30, s: 80, l: 40 })
    expect(copyLines(e.swatches, 'oklch', 'g')[0]).toBe('oklch(0.7 0.1 200)')
    expect(copyLines(e.swatches, 'hsl', 'g')[1]).toBe('hsl(30 80% 40%)')
    // Typed in the other space: the fields show the colour's own numbers, and so does the copy.
    const { l, c, h } = e.oklchOf(1)
    expect(copyLines(e.swatches, 'oklch', 'g')[1]).toBe(`oklch(${l} ${c} ${h})`)
    for (const f of ['hsl', 'oklch'] as const) {
      expect(readColors(copyLines(e.swatches, f, 'g').join('\n'))).toEqual({ colors: e.swatches.map((s) => s.rgb) })
    }
  })

  it('remembers the format chosen; anything else stored, or a storage that throws, gives HEX', () => {
    const store = new Map<string, string>()
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) }
    expect(loadCopyFormat(storage)).toBe('hex')
    saveCopyFormat(storage, 'oklch')
    expect(loadCopyFormat(storage)).toBe('oklch')
    for (const junk of ['toString', 'OKLCH', '"rgb"', '']) {
      store.set([...store.keys()][0], junk)
      expect(loadCopyFormat(storage)).toBe('hex')
    }
    const throwing = { getItem: (): string => { throw new Error('SecurityError') }, setItem: (): void => { throw new Error('QuotaExceeded') } }
    expect(loadCopyFormat(throwing)).toBe('hex')
    expect(() => saveCopyFormat(throwing, 'rgb')).not.toThrow()
    expect(loadCopyFormat(undefined)).toBe('hex')
  })
})
