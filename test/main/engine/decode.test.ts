import { execFileSync } from 'node:child_process'
import { type FileHandle, mkdtemp, open, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32, deflateSync } from 'node:zlib'
import sharp, { type AvifOptions, type JpegOptions, type Sharp } from 'sharp'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { decodeImage } from '../../../src/main/engine/decode'
import { EngineError } from '../../../src/main/engine/errors'
import type { RgbaImage } from '../../../src/main/engine/image'
import { MAX_IMAGE_BYTES } from '../../../src/shared/media-types'
import { ALPHA, D50, DOT_GAIN_BANDS, ensureFixtures, iccDescription, iccProfile, iccXyz, P3_HALVES, QUADRANTS } from '../../fixtures/make-fixtures'
import { expectEngineError, tiffOf } from './helpers'

let dir = ''
const fixture = (name: string): string => join(dir, name)
/** Fixtures committed as files, written by tools CI does not have. */
const committed = (name: string): string => join(__dirname, '../../fixtures', name)
beforeAll(async () => {
  dir = await ensureFixtures()
})

function pixel(img: RgbaImage, x: number, y: number): number[] {
  const at = (y * img.width + x) * 4
  return [...img.data.subarray(at, at + 4)]
}

/** Colour at the middle of each quadrant, as a viewer would see it. */
function quadrantColours(img: RgbaImage): Record<keyof typeof QUADRANTS, number[]> {
  const [x0, x1, y0, y1] = [img.width >> 2, (img.width * 3) >> 2, img.height >> 2, (img.height * 3) >> 2]
  return {
    topLeft: pixel(img, x0, y0).slice(0, 3),
    topRight: pixel(img, x1, y0).slice(0, 3),
    bottomLeft: pixel(img, x0, y1).slice(0, 3),
    bottomRight: pixel(img, x1, y1).slice(0, 3)
  }
}

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  const worst = Math.max(...actual.map((v, i) => Math.abs(v - expected[i])))
  expect(worst, `${actual.join(',')} vs ${expected.join(',')}`).toBeLessThanOrEqual(tolerance)
}

function expectQuadrants(img: RgbaImage, tolerance: number): void {
  const seen = quadrantColours(img)
  for (const key of Object.keys(QUADRANTS) as (keyof typeof QUADRANTS)[]) expectClose(seen[key], QUADRANTS[key], tolerance)
}


/** A 64 × 48 solid image as `jpeg` writes it, whose start-of-frame then claims `width` × `height`. */
async function jpegClaiming(width: number, height: number, jpeg: JpegOptions): Promise<Buffer> {
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } }).jpeg(jpeg).toBuffer()
  const frame = bytes.indexOf(Buffer.from([0xff, jpeg.progressive ? 0xc2 : 0xc0]))
  bytes.writeUInt16BE(height, frame + 5)
  bytes.writeUInt16BE(width, frame + 7)
  return bytes
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const out = Buffer.alloc(body.length + 8)
  out.writeUInt32BE(data.length, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), body.length + 4)
  return out
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** PNG colour type by samples a pixel: grey, grey and alpha, RGB, RGBA. */
const PNG_COLOUR_TYPE: Record<number, number> = { 1: 0, 2: 4, 3: 2, 4: 6 }

/** A 4 × 4 PNG of one pixel's `samples` at `bits`, written byte by byte, with `icc` as its profile if given. */
function solidPng(samples: readonly number[], bits: 8 | 16, icc?: Buffer): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 4, 0, 0, 0, 4, bits, PNG_COLOUR_TYPE[samples.length], 0, 0, 0])
  const pixel = Buffer.alloc((samples.length * bits) / 8)
  samples.forEach((value, i) => pixel.writeUIntBE(value, (i * bits) / 8, bits / 8))
  const row = Buffer.concat([Buffer.from([0]), ...Array<Buffer>(4).fill(pixel)])
  const profile = icc ? [chunk('iCCP', Buffer.concat([Buffer.from('icc\0\0', 'latin1'), deflateSync(icc)]))] : []
  const data = chunk('IDAT', deflateSync(Buffer.concat(Array<Buffer>(4).fill(row))))
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), ...profile, data, chunk('IEND', Buffer.alloc(0))])
}

/**
 * An ICC v2 RGB display profile written byte by byte, as Adobe RGB (1998) and ProPhoto RGB are
 * defined: each primary's XYZ (adapted to D50) and one gamma for the three channels.
 */
function rgbProfile(name: string, primaries: readonly (readonly number[])[], gamma: number): Buffer {
  const curve = Buffer.from('curv\0\0\0\0\0\0\0\x01\0\0', 'latin1')
  curve.writeUInt16BE(Math.round(gamma * 256), 12)
  return iccProfile('mntrRGB XYZ ', [
    ['desc', iccDescription(name)],
    ['wtpt', iccXyz(D50)],
    ...['r', 'g', 'b'].flatMap((c, i): [string, Buffer][] => [
      [`${c}XYZ`, iccXyz(primaries[i])],
      [`${c}TRC`, curve]
    ])
  ])
}

/** Adobe RGB (1998): greens past Display P3's. */
const ADOBE_RGB = rgbProfile('Adobe RGB (1998)', [[0.60974, 0.31111, 0.01947], [0.20528, 0.62567, 0.06087], [0.14919, 0.06322, 0.74457]], 563 / 256)
/** ProPhoto (ROMM) RGB: far past Display P3 in every direction. */
const PROPHOTO_RGB = rgbProfile('ProPhoto RGB', [[0.7977, 0.288, 0], [0.1352, 0.7119, 0], [0.0313, 0.0001, 0.8249]], 1.8)

