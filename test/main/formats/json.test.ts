import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readJson, writeJson } from '../../../src/main/formats/json'
import type { NamedColour, SwatchFile } from '../../../src/main/formats/swatch-file'
import { normaliseName } from '../../../src/shared/names'
import { isEngineError } from '../../../src/main/engine/errors'
import { swatchFileArb } from './arbitraries'

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
})
