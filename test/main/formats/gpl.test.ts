import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readGpl, writeGpl } from '../../../src/main/formats/gpl'
import { allColours } from '../../../src/main/formats/swatch-file'
import { normaliseName } from '../../../src/shared/names'
import { isEngineError } from '../../../src/main/engine/errors'
import { swatchFileArb } from './arbitraries'

function expectBadFile(text: string | Buffer, message: RegExp) {
  let caught: unknown
  try {
    readGpl(text)
  } catch (error) {
    caught = error
  }
  expect(isEngineError(caught, 'BAD_SWATCH_FILE'), String(caught)).toBe(true)
  expect((caught as Error).message).toMatch(message)
}

describe('GPL writer', () => {
  it('writes the exact text GIMP writes: header, Name on line 2, Columns, comment, "%3d %3d %3d\\tname"', () => {
    const text = writeGpl({
      name: 'Sunset',
      loose: [{ name: 'Paper', rgb: [250, 245, 230] }],
      groups: [
        {
          name: 'beach.jpg',
          swatches: [
            { name: 'Orange', rgb: [255, 128, 0] },
            { name: '#000000', rgb: [0, 0, 0] },
            { name: 'Sea\tblue', rgb: [7, 64, 200] }
          ]
        }
      ]
    })
    expect(text).toBe(
      'GIMP Palette\n' +
        'Name: Sunset\n' +
        'Columns: 3\n' +
        '#\n' +
        '250 245 230\tPaper\n' +
        '# beach.jpg\n' +
        '255 128   0\tOrange\n' +
        '  0   0   0\t#000000\n' +
        '  7  64 200\tSea blue\n'
    )
  })

  it('always writes a Name line (Krita refuses files without one), even for an untitled palette', () => {
    expect(writeGpl({ groups: [], loose: [] }).split('\n').slice(0, 3)).toEqual(['GIMP Palette', 'Name: Palette Studio', 'Columns: 1'])
  })

  it('keeps every line within the 1,023 bytes Inkscape reads a line into, cutting long names at a whole character', () => {
    const kept = 'k'.repeat(1_010) // "%3d %3d %3d\t" + 1,010 bytes + newline: exactly 1,023
    const text = writeGpl({
      name: 'T'.repeat(5_000),
      loose: [
        { name: 'x'.repeat(10_000), rgb: [1, 2, 3] },
        { name: 'a'.repeat(1_009) + '😀b', rgb: [4, 5, 6] },
        { name: kept, rgb: [7, 8, 9] },
        { name: `${'c'.repeat(1_009)} é`, rgb: [10, 11, 12] }
      ],
      groups: [{ name: 'é'.repeat(3_000), swatches: [{ name: '日'.repeat(400), rgb: [13, 14, 15] }] }]
    })
    const lines = text.split('\n').slice(0, -1)
    expect(Math.max(...lines.map((line) => Buffer.byteLength(line) + 1))).toBe(1_023)
    expect(lines[1]).toBe(`Name: ${'T'.repeat(1_016)}`)
    expect(lines[8]).toBe(`# ${'é'.repeat(510)}`)
    expect(readGpl(text).loose.map((c) => c.name)).toEqual([
      'x'.repeat(1_010),
      'a'.repeat(1_009), // the emoji would not fit whole
      kept,
      'c'.repeat(1_009), // cut before "é", then trimmed
      '日'.repeat(336)
    ])
  })

  it('writes no file under the 50 bytes Krita refuses, even for an empty palette or one short colour', () => {
    const empty = writeGpl({ name: 'a', groups: [], loose: [] })
    expect(empty).toBe('GIMP Palette\nName: a\nColumns: 1\n#\n# Made with Palette Studio\n')
    expect(readGpl(empty)).toEqual({ name: 'a', groups: [], loose: [] })
    const one = writeGpl({ name: 'a', groups: [], loose: [{ name: '', rgb: [0, 0, 0] }] })
    expect(Buffer.byteLength(one)).toBeGreaterThanOrEqual(50)
    expect(readGpl(one).loose).toEqual([{ name: '', rgb: [0, 0, 0] }])
  })
})

