// Unusual but valid layouts of TIFF, GIF and WebP files: what libvips would hold, misread or
// misname in them, and how the engine reads or refuses them.
import { converter } from 'culori'
import sharp, { type Sharp } from 'sharp'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/engine/decode'
import { expectEngineError, tiffOf } from './helpers'

/** Where each tag's value lies in a TIFF's first directory, classic or BigTIFF (little-endian, as sharp writes). */
function tiffTagValues(tiff: Buffer): Map<number, { type: number; at: number }> {
  const big = tiff.readUInt16LE(2) === 43
  const directory = big ? Number(tiff.readBigUInt64LE(8)) : tiff.readUInt32LE(4)
  const count = big ? Number(tiff.readBigUInt64LE(directory)) : tiff.readUInt16LE(directory)
  const [first, size, valueAt] = big ? [directory + 8, 20, 12] : [directory + 2, 12, 8]
  const tags = new Map<number, { type: number; at: number }>()
  for (let i = 0; i < count; i++) {
    const entry = first + i * size
    tags.set(tiff.readUInt16LE(entry), { type: tiff.readUInt16LE(entry + 2), at: entry + valueAt })
  }
  return tags
}

/** `tiff` with these one-value SHORT or LONG tags of its first directory set anew. */
function withTags(tiff: Buffer, values: Record<number, number>): Buffer {
  const copy = Buffer.from(tiff)
  const tags = tiffTagValues(copy)
  for (const [tag, value] of Object.entries(values)) {
    const { type, at } = tags.get(Number(tag))!
    if (type === 3) copy.writeUInt16LE(value, at)
    else copy.writeUInt32LE(value, at)
  }
  return copy
}

const WIDTH = 256
const HEIGHT = 257
const ROWS_PER_STRIP = 278
const PLANAR = 284
const TILE_WIDTH = 322
const TILE_HEIGHT = 323

const grey = (): Sharp => sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } })

/**
 * A 64 × 48 TIFF as libvips writes it with JPEG compression (YCbCr, in strips of 256 rows), or
 * with deflate and each channel in its own plane, whose directory then claims 16,000² pixels in
 * strips of `rows`. Only the header is read before such a file is refused.
 */
async function tiffClaiming(kind: 'jpeg' | 'planar', rows: number, bigtiff = false): Promise<Buffer> {
  const tiff = await grey().tiff({ compression: kind === 'jpeg' ? 'jpeg' : 'deflate', bigtiff }).toBuffer()
  const planar: Record<number, number> = kind === 'planar' ? { [PLANAR]: 2 } : {}
  return withTags(tiff, { [WIDTH]: 16_000, [HEIGHT]: 16_000, [ROWS_PER_STRIP]: rows, ...planar })
}

/** A 64 × 48 tiled TIFF as libvips writes it, whose directory then claims `size`² pixels in tiles of `tile`². */
async function tiledClaiming(size: number, tile: number): Promise<Buffer> {
  const tiff = await grey().tiff({ compression: 'deflate', tile: true, tileWidth: 16, tileHeight: 16 }).toBuffer()
  return withTags(tiff, { [WIDTH]: size, [HEIGHT]: size, [TILE_WIDTH]: tile, [TILE_HEIGHT]: tile })
}

