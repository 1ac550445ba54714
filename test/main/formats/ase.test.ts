import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readAse, writeAse } from '../../../src/main/formats/ase'
import type { NamedColour, SwatchFile } from '../../../src/main/formats/swatch-file'
import { normaliseName } from '../../../src/shared/names'
import { isEngineError } from '../../../src/main/engine/errors'
import { colourArb, swatchFileArb } from './arbitraries'

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex')

// A loose spot colour "Ink" (51, 102, 153), then group "Sky" holding "é" (255, 204, 0, normal)
// and "🎨" (black, global). Written out by hand from the ASE 1.0 layout, not produced by our writer.
// Float32 big-endian: 1.0 = 3F800000, 0.8 = 3F4CCCCD, 0.6 = 3F19999A, 0.4 = 3ECCCCCD, 0.2 = 3E4CCCCD.
const KNOWN: SwatchFile = {
  loose: [{ name: 'Ink', rgb: [51, 102, 153], type: 'spot' }],
  groups: [
    {
      name: 'Sky',
      swatches: [
        { name: 'é', rgb: [255, 204, 0], type: 'normal' },
        { name: '🎨', rgb: [0, 0, 0], type: 'global' }
      ]
    }
  ]
}
const KNOWN_BYTES = hex(`
  41534546 0001 0000 00000005
  0001 0000001C  0004 0049 006E 006B 0000  52474220  3E4CCCCD 3ECCCCCD 3F19999A  0001
  C001 0000000A  0004 0053 006B 0079 0000
  0001 00000018  0002 00E9 0000            52474220  3F800000 3F4CCCCD 00000000  0002
  0001 0000001A  0003 D83C DFA8 0000       52474220  00000000 00000000 00000000  0000
  C002 00000000
`)

function expectBadFile(bytes: Buffer, message: RegExp) {
  let caught: unknown
  try {
    readAse(bytes)
  } catch (error) {
    caught = error
  }
  expect(isEngineError(caught, 'BAD_SWATCH_FILE'), String(caught)).toBe(true)
  expect((caught as Error).message).toMatch(message)
}

/** What a file looks like after an ASE round trip: names normalised, type defaulted, share dropped. */
function afterAse(file: SwatchFile): SwatchFile {
  const colour = (c: NamedColour): NamedColour => ({ name: normaliseName(c.name), rgb: c.rgb, type: c.type ?? 'global' })
  return {
    loose: file.loose.map(colour),
    groups: file.groups.map((g) => ({ name: normaliseName(g.name), swatches: g.swatches.map(colour) }))
  }
}

describe('ASE writer', () => {
  it('writes the exact bytes of the ASE 1.0 layout (header, groups, UTF-16BE names, float32 RGB, types)', () => {
    expect(writeAse(KNOWN).toString('hex')).toBe(KNOWN_BYTES.toString('hex'))
  })

  it('cuts an over-long name before a character that would not fit whole, not into U+FFFD', () => {
    const name = 'a'.repeat(65_533) + '🎨' + 'b'
    const back = readAse(writeAse({ loose: [{ name, rgb: [1, 2, 3] }], groups: [] }))
    expect(back.loose[0].name).toBe('a'.repeat(65_533))
  })

  it('writes an empty palette as a bare header with zero blocks', () => {
    expect(writeAse({ groups: [], loose: [] }).toString('hex')).toBe('41534546000100000000' + '0000')
  })
})

