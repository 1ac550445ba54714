import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readJson, writeJson } from '../../../src/main/formats/json'
import { rgbToHex, type NamedColour, type SwatchFile } from '../../../src/main/formats/swatch-file'
import { normaliseName } from '../../../src/shared/names'
import { isEngineError } from '../../../src/main/engine/errors'
import { swatchFileArb } from './arbitraries'
import { Film } from '../../../src/renderer/src/film/film.svelte'
import type { Palette } from '../../../src/shared/palette'

function expectBadFile(text: string, message: RegExp) {
  let caught: unknown
  try {
    readJson(text)
  } catch (error) {
    caught = error
  }
  expect(isEngineError(caught, 'BAD_SWATCH_FILE'), String(caught)).toBe(true)
  expect((caught as Error).message).toMatch(message)
}

function afterJson(file: SwatchFile): SwatchFile {
  const colour = ({ sourceModel: _drop, ...c }: NamedColour): NamedColour => ({ ...c, name: normaliseName(c.name) })
  return {
    ...(file.name === undefined ? {} : { name: normaliseName(file.name) }),
    loose: file.loose.map(colour),
    groups: file.groups.map((g) => ({ name: normaliseName(g.name), swatches: g.swatches.map(colour) }))
  }
}

describe('JSON swatch file', () => {
  it('writes the documented schema', () => {
    const text = writeJson({ name: 'Beach', loose: [], groups: [{ name: 'a.jpg', swatches: [{ name: 'Sand', rgb: [250, 200, 10], share: 0.5 }] }] })
    expect(JSON.parse(text)).toEqual({
      format: 'palette-studio-swatches',
      version: 1,
      name: 'Beach',
      swatches: [],
      groups: [{ name: 'a.jpg', swatches: [{ name: 'Sand', hex: '#fac80a', share: 0.5 }] }]
    })
  })

  it('round-trips any palette, shares and colour types included', () => {
    fc.assert(
      fc.property(swatchFileArb, (file) => {
        expect(readJson(writeJson(file))).toEqual(afterJson(file))
      }),
      { numRuns: 300 }
    )
  })

  it('cuts names over the reader’s 10,000-unit limit, at a whole character, so it reads its own files', () => {
    const long = 'a'.repeat(9_999) + '🎨' + 'b'.repeat(50)
    const back = readJson(writeJson({ name: long, loose: [{ name: long, rgb: [1, 2, 3] }], groups: [{ name: 'b'.repeat(20_000), swatches: [] }] }))
    expect(back.name).toBe('a'.repeat(9_999))
    expect(back.loose[0].name).toBe('a'.repeat(9_999))
    expect(back.groups[0].name).toBe('b'.repeat(10_000))
  })

  it('refuses to write more groups or colours than it reads, so a saved file always opens again', () => {
    const colour: NamedColour = { name: 'c', rgb: [1, 2, 3] }
    const groups = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `frame ${i}`, swatches: [colour] }))
    expect(readJson(writeJson({ loose: [], groups: groups(10_000) })).groups).toHaveLength(10_000)
    expect(() => writeJson({ loose: [], groups: groups(10_001) })).toThrow(/too large for a JSON swatch file/)
    expect(() => writeJson({ loose: Array(100_001).fill(colour), groups: [] })).toThrow(/too large/)
    expect(() => writeJson({ loose: [], groups: [{ name: 'g', swatches: Array(100_001).fill(colour) }] })).toThrow(/too large/)
  })

  it('accepts upper-case hex and ignores keys it does not know', () => {
    const text = JSON.stringify({ format: 'palette-studio-swatches', version: 1, future: true, swatches: [{ name: 'A', hex: '#ABCDEF', extra: 1 }], groups: [] })
    expect(readJson(text).loose).toEqual([{ name: 'A', rgb: [0xab, 0xcd, 0xef] }])
  })

  it('refuses text that is not JSON, another format, and colours that are not #rrggbb, saying where', () => {
    expectBadFile('{"format": ', /not valid UTF-8 JSON/)
    expectBadFile('{"format":"other","version":1,"swatches":[],"groups":[]}', /format/)
    expectBadFile('{"format":"palette-studio-swatches","version":1,"swatches":[{"name":"x","hex":"red"}],"groups":[]}', /swatches\.0\.hex: must be "#rrggbb"/)
    expectBadFile('{"format":"palette-studio-swatches","version":1,"swatches":[{"name":"x","hex":"#000000","share":2}],"groups":[]}', /share/)
    expectBadFile('[]', /top level/)
  })

  describe('the Film view’s strip JSON', () => {
    const paletteAt = (time: number): Palette => ({
      method: 'median-cut',
      swatches: ([[200, 10 * time, 5], [0, 0, 0]] as const).map((rgb, i) => ({ rgb, hex: rgbToHex(rgb), share: i ? 0.25 : 0.75 }))
    })

    /** A strip of `film` as the Film view saves it (File › Export JSON…). */
    async function stripOf(film: string): Promise<Film> {
      const strip = new Film()
      strip.open('blob:x', film)
      strip.duration = 4
      await strip.sample({ mode: 'frames', count: 2 }, async (time) => ({ time, palette: paletteAt(time), thumb: '' }))
      return strip
    }

    it('opens as its ASE export does: a group per frame named by the film and the time, the palette named after the film', async () => {
      const film = await stripOf('Sunset.2024.mp4')
      const file = readJson(film.stripJson())
      expect(file.name).toBe('Sunset.2024-strip')
      expect(file.groups.map((g) => g.name)).toEqual(['Sunset.2024 @ 00:01.000', 'Sunset.2024 @ 00:03.000'])
      // The very groups and title the strip's ASE and GPL exports are given, each swatch named by its hex code as they name it.
      expect(file).toEqual({
        name: film.stripName,
        loose: [],
        groups: film.groups().map((g) => ({ name: g.name, swatches: g.swatches.map((s) => ({ name: s.hex, rgb: s.rgb, share: s.share })) }))
      })
    })

    it('refuses a damaged strip, saying it is one and where it is damaged', async () => {
      const strip = JSON.parse((await stripOf('a.mp4')).stripJson())
      const damaged = (change: (doc: typeof strip) => void): string => {
        const doc = structuredClone(strip)
        change(doc)
        return JSON.stringify(doc)
      }
      expectBadFile(damaged((doc) => (doc.samples[1].swatches[0].hex = '#ffffff')), /damaged film strip, at samples\.1\.swatches\.0\.hex: hex must be the colour of rgb/)
      expectBadFile(damaged((doc) => (doc.samples[0].time = '00:01')), /damaged film strip, at samples\.0\.time/)
      expectBadFile(damaged((doc) => (doc.samples[0].swatches[1].rgb = [0, 0, 256])), /damaged film strip, at samples\.0\.swatches\.1\.rgb\.2/)
      expectBadFile(damaged((doc) => delete doc.samples), /damaged film strip, at samples:/)
      expectBadFile(damaged((doc) => delete doc.film), /damaged film strip, at film:/)
    })
  })
})
