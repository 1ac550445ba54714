import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { writeCss } from '../../../src/main/formats/css'
import { propertySlug } from '../../../src/shared/css-names'
import { allColours } from '../../../src/main/formats/swatch-file'
import { swatchFileArb } from './arbitraries'

describe('CSS custom properties', () => {
  it('writes loose colours as --palette-n and each group under its own slug, names as comments', () => {
    const css = writeCss({
      name: 'Beach */ trip',
      loose: [{ name: 'Paper', rgb: [255, 255, 255] }],
      groups: [
        { name: 'Beach – Frame 12.jpg', swatches: [{ name: 'Sand', rgb: [250, 200, 10] }, { name: '', rgb: [0, 0, 0] }] },
        { name: 'Beach – frame 12 JPG', swatches: [{ name: 'Sea', rgb: [7, 64, 200] }] }
      ]
    })
    expect(css).toBe(
      '/* Beach * / trip: Palette Studio */\n' +
        ':root {\n' +
        '  --palette-1: #ffffff; /* Paper */\n' +
        '  --beach-frame-12-jpg-1: #fac80a; /* Sand */\n' +
        '  --beach-frame-12-jpg-2: #000000;\n' +
        '  --beach-frame-12-jpg-2-1: #0740c8; /* Sea */\n' +
        '}\n'
    )
  })

  it('keeps "</style" in a name or title from closing the <style> element the CSS is pasted into', () => {
    const css = writeCss({ name: 'a </STYLE> b', loose: [{ name: '</style><p>leak</p>', rgb: [1, 2, 3] }], groups: [] })
    expect(css).not.toMatch(/<\/style/i)
    expect(css).toBe('/* a < /STYLE> b: Palette Studio */\n:root {\n  --palette-1: #010203; /* < /style><p>leak</p> */\n}\n')
  })

  it('gives every colour of any palette its own property, each on one line, names kept inside their comments', () => {
    fc.assert(
      fc.property(swatchFileArb, (file) => {
        const lines = writeCss(file).split('\n').slice(2, -2)
        const properties = lines.map((line) => /^ {2}(--(?:\u200c|\u200d|[-a-z0-9\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff\u203f\u2040\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\u{10000}-\u{10ffff}])+): #[0-9a-f]{6};(?: \/\*((?:(?!\*\/).)*)\*\/)?$/su.exec(line)?.[1])
        expect(properties).toHaveLength(allColours(file).length)
        expect(properties.every((p) => p !== undefined)).toBe(true)
        expect(new Set(properties).size).toBe(properties.length)
      }),
      { numRuns: 300 }
    )
  })

  it('names a group’s properties after its name in any script, never after its extension alone', () => {
    const css = writeCss({ loose: [], groups: [{ name: '日本語の写真.png (kmeans)', swatches: [{ name: '', rgb: [1, 2, 3] }] }] })
    expect(css).toContain('  --日本語の写真-png-kmeans-1: #010203;\n')
    expect(propertySlug('Ёлка – Été 😀 №5')).toBe('ёлка-ete-😀-no5')
    expect(propertySlug('ガラス × ☀')).toBe('ガラス')
    expect(propertySlug('👩‍🎨 art')).toBe('👩‍🎨-art')
    expect(propertySlug('٣ صور')).toBe('p-٣-صور')
    expect(propertySlug('Ça Île  Été!')).toBe('ca-ile-ete')
    expect(propertySlug('2024 film')).toBe('p-2024-film')
    expect(propertySlug('!?')).toBe('palette')
  })
})
