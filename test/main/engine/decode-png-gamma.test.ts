// A PNG's gAMA and cHRM chunks, which Chromium applies when the file has no iCCP or sRGB chunk.
// Every expected colour was read from Debian's Chromium (the app's own renderer): the PNG drawn
// to a canvas, the pixel read back.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/engine/decode'
import type { RgbaImage } from '../../../src/main/engine/image'
import { PNG_SIGNATURE, pngChunk, pngIhdr } from '../../fixtures/make-fixtures'

/** Stored colour of each quadrant: mid-grey, a red, a green, a blue. */
const STORED = [
  [128, 128, 128],
  [200, 60, 40],
  [60, 160, 80],
  [40, 80, 200]
] as const

const W = 64
const H = 48

/** PNG colour types: grey, RGB, palette, grey and alpha, RGBA. */
type ColourType = 0 | 2 | 3 | 4 | 6

interface PngSpec {
  colourType: ColourType
  bits?: 8 | 16
  /** Chunks between IHDR and the picture (gAMA, cHRM, sRGB, iCCP). */
  chunks: readonly Buffer[]
  /** Alpha of the right half, where the colour type has alpha. */
  alpha?: number
}

const quadrant = (x: number, y: number): number => (y < H / 2 ? 0 : 2) + (x < W / 2 ? 0 : 1)

/** The quadrants as a PNG of `colourType`, written byte by byte so no encoder adds colour chunks. */
function quadrantsPng({ colourType, bits = 8, chunks, alpha = 100 }: PngSpec): Buffer {
  const grey = colourType === 0 || colourType === 4
  const samples = (x: number, y: number): number[] => {
    const colour = STORED[quadrant(x, y)]
    if (colourType === 3) return [quadrant(x, y)]
    const own = grey ? [colour[1]] : [...colour]
    const seeThrough = x < W / 2 ? 255 : alpha
    return colourType === 4 || colourType === 6 ? [...own, seeThrough] : own
  }
  const bytes = bits / 8
  const rows = Array.from({ length: H }, (_, y) => {
    const row = Array.from({ length: W }, (_, x) => samples(x, y)).flat()
    const out = Buffer.alloc(1 + row.length * bytes)
    row.forEach((v, i) => out.writeUIntBE(bits === 16 ? v * 257 : v, 1 + i * bytes, bytes))
    return out
  })
  const palette = colourType === 3 ? [pngChunk('PLTE', Buffer.from(STORED.flat()))] : []
  return Buffer.concat([
    PNG_SIGNATURE,
    pngIhdr(W, H, bits, colourType),
    ...chunks,
    ...palette,
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0))
  ])
}

const u32s = (...values: number[]): Buffer => {
  const out = Buffer.alloc(4 * values.length)
  values.forEach((v, i) => out.writeUInt32BE(v, 4 * i))
  return out
}
/** gAMA holds the encoding exponent × 100,000: 45455 is 1/2.2. */
const gama = (value: number): Buffer => pngChunk('gAMA', u32s(value))
/** cHRM: white x, y, then red, green and blue x, y, each × 100,000. */
const chrm = (...xy: number[]): Buffer => pngChunk('cHRM', u32s(...xy))
const ADOBE_PRIMARIES = [64000, 33000, 21000, 71000, 15000, 6000]
const D65_WHITE = [31270, 32900]
const D50_WHITE = [34570, 35850]
const SRGB_CHUNK = pngChunk('sRGB', Buffer.from([0]))

function pixel(img: RgbaImage, x: number, y: number): number[] {
  const at = (y * img.width + x) * 4
  return [...img.data.subarray(at, at + 4)]
}

/** Each quadrant's middle pixel, RGBA. */
const quadrants = (img: RgbaImage): number[][] =>
  [
    [W / 4, H / 4],
    [(3 * W) / 4, H / 4],
    [W / 4, (3 * H) / 4],
    [(3 * W) / 4, (3 * H) / 4]
  ].map(([x, y]) => pixel(img, x, y))

/** Within 2 levels of what Chromium showed, alpha exactly. */
function expectShown(img: RgbaImage, shown: readonly (readonly number[])[]): void {
  const seen = quadrants(img)
  seen.forEach((rgba, i) => {
    const worst = Math.max(...shown[i].slice(0, 3).map((v, c) => Math.abs(v - rgba[c])))
    expect(worst, `quadrant ${i}: ${rgba.join(',')} vs ${shown[i].join(',')}`).toBeLessThanOrEqual(2)
    expect(rgba[3], `quadrant ${i} alpha`).toBe(shown[i][3] ?? 255)
  })
}

const AS_STORED = STORED
/** Gamma 1.0 (linear light): mid-grey shows as 188. */
const LINEAR_SHOWN = [
  [188, 188, 188],
  [229, 133, 110],
  [133, 208, 152],
  [110, 152, 229]
]
/** Adobe RGB primaries, gamma 1/2.2, white D65. */
const ADOBE_SHOWN = [
  [129, 129, 129],
  [231, 57, 34],
  [0, 161, 73],
  [0, 79, 205]
]
/** Grey quadrants (each colour's green stored) at gamma 1.0: Chromium shows each as the RGB one's green. */
const GREY_LINEAR_SHOWN = LINEAR_SHOWN.map(([, g]) => [g, g, g])
const withAlpha = (colours: readonly (readonly number[])[], alpha: number): number[][] =>
  colours.map((c, i) => [...c, i % 2 === 1 ? alpha : 255])