describe('ASE reader', () => {
  it('reads the hand-written file back into groups and loose colours', () => {
    expect(readAse(KNOWN_BYTES)).toEqual(KNOWN)
  })

  it('round-trips any palette: colours, names (normalised), groups and types survive', () => {
    fc.assert(
      fc.property(swatchFileArb, (file) => {
        expect(readAse(writeAse(file))).toEqual(afterAse(file))
      }),
      { numRuns: 300 }
    )
  })

  it('lists the colours whose values were outside 0..1 (RGB as 0..255, CMYK as percentages), clamped, and no others', () => {
    // 255 128 0 as RGB; CMYK 0 0 0 100 (%); a Lab red, whose a and b have no fixed range; an RGB within 0..1.
    const bytes = hex(`
      41534546 0001 0000 00000004
      0001 00000018 0002 0052 0000 52474220 437F0000 43000000 00000000 0002
      0001 0000001C 0002 004B 0000 434D594B 00000000 00000000 00000000 42C80000 0002
      0001 00000018 0002 004C 0000 4C414220 3F0A511A 42A1999A 428BCCCD 0002
      0001 00000018 0002 004F 0000 52474220 3F800000 3F000000 00000000 0002
    `)
    const file = readAse(bytes)
    expect(file.loose.map((c) => c.rgb)).toEqual([
      [255, 255, 0],
      [0, 0, 0],
      [254, 0, 0],
      [255, 128, 0]
    ])
    expect(file.clamped).toEqual([{ name: 'R' }, { name: 'K' }])
  })

  it('lists as clamped only the colours among the first maxColours of their group or of the loose ones, those an import keeps', () => {
    // Group "G": "A" in range, "H" and "P" as 0..255; then loose "L" as 0..255. Kept: 2 of each list.
    const bytes = hex(`
      41534546 0001 0000 00000006
      C001 00000006 0002 0047 0000
      0001 00000018 0002 0041 0000 52474220 3F800000 00000000 00000000 0002
      0001 00000018 0002 0048 0000 52474220 437F0000 43000000 00000000 0002
      0001 00000018 0002 0050 0000 52474220 437F0000 43000000 00000000 0002
      C002 00000000
      0001 00000018 0002 004C 0000 52474220 437F0000 43000000 00000000 0002
    `)
    const file = readAse(bytes, { maxColours: 2 })
    // Every colour is still read: the group's length tells the import how many it leaves out.
    expect(file.groups[0].swatches.map((c) => c.name)).toEqual(['A', 'H', 'P'])
    expect(file.clamped).toEqual([{ name: 'H' }, { name: 'L' }])
    expect(readAse(bytes).clamped).toEqual([{ name: 'H' }, { name: 'P' }, { name: 'L' }])
  })

  it('converts CMYK, LAB and Gray entries to sRGB for display and remembers their model', () => {
    const bytes = hex(`
      41534546 0001 0000 00000003
      0001 0000001C 0002 0043 0000 434D594B 00000000 3F800000 3F800000 00000000 0000
      0001 00000010 0002 0047 0000 47726179 3E4CCCCD 0002
      0001 00000018 0002 004C 0000 4C414220 3F000000 00000000 00000000 0001
    `)
    const file = readAse(bytes)
    expect(file.loose.map((c) => [c.name, c.rgb, c.sourceModel, c.type])).toEqual([
      ['C', [255, 0, 0], 'CMYK', 'global'],
      ['G', [51, 51, 51], 'Gray', 'normal'],
      // L* 50 neutral grey (D50) is sRGB 119.
      ['L', [119, 119, 119], 'LAB', 'spot']
    ])
  })

  it('reads names whose length counts characters, not UTF-16 units (ColorPaletteCodable, Python swatch)', () => {
    // Group "Été" written decomposed (E U+0301 t e U+0301) claims 3 graphemes + NUL = 4 units of its 6;
    // colour "🎨🎨" claims 2 graphemes + NUL = 3 units of its 5, splitting the second emoji.
    const bytes = hex(`
      41534546 0001 0000 00000003
      C001 0000000E  0004 0045 0301 0074 0065 0301 0000
      0001 0000001E  0003 D83C DFA8 D83C DFA8 0000  52474220  3F800000 00000000 00000000  0001
      C002 00000000
    `)
    expect(readAse(bytes)).toEqual({ loose: [], groups: [{ name: 'E\u0301te\u0301', swatches: [{ name: '🎨🎨', rgb: [255, 0, 0], type: 'spot' }] }] })
  })

  it('reads any name back whatever shorter length its writer claimed for it', () => {
    fc.assert(
      fc.property(colourArb, fc.nat(), (colour, seed) => {
        const bytes = writeAse({ loose: [colour], groups: [] })
        const units = bytes.readUInt16BE(18) // after the header and the colour's block header
        bytes.writeUInt16BE(seed % (units + 1), 18)
        expect(readAse(bytes).loose[0].name).toBe(normaliseName(colour.name))
      }),
      { numRuns: 300 }
    )
  })

  it('still reads a name whose length leaves out its NUL, or which has none', () => {
    const bytes = hex(`
      41534546 0001 0000 00000002
      0001 00000010  0001 0041 0000  47726179 3F800000 0002
      0001 00000016  0001 0042       52474220 00000000 00000000 00000000 0000
    `)
    expect(readAse(bytes).loose.map((c) => [c.name, c.rgb])).toEqual([
      ['A', [255, 255, 255]],
      ['B', [0, 0, 0]]
    ])
  })

  it('reads every colour of a file whose block count leaves out the group ends, and stops at trailing bytes', () => {
    const palette: SwatchFile = {
      groups: [
        { name: 'Sea', swatches: [{ name: 'Deep', rgb: [0, 40, 80] }, { name: 'Foam', rgb: [230, 240, 240] }] },
        { name: 'Sand', swatches: [{ name: 'Dune', rgb: [210, 180, 120] }] }
      ],
      loose: []
    }
    const bytes = writeAse(palette)
    // 2 group starts + 3 colours, without the 2 group ends, as some writers count.
    bytes.writeUInt32BE(5, 8)
    const withJunk = Buffer.concat([bytes, Buffer.from('trailing bytes of no block')])
    const read = readAse(withJunk)
    expect(read.groups.map((g) => [g.name, g.swatches.map((c) => c.name)])).toEqual([
      ['Sea', ['Deep', 'Foam']],
      ['Sand', ['Dune']]
    ])
  })

  it('skips block types it does not know, using their length', () => {
    const bytes = hex(`41534546 0001 0000 00000002  ABCD 00000003 010203
      0001 00000010 0002 0047 0000 47726179 3F800000 0002`)
    expect(readAse(bytes).loose).toEqual([{ name: 'G', rgb: [255, 255, 255], type: 'normal', sourceModel: 'Gray' }])
  })

  it('refuses a file without the ASEF signature', () => {
    expectBadFile(Buffer.from('GIMP Palette\nName: x\n'), /ASEF/)
    expectBadFile(Buffer.alloc(0), /ASEF/)
  })

  it('refuses an unknown version', () => {
    expectBadFile(hex('41534546 0002 0000 00000000'), /version 2\.0/)
  })

  it('refuses a huge block count at once, from the header, instead of looping or allocating', () => {
    // Nothing after the header: a reader that went on to its blocks would stop at the first one instead.
    expectBadFile(hex('41534546 0001 0000 FFFFFFFF'), /claims 4294967295 blocks/)
    // Empty blocks (6 bytes each) are the most a file can hold: one too many is refused before any is read.
    expectBadFile(hex('41534546 0001 0000 00000003 0001 00000000 0001 00000000'), /claims 3 blocks but has room for at most 2/)
  })

  it('refuses a block length that points past the end of the file', () => {
    expectBadFile(hex('41534546 0001 0000 00000001 0001 FFFFFFF0 0002 0047 0000'), /block 1's length runs past the end of the file/)
  })

  it('refuses a name length that points past the end of its block', () => {
    expectBadFile(hex('41534546 0001 0000 00000001 C001 00000004 FFFF 0041'), /a name runs past the end of block 1/)
  })

  it('reads a lone surrogate in a group or colour name (half an emoji) as U+FFFD and keeps the rest of the file', () => {
    const bytes = hex(`
      41534546 0001 0000 00000004
      C001 00000008  0003 D800 0041 0000
      0001 00000012  0003 0042 DC00 0000  47726179 3F800000 0002
      C002 00000000
      0001 00000012  0003 0043 0044 0000  47726179 00000000 0002
    `)
    expect(readAse(bytes)).toEqual({
      groups: [{ name: '\ufffdA', swatches: [{ name: 'B\ufffd', rgb: [255, 255, 255], type: 'normal', sourceModel: 'Gray' }] }],
      loose: [{ name: 'CD', rgb: [0, 0, 0], type: 'normal', sourceModel: 'Gray' }]
    })
  })

  it('refuses an odd number of name bytes (a half UTF-16 unit)', () => {
    expectBadFile(hex('41534546 0001 0000 00000001 C001 00000005 0002 0041 00'), /a name runs past the end of block 1/)
  })

  it('refuses an unknown colour model, colour type, or a NaN value', () => {
    expectBadFile(hex('41534546 0001 0000 00000001 0001 00000010 0002 0047 0000 48535620 3F800000 0002'), /unknown colour model "HSV"/)
    expectBadFile(hex('41534546 0001 0000 00000001 0001 00000010 0002 0047 0000 47726179 3F800000 0007'), /unknown colour type/)
    expectBadFile(hex('41534546 0001 0000 00000001 0001 00000010 0002 0047 0000 47726179 7FC00000 0002'), /not a number/)
  })

  it('refuses every truncated prefix of a valid file', () => {
    for (let n = 0; n < KNOWN_BYTES.length; n++) expectBadFile(KNOWN_BYTES.subarray(0, n), /ASE file cannot be read/)
  })

  it('either reads or refuses with BAD_SWATCH_FILE any corruption of a valid file, never anything else', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(KNOWN_BYTES.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (edits) => {
        const bytes = Buffer.from(KNOWN_BYTES)
        for (const [at, value] of edits) bytes[at] = value
        try {
          readAse(bytes)
        } catch (error) {
          expect(isEngineError(error, 'BAD_SWATCH_FILE'), String(error)).toBe(true)
        }
      }),
      { numRuns: 2000 }
    )
  })
})