describe('GPL reader', () => {
  it('reads the variations GIMP and others write: CRLF, BOM, no Columns, comments, blank lines, unnamed colours', () => {
    const text = '\ufeffGIMP Palette\r\nName: Old one\r\n# made by hand\r\n\r\n255   0   0\tRed\r\n  0 255   0 Green leaf\r\n  # indented comment\r\n0 0 255\r\n'
    expect(readGpl(Buffer.from(text))).toEqual({
      name: 'Old one',
      groups: [],
      loose: [
        { name: 'Red', rgb: [255, 0, 0] },
        { name: 'Green leaf', rgb: [0, 255, 0] },
        { name: '', rgb: [0, 0, 255] }
      ]
    })
  })

  it('round-trips any palette as a flat list of colours (GPL has no groups)', () => {
    fc.assert(
      fc.property(swatchFileArb, (file) => {
        const back = readGpl(writeGpl(file))
        expect(back.name).toBe(normaliseName(file.name ?? '') || 'Palette Studio')
        expect(back.groups).toEqual([])
        expect(back.loose).toEqual(allColours(file).map((c) => ({ name: normaliseName(c.name), rgb: c.rgb })))
      }),
      { numRuns: 300 }
    )
  })

  it('keeps a name with a Unicode line separator on its one line (found by the property above)', () => {
    const back = readGpl(writeGpl({ loose: [{ name: 'sea\u2028foam', rgb: [10, 20, 30] }], groups: [] }))
    expect(back.loose).toEqual([{ name: 'sea foam', rgb: [10, 20, 30] }])
  })

  it('reads names and a title that hold U+2028/U+2029, as other writers leave them', () => {
    const back = readGpl('GIMP Palette\nName: Sea\u2029Shore\n#\n 10  20  30\tsea\u2028foam\n')
    expect(back).toEqual({ name: 'Sea\u2029Shore', groups: [], loose: [{ name: 'sea\u2028foam', rgb: [10, 20, 30] }] })
  })

  it('reads Aseprite\'s "Channels: RGBA" palettes, dropping the alpha number before each name', () => {
    const text = 'GIMP Palette\nChannels: RGBA\n#\n  0   0   0   0 Transparent\n254  91  89 255 Red\n  1   2   3 128\n'
    expect(readGpl(text)).toEqual({
      groups: [],
      loose: [
        { name: 'Transparent', rgb: [0, 0, 0] },
        { name: 'Red', rgb: [254, 91, 89] },
        { name: '', rgb: [1, 2, 3] }
      ]
    })
  })

  it('refuses an RGBA line without its alpha, and a "Channels:" other than RGB or RGBA', () => {
    expectBadFile('GIMP Palette\nChannels: RGBA\n254 91 89\tRed\n', /line 3 \("254 91 89\tRed"\) is not four numbers 0–255 \(RGBA\)/)
    expectBadFile('GIMP Palette\nChannels: CMYK\n', /line 2 has a "Channels:" that is neither RGB nor RGBA/)
  })

  it('takes an empty "Name:" as no title, so the app names the palette after its file', () => {
    expect(readGpl('GIMP Palette\nName:   \nColumns: 1\n1 2 3\tA\n')).toStrictEqual({ groups: [], loose: [{ name: 'A', rgb: [1, 2, 3] }] })
  })

  it('refuses a file that does not start with "GIMP Palette"', () => {
    expectBadFile('JASC-PAL\n0100\n', /first line is not "GIMP Palette"/)
    expectBadFile('', /first line/)
  })

  it('refuses colour lines that are not three numbers', () => {
    expectBadFile('GIMP Palette\nName: x\n12 red 3\tBad\n', /line 3 \("12 red 3\tBad"\) is not three numbers/)
    expectBadFile('GIMP Palette\n1 2\n', /line 2/)
    expectBadFile('GIMP Palette\n1.5.2 2 3 x\n', /line 2/)
    expectBadFile('GIMP Palette\n1 - 3 x\n', /line 2/)
  })

  it('rounds the decimals some scripts write ("12.0", "34.6")', () => {
    expect(readGpl('GIMP Palette\n12.0 34.6 .4\tScripted\n').loose).toStrictEqual([{ name: 'Scripted', rgb: [12, 35, 0] }])
  })

  it('clamps values outside 0..255 as GIMP does, keeps the rest of the file, and lists the colours it clamped', () => {
    const text = 'GIMP Palette\n255 255 256\tSky\n1 2 3\tFine\n-3 0 1000\tSea\n300 0 0\nChannels: RGBA\n1 2 3 999\tOpaque\n'
    expect(readGpl(text)).toStrictEqual({
      groups: [],
      loose: [
        { name: 'Sky', rgb: [255, 255, 255] },
        { name: 'Fine', rgb: [1, 2, 3] },
        { name: 'Sea', rgb: [0, 0, 255] },
        { name: '', rgb: [255, 0, 0] },
        { name: 'Opaque', rgb: [1, 2, 3] }
      ],
      // Alpha is dropped, so a clamped alpha changes nothing the user sees.
      clamped: [
        { name: 'Sky', line: 2 },
        { name: 'Sea', line: 4 },
        { name: '', line: 5 }
      ]
    })
  })

  it('ignores a "Columns:" it cannot read (empty, "16.0"), as GIMP does, instead of refusing the palette', () => {
    const one = { groups: [], loose: [{ name: 'a', rgb: [1, 2, 3] }] }
    for (const columns of ['', '16.0', 'many']) expect(readGpl(`GIMP Palette\nColumns: ${columns}\n1 2 3 a\n`)).toEqual(one)
  })

  it('reads a file padded with NULs or ended with a DOS Ctrl-Z, and still refuses those inside it', () => {
    const one = { groups: [], loose: [{ name: 'a', rgb: [1, 2, 3] }] }
    expect(readGpl(Buffer.concat([Buffer.from('GIMP Palette\n1 2 3 a\n'), Buffer.alloc(8)]))).toEqual(one)
    expect(readGpl(Buffer.from('GIMP Palette\n1 2 3 a\n\x1a'))).toEqual(one)
    expectBadFile(Buffer.from('GIMP Palette\n1 2 3 a\n\0\0\n4 5 6 b\n'), /line 3/)
  })

  it('reads only the first maxColours colours, counting the rest, and still refuses a bad line among them', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `${i} 0 0\tC${i}`)
    const file = readGpl(`GIMP Palette\n# first\n${lines.slice(0, 5).join('\n')}\n\n# more\n${lines.slice(5).join('\r\n')}\n`, { maxColours: 3 })
    expect(file.loose.map((c) => c.name)).toEqual(['C0', 'C1', 'C2'])
    expect(file.leftOut).toBe(7)
    expect(readGpl(`GIMP Palette\n${lines.join('\n')}`, { maxColours: 10 })).not.toHaveProperty('leftOut')
    expect(() => readGpl(`GIMP Palette\n${lines.join('\n')}\n\n1 2 three\n`, { maxColours: 3 })).toThrow(/line 13 \("1 2 three"\)/)
  })

  it('decodes a large Latin-1 file a line at a time, and gives the right line number past the colours it reads', () => {
    const latin1 = Buffer.from(`GIMP Palette\n${'1 2 3\tCaf\xe9\n'.repeat(1000)}\n\nx\n`, 'latin1')
    expect(() => readGpl(latin1, { maxColours: 2 })).toThrow(/line 1004 \("x"\)/)
    expect(readGpl(latin1.subarray(0, -2), { maxColours: 2 })).toEqual({ groups: [], loose: [{ name: 'Café', rgb: [1, 2, 3] }, { name: 'Café', rgb: [1, 2, 3] }], leftOut: 998 })
  })

  it('reads names written in Latin-1 (older GIMP, Windows tools) and files saved as UTF-16', () => {
    const cafe = { groups: [], loose: [{ name: 'Café crème', rgb: [111, 78, 55] }] }
    expect(readGpl(Buffer.from('GIMP Palette\n111 78 55\tCaf\xe9 cr\xe8me\n', 'latin1'))).toEqual(cafe)
    const text = 'GIMP Palette\r\n111 78 55\tCafé crème\r\n'
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    expect(readGpl(utf16le)).toEqual(cafe)
    expect(readGpl(Buffer.from(utf16le).swap16())).toEqual(cafe)
  })

  it('reads the characters Windows-1252 puts at bytes 0x80–0x9F (quotes, dashes, €, ™), not C1 control characters', () => {
    // As Windows tools save “smart” punctuation; Node's TextDecoder has decoded these bytes as Latin-1's controls.
    const cp1252 = Buffer.from('GIMP Palette\nName: Caf\xe9 \x93cr\xe8me\x94\n1 2 3\t10 \x80 \x96 Rock\x92n\x92Roll\x99 \x85\n', 'latin1')
    expect(readGpl(cp1252)).toEqual({ name: 'Café “crème”', groups: [], loose: [{ name: '10 € – Rock’n’Roll™ …', rgb: [1, 2, 3] }] })
  })

  it('decodes each line on its own, so one Latin-1 name added by hand leaves the UTF-8 ones intact', () => {
    const utf8 = Buffer.from("GIMP Palette\nName: Couleurs d'été\n#\n255 0 0\tRouge été\n", 'utf8')
    const latin1 = Buffer.from('0 0 255\tBleu \xe9t\xe9\r\n', 'latin1')
    expect(readGpl(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8, latin1]))).toEqual({
      name: "Couleurs d'été",
      groups: [],
      loose: [
        { name: 'Rouge été', rgb: [255, 0, 0] },
        { name: 'Bleu été', rgb: [0, 0, 255] }
      ]
    })
  })

  it('refuses a line of a million digits at once, read in full or past maxColours (a number pattern that backtracked took minutes)', () => {
    const digits = `GIMP Palette\n${'7'.repeat(1_000_000)}x 2 3\n`
    expectBadFile(digits, /line 2 \("7{40}…"\)/)
    expect(() => readGpl(`GIMP Palette\n1 2 3\n${'7'.repeat(1_000_000)}x 2 3\n`, { maxColours: 1 })).toThrow(/line 3/)
  })

  it('shortens an absurdly long bad line in its message', () => {
    expectBadFile(`GIMP Palette\n${'x'.repeat(10_000)}\n`, /"x{40}…"/)
  })

  it('shortens a bad line without cutting an emoji in two', () => {
    // The emoji is the 40th and 41st units: the first 40 held half of it, which shows as garbage.
    expectBadFile(`GIMP Palette\n${'x'.repeat(39)}🎨 sky\n`, new RegExp(`\\("${'x'.repeat(39)}…"\\)`))
  })
})