describe('decodeImage refuses a TIFF whose strips libvips reads whole when they are too large, before decoding', () => {
  it('a JPEG-compressed TIFF in one strip (a 1.5 MB file held 1.7 GB)', () =>
    expectEngineError(
      tiffClaiming('jpeg', 16_000).then((tiff) => decodeImage(tiff, { name: 'scan.tif' })),
      'TOO_LARGE',
      /^“scan\.tif” is too large to open safely: a JPEG-compressed TIFF of 16,000 × 16,000 pixels in one strip has to be read a whole strip at a time \(1,758 MiB; the limit is 512 MiB\)\. Save it again with LZW or ZIP compression, or tiled, and try again\.$/
    ))
  it('a JPEG-compressed BigTIFF in strips of 6,000 rows', () =>
    expectEngineError(
      tiffClaiming('jpeg', 6000, true).then((tiff) => decodeImage(tiff)),
      'TOO_LARGE',
      /JPEG-compressed TIFF of 16,000 × 16,000 pixels in strips of 6,000 rows has to be read a whole strip at a time \(659 MiB/
    ))
  it('a TIFF with each channel in a plane of its own, one strip each', () =>
    expectEngineError(
      tiffClaiming('planar', 16_000).then((tiff) => decodeImage(tiff)),
      'TOO_LARGE',
      /TIFF of 16,000 × 16,000 pixels with each channel stored apart, in one strip, has to be read a whole strip at a time \(1,245 MiB; the limit is 512 MiB\)\. Save it again with its channels interleaved \(Photoshop: Pixel Order Interleaved\) and try again\./
    ))
  it('a TIFF in tiles so large that rows of them pass the budget (4,096² tiles across 16,000 pixels held 0.65 GB)', () =>
    expectEngineError(
      tiledClaiming(16_000, 4096).then((tiff) => decodeImage(tiff)),
      'TOO_LARGE',
      /TIFF of 16,000 × 16,000 pixels in tiles of 4,096 × 4,096 has to be read whole rows of tiles at a time \(576 MiB; the limit is 512 MiB\)\. Save it again with smaller tiles \(such as 512 × 512\) or without tiles, and try again\./
    ))
  it('a TIFF of 16,000² in tiles of 512² is not refused for its size: its missing data is what fails', () =>
    expectEngineError(
      tiledClaiming(16_000, 512).then((tiff) => decodeImage(tiff)),
      'CORRUPT',
      /damaged/
    ))
  it('a JPEG-compressed TIFF in strips of 256 rows, as libvips writes it, is not refused for its size: its missing data is what fails', () =>
    expectEngineError(
      tiffClaiming('jpeg', 256).then((tiff) => decodeImage(tiff)),
      'CORRUPT',
      /damaged/
    ))
})

/** L 50, a 20, b −30 as a 16-bit CIELab TIFF stores it (Photoshop's Lab 16 bits): L over 0–65535, a and b signed, 256 a unit. */
const LAB_16 = [32767, 20 * 256, 65536 - 30 * 256]

describe('decodeImage reads a 16-bit Lab TIFF (Photoshop’s Lab mode, 16 bits)', () => {
  it('as the sRGB colour its Lab values are, under the D50 white Photoshop and libtiff take for TIFF', async () => {
    const { image, source } = await decodeImage(tiffOf({ photometric: 8, pixel: LAB_16, bits: 16, format: 1 }))
    const { r, g, b } = converter('rgb')({ mode: 'lab', l: 50, a: 20, b: -30 })
    const expected = [r, g, b].map((v) => Math.round(v * 255))
    // libvips alone takes Lab as relative to D65, and gives 127,109,170.
    expect(expected).toEqual([133, 108, 170])
    const seen = [...image.data.subarray(0, 4)]
    expect(Math.max(...expected.map((v, i) => Math.abs(v - seen[i])))).toBeLessThanOrEqual(1)
    expect(seen[3]).toBe(255)
    expect(source).toMatchObject({ space: 'labs', bitsPerSample: 16 })
  })
  it('refuses one with transparency, which libvips reads as signed numbers, in words for its colours', () =>
    expectEngineError(
      decodeImage(tiffOf({ photometric: 8, pixel: [...LAB_16, 40000], bits: 16, format: 1, extra: [2] })),
      'UNSUPPORTED',
      /^The image is a TIFF image whose colours are stored as Lab, with transparency, which Palette Studio can't read\. Save it as RGB and try again\.$/
    ))
})

/** 64 × 48 quadrants: red, green / blue, yellow. */
function quadrants(): Sharp {
  const [red, green, blue, yellow] = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0]]
  const rgb = Buffer.alloc(64 * 48 * 3)
  for (let y = 0; y < 48; y++) for (let x = 0; x < 64; x++) rgb.set(y < 24 ? (x < 32 ? red : green) : x < 32 ? blue : yellow, (y * 64 + x) * 3)
  return sharp(rgb, { raw: { width: 64, height: 48, channels: 3 } })
}

describe('decodeImage turns a WebP as Chromium shows it', () => {
  it('leaves a WebP’s EXIF orientation unapplied, as Chromium (which shows it in the app) does', async () => {
    const webp = await quadrants().withMetadata({ orientation: 6 }).webp({ lossless: true }).toBuffer()
    expect((await sharp(webp).metadata()).orientation).toBe(6)
    const { image, source } = await decodeImage(webp)
    expect([source.width, source.height, source.orientation, image.width, image.height]).toEqual([64, 48, 1, 64, 48])
    const at = (x: number, y: number): number[] => [...image.data.subarray((y * 64 + x) * 4, (y * 64 + x) * 4 + 3)]
    expect([at(16, 12), at(48, 12), at(16, 36), at(48, 36)]).toEqual([[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0]])
  })
  it('still turns a JPEG by its EXIF orientation, as Chromium does', async () => {
    const { image, source } = await decodeImage(await quadrants().withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer())
    expect([source.width, source.height, source.orientation, image.width, image.height]).toEqual([48, 64, 6, 48, 64])
  })
})