/** The header of an RGB PNG claiming `width` × `height`, with a few bytes of data. */
function pngClaiming(width: number, height: number, orientation?: number): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 8, 2, 0, 0, 0])
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  // An eXIf chunk with one tag, the orientation: big-endian TIFF header, one IFD of one SHORT entry.
  const exif = Buffer.from([0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation ?? 1, 0, 0, 0, 0, 0, 0])
  const exifChunks = orientation === undefined ? [] : [chunk('eXIf', exif)]
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), ...exifChunks, chunk('IDAT', deflateSync(Buffer.alloc(64)))])
}

/** A baseline 320 × 240 JPEG of noise, so its picture data is long enough to cut mid-scan. */
const noisyJpeg = (): Promise<Buffer> =>
  sharp({ create: { width: 320, height: 240, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 80 })
    .toBuffer()

const solid = (): Sharp => sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })

/** A 64 × 48 solid AVIF whose image size property (ispe) then claims `width` × `height`. */
async function avifClaiming(width: number, height: number, avif: AvifOptions = {}): Promise<Buffer> {
  const bytes = await solid().avif(avif).toBuffer()
  const ispe = bytes.indexOf('ispe')
  bytes.writeUInt32BE(width, ispe + 8)
  bytes.writeUInt32BE(height, ispe + 12)
  return bytes
}

/**
 * A 64 × 48 solid WebP, lossless (VP8L) or lossy (VP8), whose headers then claim `width` × `height`.
 * With a profile, or animated (two frames), it is an extended WebP: its canvas (VP8X), then its ICC
 * profile or its animation's header, come before the picture.
 */
async function webpClaiming(width: number, height: number, lossless: boolean, { profile = false, animated = false } = {}): Promise<Buffer> {
  const image = animated ? sharp(Buffer.alloc(64 * 96 * 3, 0x80).fill(0x20, 64 * 48 * 3), { raw: { width: 64, height: 96, channels: 3, pageHeight: 48 } }) : solid()
  const bytes = await (profile ? image.withIccProfile('p3') : image).webp({ lossless }).toBuffer()
  const chunks: string[] = []
  for (let at = 12; at < bytes.length; ) {
    const fourcc = bytes.toString('latin1', at, at + 4)
    chunks.push(fourcc)
    const size = bytes.readUInt32LE(at + 4)
    // Sizes less one, 24 bits each: the canvas at 4 into VP8X's data, a frame's at 6 into its ANMF's.
    if (fourcc === 'VP8X' || (fourcc === 'ANMF' && chunks.filter((c) => c === 'ANMF').length === 1)) {
      const sizes = at + 8 + (fourcc === 'VP8X' ? 4 : 6)
      bytes.writeUIntLE(width - 1, sizes, 3)
      bytes.writeUIntLE(height - 1, sizes + 3, 3)
    }
    if (fourcc === 'VP8 ') {
      bytes.writeUInt16LE(width, at + 14)
      bytes.writeUInt16LE(height, at + 16)
      break
    }
    if (fourcc === 'VP8L') {
      // After the signature byte: 14 bits of width - 1, 14 of height - 1, then alpha and version.
      const bits = bytes.readUInt32LE(at + 9)
      bytes.writeUInt32LE(((bits & ~0x0fffffff) | (width - 1) | ((height - 1) << 14)) >>> 0, at + 9)
      break
    }
    at += fourcc === 'ANMF' ? 8 + 16 : 8 + size + (size & 1)
  }
  const layout = [...(profile || animated ? ['VP8X'] : []), ...(profile ? ['ICCP'] : []), ...(animated ? ['ANIM', 'ANMF'] : [])]
  expect(chunks).toEqual([...layout, lossless ? 'VP8L' : 'VP8 '])
  return bytes
}

/** A 64 × 48 solid GIF whose screen and first frame then claim `width` × `height`. */
async function gifClaiming(width: number, height: number): Promise<Buffer> {
  const bytes = await solid().gif().toBuffer()
  // Header and screen (13 bytes), the global colour table, and the frame's 8-byte graphic control.
  const frame = 13 + 3 * 2 ** ((bytes[10] & 7) + 1) + 8
  expect(bytes[frame]).toBe(0x2c)
  for (const at of [6, frame + 5]) {
    bytes.writeUInt16LE(width, at)
    bytes.writeUInt16LE(height, at + 2)
  }
  return bytes
}