describe('decodeImage shows a PNG’s gAMA and cHRM as Chromium does', () => {
  it.each([
    ['gamma 1.0 (linear light)', [gama(100000)], LINEAR_SHOWN],
    [
      'gamma 1/1.8 (old Mac)',
      [gama(55556)],
      [
        [146, 146, 146],
        [210, 77, 53],
        [77, 176, 99],
        [53, 99, 210]
      ]
    ],
    [
      'gamma 1/2.5',
      [gama(40000)],
      [
        [117, 117, 117],
        [195, 46, 25],
        [46, 152, 66],
        [25, 66, 195]
      ]
    ],
    ['Adobe RGB primaries with gamma 1/2.2', [gama(45455), chrm(...D65_WHITE, ...ADOBE_PRIMARIES)], ADOBE_SHOWN],
    [
      'Adobe RGB primaries with a D50 white',
      [gama(45455), chrm(...D50_WHITE, ...ADOBE_PRIMARIES)],
      [
        [129, 129, 129],
        [236, 60, 42],
        [0, 161, 74],
        [0, 77, 203]
      ]
    ],
    [
      'Adobe RGB primaries with gamma 1.0',
      [chrm(...D65_WHITE, ...ADOBE_PRIMARIES), gama(100000)],
      [
        [188, 188, 188],
        [255, 133, 109],
        [79, 208, 149],
        [87, 152, 232]
      ]
    ],
    [
      'sRGB primaries with gamma 1/2.2: a pure power curve, not sRGB’s',
      [gama(45455), chrm(...D65_WHITE, 64000, 33000, 30000, 60000, 15000, 6000)],
      [
        [129, 129, 129],
        [201, 57, 35],
        [57, 161, 79],
        [35, 79, 201]
      ]
    ]
  ])('an 8-bit RGB PNG of %s', async (_name, chunks, shown) => {
    const { image, source } = await decodeImage(quadrantsPng({ colourType: 2, chunks }))
    expect(source).toMatchObject({ format: 'png', hasProfile: false })
    expectShown(image, shown)
  })

  it.each([
    ['gamma 1/2.2 alone, which Chromium takes for sRGB', [gama(45455)]],
    ['gamma 1/2.1, within 5% of 1/2.2', [gama(47619)]],
    ['an sRGB chunk, which overrides gamma 1.0', [SRGB_CHUNK, gama(100000)]],
    ['an sRGB chunk after gamma 1.0', [gama(100000), SRGB_CHUNK]],
    ['cHRM without gAMA', [chrm(...D65_WHITE, ...ADOBE_PRIMARIES)]],
    ['gamma 0, which libpng rejects', [gama(0)]],
    ['gamma 1.0 in a chunk whose CRC is wrong', [Buffer.concat([gama(100000).subarray(0, -4), Buffer.from([1, 2, 3, 4])])]],
    ['primaries that cannot be inverted (red = green), which drop the gamma too', [gama(100000), chrm(...D65_WHITE, 64000, 33000, 64000, 33000, 15000, 6000)]]
  ])('leaves an 8-bit RGB PNG with %s as stored', async (_name, chunks) => {
    const { image } = await decodeImage(quadrantsPng({ colourType: 2, chunks }))
    expectShown(image, AS_STORED)
  })

  it('gives an iCCP profile precedence over gamma 1.0', async () => {
    const { icc } = await sharp(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#888' } }).withIccProfile('srgb').png().toBuffer()).metadata()
    const iccp = pngChunk('iCCP', Buffer.concat([Buffer.from('sRGB\0\0', 'latin1'), deflateSync(icc!)]))
    const { image } = await decodeImage(quadrantsPng({ colourType: 2, chunks: [gama(100000), iccp] }))
    expectShown(image, AS_STORED)
  })

  it('reads the chunks from a file as from bytes, past a long comment before them', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'png-gamma-'))
    try {
      const path = join(folder, 'linear.png')
      // Longer than the first bytes the engine reads to sniff the format.
      const comment = pngChunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(100_000, 'a')]))
      await writeFile(path, quadrantsPng({ colourType: 2, chunks: [comment, gama(100000)] }))
      expectShown((await decodeImage(path)).image, LINEAR_SHOWN)
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })

  it.each([
    ['16-bit RGB', { colourType: 2, bits: 16, chunks: [gama(100000)] }, LINEAR_SHOWN],
    ['palette', { colourType: 3, chunks: [gama(100000)] }, LINEAR_SHOWN],
    ['8-bit RGBA', { colourType: 6, chunks: [gama(100000)] }, withAlpha(LINEAR_SHOWN, 100)],
    ['16-bit RGBA with Adobe RGB primaries', { colourType: 6, bits: 16, chunks: [gama(45455), chrm(...D65_WHITE, ...ADOBE_PRIMARIES)] }, withAlpha(ADOBE_SHOWN, 100)],
    ['8-bit grey', { colourType: 0, chunks: [gama(100000)] }, GREY_LINEAR_SHOWN],
    ['16-bit grey', { colourType: 0, bits: 16, chunks: [gama(100000)] }, GREY_LINEAR_SHOWN],
    ['8-bit grey and alpha', { colourType: 4, chunks: [gama(100000)] }, withAlpha(GREY_LINEAR_SHOWN, 100)],
    ['8-bit grey with Adobe RGB primaries, which leave greys grey', { colourType: 0, chunks: [gama(100000), chrm(...D65_WHITE, ...ADOBE_PRIMARIES)] }, GREY_LINEAR_SHOWN]
  ] as const)('a %s PNG', async (_name, spec, shown) => {
    const { image } = await decodeImage(quadrantsPng(spec))
    expectShown(image, shown)
  })
})