/** A 64 × 48 blue GIF as sharp writes it, its logical screen and first frame then set to these sizes. */
async function gifSized(screen: [number, number], frame: [number, number]): Promise<Buffer> {
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } }).gif().toBuffer()
  // Header and screen (13 bytes), the global colour table, and the frame's 8-byte graphic control.
  const descriptor = 13 + 3 * 2 ** ((bytes[10] & 7) + 1) + 8
  expect(bytes[descriptor]).toBe(0x2c)
  for (const [at, [width, height]] of [[6, screen], [descriptor + 5, frame]] as const) {
    bytes.writeUInt16LE(width, at)
    bytes.writeUInt16LE(height, at + 2)
  }
  return bytes
}

describe('decodeImage refuses a GIF whose first frame has no pixels, which Chromium shows as nothing', () => {
  it.each([
    ['a 0 × 0 GIF (libvips made it a black pixel)', [0, 0], [0, 0], /0 × 0/],
    ['a GIF 0 pixels wide', [0, 48], [0, 48], /0 × 48/],
    ['an empty first frame on a 64 × 48 screen (libvips painted it opaque black)', [64, 48], [64, 0], /64 × 0/]
  ] as const)('%s', (_name, screen, frame, size) =>
    expectEngineError(
      gifSized([...screen], [...frame]).then((gif) => decodeImage(gif, { name: 'empty.gif' })),
      'CORRUPT',
      new RegExp(`^“empty\\.gif” is damaged: its first frame is ${size.source} pixels, so it has no picture\\. Try an undamaged copy\\.$`)
    ))
  it('reads a GIF whose screen says 0 × 0 but whose frame has pixels, as Chromium does', async () => {
    const { image, source } = await decodeImage(await gifSized([0, 0], [64, 48]))
    expect([source.width, source.height]).toEqual([64, 48])
    expect([...image.data.subarray(0, 4)]).toEqual([0x33, 0x66, 0xcc, 255])
  })
})

describe('decodeImage names valid TIFF layouts libvips does not read, rather than call them damaged', () => {
  it.each([
    ['more than about 100 MB each', 8192, '8,192 × 8,192'],
    ['not a multiple of 16 pixels', 8, '8 × 8']
  ])('tiles of %s (libvips: "tile size out of range")', (_name, tile, size) =>
    expectEngineError(
      tiledClaiming(64, tile).then((tiff) => decodeImage(tiff, { name: 'poster.tif' })),
      'UNSUPPORTED',
      new RegExp(`^“poster\\.tif” is a TIFF image stored in tiles of ${size} pixels, which Palette Studio can't read\\. Save it again without tiles, or with tiles of 512 × 512 pixels, and try again\\.$`)
    ))
  it.each([
    ['16-bit ICC Lab', 9, 16, 'ICC Lab'],
    ['8-bit ICC Lab', 9, 8, 'ICC Lab'],
    ['8-bit ITU Lab (fax)', 10, 8, 'ITU Lab']
  ] as const)('%s colours (libvips: "no known route from multiband")', (_name, photometric, bits, words) =>
    expectEngineError(
      decodeImage(tiffOf({ photometric, pixel: [128, 148, 98].map((v) => (bits === 16 ? v * 257 : v)), bits, format: 1 })),
      'UNSUPPORTED',
      new RegExp(`^The image is a TIFF image whose colours are stored as ${words}, which Palette Studio can't read\\. Save it as RGB and try again\\.$`)
    ))
  it('colours in a space it has no words for', () =>
    expectEngineError(
      decodeImage(tiffOf({ photometric: 32803, pixel: [128], bits: 8, format: 1 })),
      'UNSUPPORTED',
      /^The image is a TIFF image whose colours are stored in an unusual way \(PhotometricInterpretation 32803\), which Palette Studio can't read\. Save it as RGB and try again\.$/
    ))
})