describe('decodeImage reads every supported format with the right colours in the right places', () => {
  // sharp's prebuilt libvips has no BMP loader; more kinds of BMP in bmp.test.ts.
  it('BMP', async () => {
    const { image, source } = await decodeImage(fixture('bmp-image.bmp'))
    expect([source.format, image.width, image.height, ...pixel(image, 1, 1)]).toEqual(['bmp', 2, 2, 128, 128, 128, 255])
  })
  it.each([
    ['quadrants.png', 'png', 0],
    ['quadrants.jpg', 'jpeg', 3],
    ['quadrants.webp', 'webp', 0],
    ['quadrants.avif', 'heif', 2],
    ['quadrants.heif', 'heif', 2],
    ['quadrants.tiff', 'tiff', 3],
    ['quadrants-animated.gif', 'gif', 2]
  ])('%s', async (name, format, tolerance) => {
    const { image, source } = await decodeImage(fixture(name))
    expect(source).toMatchObject({ width: 64, height: 48, format })
    expect([image.width, image.height, image.data.length]).toEqual([64, 48, 64 * 48 * 4])
    expectQuadrants(image, tolerance)
  })

  // Written by heif-enc (aom), then given the generic major brand 'mif1'; sharp calls its compression 'hevc'.
  it('an AVIF with the generic mif1 major brand', async () => {
    const { image, source } = await decodeImage(committed('quadrants-mif1.avif'))
    expect(source).toMatchObject({ width: 64, height: 48, format: 'heif' })
    expectQuadrants(image, 3)
  })

  it('reads only the first frame of an animated GIF (the second frame is black)', async () => {
    const { image, source } = await decodeImage(fixture('quadrants-animated.gif'))
    expect(source.pages).toBe(2)
    expect(image.height).toBe(48)
    expectQuadrants(image, 2)
  })

  it('reads only the first frame of an animated WebP (the second frame is black)', async () => {
    const frames = Buffer.concat([Buffer.alloc(64 * 48 * 3, 0x99), Buffer.alloc(64 * 48 * 3)])
    const webp = await sharp(frames, { raw: { width: 64, height: 96, channels: 3, pageHeight: 48 } }).webp({ lossless: true }).toBuffer()
    const { image, source } = await decodeImage(webp)
    expect([source.format, source.pages, source.height, image.height]).toEqual(['webp', 2, 48, 48])
    expect(pixel(image, 10, 40)).toEqual([0x99, 0x99, 0x99, 255])
  })

  it('reads a 1 × 1 image', async () => {
    const { image } = await decodeImage(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#123456' } }).png().toBuffer())
    expect([image.width, image.height, ...pixel(image, 0, 0)]).toEqual([1, 1, 0x12, 0x34, 0x56, 255])
  })

  it('reads an interlaced PNG', async () => {
    expectQuadrants((await decodeImage(fixture('interlaced.png'))).image, 0)
  })

  it.each(['samsung-sos.jpg', 'padded-markers.jpg'])('reads %s, whose flaw a camera or scanner left in a whole picture', async (name) => {
    expectQuadrants((await decodeImage(fixture(name))).image, 3)
  })

  it('reads from a Buffer as well as a path', async () => {
    const { image } = await decodeImage(await readFile(fixture('quadrants.png')))
    expectQuadrants(image, 0)
  })

  it('reads a file again after it was saved over (same name, same size, same second)', async () => {
    // sharp gets the path, not the bytes: a designer who re-saves a photo must not get the old pixels.
    const solid = (hex: string): Promise<Buffer> =>
      sharp({ create: { width: 64, height: 48, channels: 3, background: hex } }).png().toBuffer()
    const [red, blue] = await Promise.all([solid('#ff0000'), solid('#0000ff')])
    const path = join(await mkdtemp(join(tmpdir(), 'decode-')), 'edited.png')
    await writeFile(path, red)
    expect(pixel((await decodeImage(path)).image, 5, 5)).toEqual([255, 0, 0, 255])
    await writeFile(path, blue)
    expect(pixel((await decodeImage(path)).image, 5, 5)).toEqual([0, 0, 255, 255])
  })

  it('turns greyscale into RGBA with equal channels', async () => {
    const { image } = await decodeImage(fixture('grey.png'))
    const [r, g, b, a] = pixel(image, 10, 10)
    expect([g, b, a]).toEqual([r, r, 255])
  })
})

describe('decodeImage shows photos the way a viewer does', () => {
  it.each(['rotated-6.jpg', 'rotated-8.jpg'])('applies the EXIF orientation of %s', async (name) => {
    const { image, source } = await decodeImage(fixture(name))
    expect([source.width, source.height]).toEqual([64, 48])
    expect([image.width, image.height]).toEqual([64, 48])
    expectQuadrants(image, 3)
  })

  it('converts a CMYK JPEG to sRGB through its profile', async () => {
    const { image, source } = await decodeImage(fixture('cmyk.jpg'))
    expect(source.space).toBe('cmyk')
    // CMYK round trips lose some saturation (perceptual intent), so "close", not exact:
    // reading the four ink channels as if they were RGB would be wildly off.
    const seen = quadrantColours(image)
    for (const key of Object.keys(QUADRANTS) as (keyof typeof QUADRANTS)[]) expectClose(seen[key], QUADRANTS[key], 35)
  })

  it('converts Display P3 pixels to sRGB through the embedded profile', async () => {
    const { image } = await decodeImage(fixture('p3-halves.jpg'))
    expectClose(pixel(image, 8, 24).slice(0, 3), P3_HALVES.left, 4)
    expectClose(pixel(image, 56, 24).slice(0, 3), P3_HALVES.right, 8)
    // The stored numbers really are different (P3 red is about 234,51,35): the test can fail.
    const stored = await sharp(await readFile(fixture('p3-halves.jpg')), { ignoreIcc: true }).raw().toBuffer()
    expect(Math.abs(stored[0] - 255) + stored[1]).toBeGreaterThan(30)
  })

  it('reads 16-bit PNGs as 8-bit, without and with an ICC profile', async () => {
    const plain = await decodeImage(fixture('quadrants-16bit.png'))
    expect(plain.source.bitsPerSample).toBe(16)
    expectQuadrants(plain.image, 0)
    const p3 = await decodeImage(fixture('p3-halves-16bit.png'))
    expectClose(pixel(p3.image, 8, 24).slice(0, 3), P3_HALVES.left, 4)
    expectClose(pixel(p3.image, 56, 24).slice(0, 3), P3_HALVES.right, 4)
  })

  // Each 16-bit level is v / 257 of an 8-bit one, rounded: 0x41FF is 65.74, so 66 (the low byte
  // dropped would give 65); 255 is 0.99, so 1; 65280 is 254.01, so 254.
  it.each([
    ['RGB', [0x41ff, 0x81ff, 0xc1ff], [66, 129, 193, 255]],
    ['RGBA', [0x41ff, 0x81ff, 0xc1ff, 0x41ff], [66, 129, 193, 66]],
    ['grey', [255], [1, 1, 1, 255]],
    ['grey and alpha', [65280, 0x41ff], [254, 254, 254, 66]]
  ])('rounds a 16-bit %s PNG to the nearest 8-bit levels', async (_kind, samples, expected) => {
    const { image, source } = await decodeImage(solidPng(samples, 16))
    expect(source.bitsPerSample).toBe(16)
    expect(pixel(image, 1, 1)).toEqual(expected)
  })

  // The colours as culori converts them; sharp's own conversion turned 16-bit ones first into
  // Display P3 (clipping what lies outside it) at 8 bits: 228,100,41 and 148,0,223.
  it.each([
    ['Adobe RGB', ADOBE_RGB, [200, 100, 50], [227, 100, 42]],
    ['ProPhoto RGB', PROPHOTO_RGB, [120, 40, 200], [149, 0, 224]]
  ])('converts a 16-bit %s PNG to the sRGB its 8-bit twin gets', async (_name, icc, rgb, expected) => {
    const deep = await decodeImage(solidPng(rgb.map((v) => v * 257), 16, icc))
    const shallow = await decodeImage(solidPng(rgb, 8, icc))
    expect(deep.source).toMatchObject({ space: 'rgb16', hasProfile: true })
    expect(pixel(deep.image, 1, 1)).toEqual([...expected, 255])
    expect(pixel(shallow.image, 1, 1)).toEqual([...expected, 255])
  })

  it.each(['dot-gain.png', 'dot-gain-16bit.png'])('converts the greys of %s through its grey profile, as Photoshop\'s Dot Gain ones', async (name) => {
    const { image } = await decodeImage(fixture(name))
    const bands = [8, 24, 40, 56].map((x) => pixel(image, x, 24))
    bands.forEach((seen, i) => expectClose(seen, [...Array(3).fill(DOT_GAIN_BANDS[i].shown), 255], 1))
    // The profile lightens every band by 10 or more levels: the test can fail.
    for (const { stored, shown } of DOT_GAIN_BANDS) expect(shown - stored).toBeGreaterThanOrEqual(10)
  })

  it('keeps the alpha of a greyscale PNG (colour type 4), at 8 and 16 bits', async () => {
    const greyAlpha = Buffer.alloc(64 * 48 * 2)
    for (let i = 0; i < 64 * 48; i++) greyAlpha.set(i % 64 < 32 ? [100, 255] : [200, 40], i * 2)
    for (const space of ['b-w', 'grey16'] as const) {
      const png = await sharp(greyAlpha, { raw: { width: 64, height: 48, channels: 2 } }).toColourspace(space).png().toBuffer()
      expect(png[25], 'PNG colour type').toBe(4)
      const { image, source } = await decodeImage(png)
      expect(source.hasAlpha).toBe(true)
      expect([pixel(image, 8, 8), pixel(image, 56, 8)]).toEqual([
        [100, 100, 100, 255],
        [200, 200, 200, 40]
      ])
    }
  })

  it('reads a floating-point RGB TIFF as linear light, as Photoshop saves 32-bit images', async () => {
    const { image } = await decodeImage(tiffOf({ photometric: 2, pixel: [0.5, 0.5, 0.5], bits: 32, format: 3 }))
    // Half the light is sRGB 188, not 128.
    expectClose(pixel(image, 1, 1), [188, 188, 188, 255], 1)
  })

  it('reads a CMYK TIFF with transparency (five channels, none of them extra)', async () => {
    const { image } = await decodeImage(tiffOf({ photometric: 5, pixel: [0, 0, 0, 0, 255], bits: 8, format: 1, extra: [2] }))
    expectClose(pixel(image, 1, 1), [255, 255, 255, 255], 3)
  })

  it('keeps straight alpha, so see-through pixels can be left out later', async () => {
    const { image, source } = await decodeImage(fixture('alpha.png'))
    expect(source.hasAlpha).toBe(true)
    expect(pixel(image, 8, 8)).toEqual([...ALPHA.opaque, 255])
    expect(pixel(image, 56, 8)).toEqual([...ALPHA.hidden, ALPHA.hiddenAlpha])
  })
})

describe('decodeImage decodes once, small', () => {
  it('shrinks a large photo to a long side of 512 and reports the original size', async () => {
    const big = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#3366cc' } }).jpeg().toBuffer()
    const { image, source } = await decodeImage(big)
    expect([image.width, image.height]).toEqual([512, 171])
    expect([source.width, source.height, source.format]).toEqual([3000, 1000, 'jpeg'])
    expectClose(pixel(image, 256, 85).slice(0, 3), [0x33, 0x66, 0xcc], 3)
  })

  it('reads a big progressive photo (6000 × 4000), which cannot shrink on load', async () => {
    const photo = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#3366cc' } }).jpeg({ progressive: true }).toBuffer()
    const { image, source } = await decodeImage(photo)
    expect([image.width, image.height, source.width, source.height]).toEqual([512, 341, 6000, 4000])
    expectClose(pixel(image, 256, 170).slice(0, 3), [0x33, 0x66, 0xcc], 3)
  })

  it('reads a 12-megapixel AVIF, which libheif decodes whole', async () => {
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#3366cc' } }).avif({ effort: 0 }).toBuffer()
    const { image, source } = await decodeImage(photo)
    expect([image.width, image.height, source.width, source.height, source.format]).toEqual([512, 384, 4000, 3000, 'heif'])
    expectClose(pixel(image, 256, 192).slice(0, 3), [0x33, 0x66, 0xcc], 3)
  })

  it('honours a smaller maxSide and never enlarges', async () => {
    expect((await decodeImage(fixture('quadrants.png'), { maxSide: 32 })).image.width).toBe(32)
    expect((await decodeImage(fixture('quadrants.png'), { maxSide: 2000 })).image.width).toBe(64)
  })
})

describe('decodeImage explains failures in words a designer understands', () => {
  it('a missing file', () =>
    expectEngineError(decodeImage(fixture('no-such-photo.jpg')), 'NOT_FOUND', /Can't find “no-such-photo\.jpg”/))
  it('a folder', () => expectEngineError(decodeImage(dir), 'NOT_AN_IMAGE', /is a folder/))
  it.skipIf(process.platform === 'win32')('a pipe named like an image, at once rather than waiting for a writer', async () => {
    const fifo = join(await mkdtemp(join(tmpdir(), 'decode-')), 'pipe.png')
    execFileSync('mkfifo', [fifo])
    await expectEngineError(decodeImage(fifo), 'NOT_AN_IMAGE', /^“pipe\.png” is not a file but a pipe or a device: save the image to a file and open that\.$/)
  })
  it('a file that is a circle of symbolic links, in the app’s words for it', async () => {
    const loop = join(await mkdtemp(join(tmpdir(), 'decode-')), 'loop.jpg')
    await symlink(loop, loop)
    await expectEngineError(decodeImage(loop), 'INTERNAL', /^“loop\.jpg” could not be read\. This path goes round in a circle of symbolic links\./)
  })
  it('a text file named .jpg', () =>
    expectEngineError(decodeImage(fixture('not-an-image.jpg')), 'NOT_AN_IMAGE', /not an image .*JPEG, PNG/))
  it('an empty file', () => expectEngineError(decodeImage(fixture('empty.png')), 'NOT_AN_IMAGE', /empty/))
  it('a truncated JPEG (not a silently grey half)', () =>
    expectEngineError(decodeImage(fixture('truncated.jpg')), 'CORRUPT', /damaged or incomplete/))
  it('a JPEG missing only its end marker opens whole, from a file or from bytes, as browsers show it', async () => {
    const jpeg = await noisyJpeg()
    const noEnd = jpeg.subarray(0, -2)
    const file = join(await mkdtemp(join(tmpdir(), 'decode-')), 'no-end.jpg')
    await writeFile(file, noEnd)
    const whole = await decodeImage(jpeg)
    for (const input of [file, noEnd]) expect(Buffer.from((await decodeImage(input)).image.data).equals(Buffer.from(whole.image.data))).toBe(true)
  })
  it('a JPEG cut mid-picture is still refused with its end marker put back', async () => {
    const jpeg = await noisyJpeg()
    const file = join(await mkdtemp(join(tmpdir(), 'decode-')), 'cut.jpg')
    await writeFile(file, jpeg.subarray(0, jpeg.length - 200))
    await expectEngineError(decodeImage(file), 'CORRUPT', /^“cut\.jpg” is damaged or incomplete; it may have been cut off while it was copied or downloaded\.$/)
  })
  it('a JPEG cut mid-picture and over the bytes the app reads whole is damaged, not too large', async () => {
    const jpeg = await noisyJpeg()
    const cut = jpeg.subarray(0, jpeg.length - 200)
    const file = join(await mkdtemp(join(tmpdir(), 'decode-')), 'big-cut.jpg')
    await writeFile(file, cut)
    // Its size is faked, not written: the open file's stat says it is one byte over the limit.
    const probe = await open(file)
    const handles = Object.getPrototypeOf(probe) as FileHandle
    await probe.close()
    const realStat = handles.stat
    const stat = vi.spyOn(handles, 'stat').mockImplementation(async function (this: FileHandle) {
      const info = await realStat.call(this)
      return info.size === cut.length ? Object.assign(info, { size: MAX_IMAGE_BYTES + 1 }) : info
    })
    try {
      await expectEngineError(decodeImage(file), 'CORRUPT', /^“big-cut\.jpg” is damaged or incomplete; it may have been cut off/)
      expect(stat).toHaveBeenCalled()
    } finally {
      stat.mockRestore()
    }
  })
  it('counts the frames of an animated PNG (its acTL chunk), which sharp reads as a still', async () => {
    const png = await solid().png().toBuffer()
    const actl = Buffer.from([0, 0, 0, 8, ...Buffer.from('acTL'), 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0])
    actl.writeUInt32BE(crc32(actl.subarray(4, 16)), 16)
    const apng = Buffer.concat([png.subarray(0, 33), actl, png.subarray(33)])
    expect((await decodeImage(apng)).source.pages).toBe(3)
    expect((await decodeImage(png)).source.pages).toBe(1)
  })
  it('a truncated PNG', () => expectEngineError(decodeImage(fixture('truncated.png')), 'CORRUPT', /damaged or incomplete/))
  it('a truncated large JPEG that shrink-on-load would otherwise hide', async () => {
    const noisy = await sharp({ create: { width: 1280, height: 960, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .jpeg({ quality: 80 })
      .toBuffer()
    await expectEngineError(decodeImage(noisy.subarray(0, noisy.length >> 1)), 'CORRUPT', /damaged or incomplete/)
  })
  it('a JPEG with garbled picture data (not a grey block)', () =>
    expectEngineError(decodeImage(fixture('garbled.jpg')), 'CORRUPT', /“garbled\.jpg” is damaged: part of its picture data is garbled/))
  it('a TIFF cut off inside its strips (not black rows)', () =>
    expectEngineError(decodeImage(fixture('cut-strips.tiff')), 'CORRUPT', /“cut-strips\.tiff” is damaged or incomplete/))
  it('the start of an iPhone HEIC', () => expectEngineError(decodeImage(fixture('iphone.heic')), 'UNSUPPORTED', /HEIC image/))
  // A whole HEVC-coded HEIC, written by libheif's heif-enc (x265); libvips fails it with "bad seek".
  it('a real HEIC', () =>
    expectEngineError(
      decodeImage(committed('quadrants-hevc.heic')),
      'UNSUPPORTED',
      /^“quadrants-hevc\.heic” is a HEIC image \(HEVC-coded, as iPhones save them\), which Palette Studio can't read\. Save it as PNG or JPEG and try again\.$/
    ))
  it('a HEIC listing the AVIF brand before its own is still refused as a HEIC: its HEVC tiles tell', async () => {
    const heic = await readFile(committed('quadrants-hevc.heic'))
    heic.write('mif1', 8, 'latin1')
    heic.write('avifheicmiaf', 16, 'latin1')
    await expectEngineError(decodeImage(heic), 'UNSUPPORTED', /HEIC image \(HEVC-coded, as iPhones save them\)/)
  })
  it('a damaged AVIF with the generic mif1 brand is called damaged, not a HEIC', async () => {
    const avif = await readFile(committed('quadrants-mif1.avif'))
    await expectEngineError(decodeImage(avif.subarray(0, avif.length - 40)), 'CORRUPT', /damaged or incomplete/)
  })
  it('an AVIF whose boxes claim garbage sizes fails only with the engine’s own error', async () => {
    const avif = await readFile(committed('quadrants-mif1.avif'))
    // The sizes of meta, iinf, infe and ipco: past the file, less than a header, or zero.
    for (const box of ['meta', 'iinf', 'infe', 'ipco']) {
      for (const size of [0xffffffff, 1, 4, 0]) {
        const bad = Buffer.from(avif)
        bad.writeUInt32BE(size, bad.indexOf(box) - 4)
        const error = await decodeImage(bad).then(() => undefined, (e: unknown) => e)
        if (error) expect(error, `${box} of ${size} bytes`).toBeInstanceOf(EngineError)
      }
    }
  })
  it('a floating-point greyscale TIFF (ImageJ, Photoshop 32-bit), not a black palette', () =>
    expectEngineError(
      decodeImage(tiffOf({ photometric: 1, pixel: [0.5], bits: 32, format: 3 })),
      'UNSUPPORTED',
      /^The image is a TIFF image whose pixels are 32-bit floating-point greyscale values, which Palette Studio can't read\. Save it as an 8- or 16-bit image/
    ))
  it('a TIFF of signed numbers, not an empty palette', () =>
    expectEngineError(
      decodeImage(tiffOf({ photometric: 1, pixel: [1000], bits: 16, format: 2 })),
      'UNSUPPORTED',
      /whose pixels are 16-bit signed integer greyscale values/
    ))
  it('a TIFF of 64-bit floating-point samples (as numpy writes them), not a damaged file', () =>
    expectEngineError(
      decodeImage(tiffOf({ photometric: 2, pixel: [0.5, 0.5, 0.5], bits: 64, format: 3 })),
      'UNSUPPORTED',
      /is a TIFF image stored with an unusual number of bits a sample, which Palette Studio can't read/
    ))
  it('a TIFF with a saved selection besides its transparency, not a damaged file', () =>
    expectEngineError(
      decodeImage(tiffOf({ photometric: 2, pixel: [51, 102, 204, 255, 7], bits: 8, format: 1, extra: [2, 0] })),
      'UNSUPPORTED',
      /with 1 extra channel besides its colours and transparency .*Save a copy without extra channels/
    ))
  it('a Lab TIFF (Photoshop’s Lab mode), not a damaged file', async () => {
    const lab = await solid().toColourspace('labq').tiff().toBuffer()
    await expectEngineError(decodeImage(lab), 'UNSUPPORTED', /is a TIFF image whose colours are stored as Lab.*Save it as RGB/)
  })
  it('a decompression bomb, refused before decoding', () =>
    expectEngineError(decodeImage(fixture('bomb.png')), 'TOO_LARGE', /100,000 × 100,000 pixels .*limit is 268 megapixels/))
  it('an interlaced PNG too large to hold whole, refused before decoding', () =>
    expectEngineError(
      decodeImage(fixture('interlaced-bomb.png')),
      'TOO_LARGE',
      /interlaced PNG of 12,000 × 12,000 pixels has to be read whole \(549 MiB; the limit is 512 MiB\)\. Save it again with interlacing off/
    ))
  it('a PNG so wide that shrinking it would hold most of its rows (1,000,000 × 200), refused before decoding', () =>
    expectEngineError(
      decodeImage(pngClaiming(1_000_000, 200)),
      'TOO_LARGE',
      /^The image is too large to open safely: a PNG image of 1,000,000 × 200 pixels is too wide to read a few rows at a time \(1,305 MiB; the limit is 512 MiB\)\. Crop or scale it to at most 392,449 pixels wide, or turn it a quarter turn, and try again\.$/
    ))
  it('a PNG whose EXIF orientation stands its wide stored rows up (shown 200 × 1,000,000) is refused for its stored rows', () =>
    expectEngineError(
      decodeImage(pngClaiming(1_000_000, 200, 6)),
      'TOO_LARGE',
      /^The image is too large to open safely: a PNG image of 200 × 1,000,000 pixels is stored on its side, as 1,000,000 × 200 pixels that its EXIF orientation turns, and its stored rows are too wide to read a few at a time \(1,305 MiB; the limit is 512 MiB\)\. Save it again upright, with the turn applied to its pixels, and try again\.$/
    ))
  it('a wide PNG whose EXIF orientation only mirrors or flips it is still called too wide', () =>
    expectEngineError(decodeImage(pngClaiming(1_000_000, 200, 4)), 'TOO_LARGE', /of 1,000,000 × 200 pixels is too wide to read a few rows at a time/))
  it('the same pixels standing (200 × 1,000,000) stream: not refused for their size, their missing data is what fails', () =>
    expectEngineError(decodeImage(pngClaiming(200, 1_000_000)), 'CORRUPT', /damaged or incomplete/))
  it('a progressive JPEG too large to hold whole, refused before decoding', () =>
    expectEngineError(
      jpegClaiming(16_000, 16_000, { progressive: true }).then((jpeg) => decodeImage(jpeg)),
      'TOO_LARGE',
      /progressive JPEG of 16,000 × 16,000 pixels has to be read whole \(977 MiB; the limit is 512 MiB\)\. Save it again as a baseline \(standard\) JPEG, not progressive/
    ))
  it('a progressive JPEG counts its colour at full resolution when it is not subsampled', () =>
    expectEngineError(
      jpegClaiming(10_000, 10_000, { progressive: true, chromaSubsampling: '4:4:4' }).then((jpeg) => decodeImage(jpeg)),
      'TOO_LARGE',
      /progressive JPEG of 10,000 × 10,000 pixels has to be read whole \(572 MiB; the limit is 512 MiB\)/
    ))
  it('a baseline JPEG claiming the same size is not refused for its size (it streams): its missing data is what fails', () =>
    expectEngineError(
      jpegClaiming(16_000, 16_000, { progressive: false }).then((jpeg) => decodeImage(jpeg)),
      'CORRUPT',
      /damaged or incomplete/
    ))
  it('a few-KB AVIF claiming 16000² (a decompression bomb within the pixel limit), refused before decoding', () =>
    expectEngineError(
      avifClaiming(16_000, 16_000).then((avif) => decodeImage(avif)),
      'TOO_LARGE',
      /AVIF or HEIF image of 16,000 × 16,000 pixels has to be read whole \(4,883 MiB; the limit is 1,024 MiB\)\. Export it again as a JPEG or PNG, or as a smaller AVIF/
    ))
  // sharp reports this AVIF's compression as 'hevc', as it would a HEIC's, which is never checked for size.
  it('an AVIF with the generic mif1 major brand claiming 16000² is refused before decoding too', async () => {
    const avif = await readFile(committed('quadrants-mif1.avif'))
    const ispe = avif.indexOf('ispe')
    avif.writeUInt32BE(16_000, ispe + 8)
    avif.writeUInt32BE(16_000, ispe + 12)
    await expectEngineError(decodeImage(avif), 'TOO_LARGE', /AVIF or HEIF image of 16,000 × 16,000 pixels has to be read whole \(4,883 MiB; the limit is 1,024 MiB\)/)
  })
  it('an 8-bit AVIF past its own 1 GiB budget (60 megapixels), refused before decoding', () =>
    expectEngineError(
      avifClaiming(10_000, 6000).then((avif) => decodeImage(avif)),
      'TOO_LARGE',
      /AVIF or HEIF image of 10,000 × 6,000 pixels has to be read whole \(1,144 MiB; the limit is 1,024 MiB\)/
    ))
  it('an AVIF of 10 or 12 bits counts its deeper samples: 45 megapixels is too many', () =>
    expectEngineError(
      avifClaiming(8256, 5504, { bitdepth: 10 }).then((avif) => decodeImage(avif)),
      'TOO_LARGE',
      /AVIF or HEIF image of 8,256 × 5,504 pixels has to be read whole \(1,127 MiB; the limit is 1,024 MiB\)/
    ))
  it('a 12-bit AVIF claiming 24 megapixels (an HDR export of a camera photo) is not refused for its size: its missing pixels are what fails', () =>
    expectEngineError(
      avifClaiming(6000, 4000, { bitdepth: 12 }).then((avif) => decodeImage(avif)),
      'CORRUPT',
      /damaged or incomplete/
    ))
  it('an 8-bit AVIF claiming 24 megapixels (a camera photo) is not refused for its size: its missing pixels are what fails', () =>
    expectEngineError(
      avifClaiming(6000, 4000).then((avif) => decodeImage(avif)),
      'CORRUPT',
      /damaged or incomplete/
    ))
  it('a lossless WebP too large to hold whole, refused before decoding', () =>
    expectEngineError(
      webpClaiming(12_000, 12_000, true).then((webp) => decodeImage(webp)),
      'TOO_LARGE',
      /lossless WebP of 12,000 × 12,000 pixels has to be read whole \(687 MiB; the limit is 512 MiB\)\. Save it again as a JPEG, a PNG or a lossy WebP/
    ))
  it('a lossy WebP claiming a bigger size is not refused for its size (it streams): its missing data is what fails', () =>
    expectEngineError(
      webpClaiming(16_000, 16_000, false).then((webp) => decodeImage(webp)),
      'CORRUPT',
      /damaged or incomplete/
    ))
  it('a lossy WebP with an ICC profile before its picture is not taken for a lossless one: it streams, whatever its size', async () => {
    const webp = await webpClaiming(16_000, 16_000, false, { profile: true })
    const path = join(await mkdtemp(join(tmpdir(), 'decode-')), 'profiled.webp')
    await writeFile(path, webp)
    // From memory and from a file: the file's chunks are read from the disk.
    for (const input of [webp, path]) await expectEngineError(decodeImage(input), 'CORRUPT', /damaged or incomplete/)
  })
  it('an animated lossy WebP claiming a bigger size streams too: its missing data is what fails', () =>
    expectEngineError(
      webpClaiming(16_000, 16_000, false, { animated: true }).then((webp) => decodeImage(webp)),
      'CORRUPT',
      /damaged or incomplete/
    ))
  it('a lossless WebP with an ICC profile before its picture, too large to hold whole, is refused before decoding', () =>
    expectEngineError(
      webpClaiming(12_000, 12_000, true, { profile: true }).then((webp) => decodeImage(webp)),
      'TOO_LARGE',
      /lossless WebP of 12,000 × 12,000 pixels has to be read whole/
    ))
  it('a GIF too large to hold whole, refused before decoding', () =>
    expectEngineError(
      gifClaiming(12_000, 12_000).then((gif) => decodeImage(gif)),
      'TOO_LARGE',
      /GIF of 12,000 × 12,000 pixels has to be read whole \(961 MiB; the limit is 512 MiB\)\. Save it again as a PNG/
    ))
  it('a configurable pixel limit', () =>
    expectEngineError(decodeImage(fixture('quadrants.png'), { limitInputPixels: 1000 }), 'TOO_LARGE', /too large/))
})

describe('a file whose name is not valid UTF-8 (a Latin-1 "café" from an old archive)', () => {
  let own = ''
  beforeAll(async () => {
    own = await mkdtemp(join(tmpdir(), 'decode-latin1-'))
  })
  afterAll(() => rm(own, { recursive: true }))
  /** The name's bytes on disk, and the string Node and Electron make of them (é → U+FFFD). */
  const named = (name: string) => {
    const bytes = Buffer.from(join(own, name), 'latin1')
    return { bytes, lossy: bytes.toString('utf8') }
  }

  it('opens by the lossy name it reaches the engine with', async () => {
    const { bytes, lossy } = named('caf\xe9.png')
    await writeFile(bytes, await solid().png().toBuffer())
    const { image, source } = await decodeImage(lossy)
    expect(source).toMatchObject({ format: 'png', width: 64, height: 48 })
    expect(pixel(image, 10, 10)).toEqual([0x33, 0x66, 0xcc, 255])
  })

  it('is named by that name in errors', async () => {
    const { bytes, lossy } = named('coup\xe9.png')
    await writeFile(bytes, (await solid().png().toBuffer()).subarray(0, 60))
    const error = await decodeImage(lossy).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'CORRUPT', file: lossy, message: expect.stringMatching(/^“coup\uFFFD\.png” is damaged/) })
  })

  it('is refused before it is read whole when over the limit for bytes', async () => {
    const { bytes, lossy } = named('g\xe9ant.png')
    await writeFile(bytes, await solid().png().toBuffer())
    await truncate(bytes, 300 * 2 ** 20) // sparse: no 300 MB written
    await expectEngineError(decodeImage(lossy), 'TOO_LARGE', /^“g\uFFFDant\.png” is too large to open safely: its name is not valid UTF-8, so it has to be read whole \(300 MiB; the limit is 256 MiB\)\. Rename it/)
  })

  it('says so when two names in its folder read the same, rather than guess', async () => {
    await writeFile(named('r\xe9ve.png').bytes, await solid().png().toBuffer())
    await writeFile(named('r\xe8ve.png').bytes, await solid().png().toBuffer())
    await expectEngineError(decodeImage(named('r\xe9ve.png').lossy), 'NOT_FOUND', /^Can't find “r\uFFFDve\.png”: its name is not valid UTF-8, and more than one name in its folder reads the same\. Rename it/)
  })
})
