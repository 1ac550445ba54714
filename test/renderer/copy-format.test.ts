// Copy's formats: every one reads back through the app's own paste to the same 8-bit colours, and
// the choice is remembered only when storage holds a format the app knows.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Rgb } from '../../src/shared/palette'
import { readColors, rgbToHex } from '../../src/renderer/src/lib/color'
import { COPY_FORMATS, copyLines, loadCopyFormat, saveCopyFormat, type CopyFormat } from '../../src/renderer/src/lib/copy-format'

const rgb = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)) as fc.Arbitrary<Rgb>
const swatch = fc.record({ rgb, name: fc.string({ unit: 'grapheme', maxLength: 12 }), named: fc.boolean() })
const format = fc.constantFrom(...(Object.keys(COPY_FORMATS) as CopyFormat[]))

describe('copy formats', () => {
  it('a swatch and a palette copied in any format paste back as the same colours', () => {
    fc.assert(
      fc.property(fc.array(swatch, { minLength: 1, maxLength: 6 }), format, (swatches, f) => {
        const lines = copyLines(swatches, f)
        expect(readColors(lines.join('\n'))).toEqual({ colors: swatches.map((s) => s.rgb) })
        expect(readColors(lines[0])).toEqual({ colors: [swatches[0].rgb] })
      }),
      { numRuns: 2000 }
    )
  })

  it('writes each format as CSS does', () => {
    const s = [{ rgb: [196, 60, 44] as Rgb, name: '#c43c2c', named: false }]
    expect(Object.keys(COPY_FORMATS).map((f) => copyLines(s, f as CopyFormat)[0])).toEqual([
      '#c43c2c',
      'rgb(196 60 44)',
      'hsl(6.3 63.3% 47.1%)',
      'oklch(0.5535 0.1753 30.19)',
      '--palette-1: #c43c2c;'
    ])
  })

  it('names CSS variables as the CSS export does: by the swatch’s name, palette-<n> without one, never twice the same', () => {
    const swatches = [
      { rgb: [1, 2, 3] as Rgb, name: 'Brick red — «primary»', named: true },
      { rgb: [4, 5, 6] as Rgb, name: '#040506', named: false },
      { rgb: [7, 8, 9] as Rgb, name: 'Brick red: primary!', named: true },
      { rgb: [9, 9, 9] as Rgb, name: '日本の空', named: true }
    ]
    expect(copyLines(swatches, 'css')).toEqual([
      '--brick-red-primary: #010203;',
      `--palette-2: ${rgbToHex([4, 5, 6])};`,
      '--brick-red-primary-2: #070809;',
      '--日本の空: #090909;'
    ])
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
