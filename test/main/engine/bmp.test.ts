import { type FileHandle, mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { decodeImage } from '../../../src/main/engine/decode'
import { extractPalette } from '../../../src/main/engine/extract'
import { expectEngineError } from './helpers'

/** A picture of smooth gradients and a few flat blocks, wider than the decoded image (so it is resized). */
const W = 700
const H = 300
function picture(): Buffer {
  const rgb = Buffer.alloc(W * H * 3)
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const at = (y * W + x) * 3
      const block = x < 200 ? [200, 40, 30] : x < 300 ? [20, 90, 180] : [(x * 3) & 0xff, (y * 5) & 0xff, ((x + y) * 2) & 0xff]
      rgb.set(block, at)
    }
  }
  return rgb
}

interface BmpLayout {
  bits: 8 | 24 | 32
  topDown?: boolean
  /** 8-bit: the colour table; pixels are indices into it. */
  table?: number[][]
  compression?: number
  /** 32-bit: the colour masks written into the V4 header (BITFIELDS' by default). */
  masks?: number[]
  /** Bytes left empty between the header and the pixels. */
  gap?: number
}

/** A BMP as Windows writes one: BITMAPINFOHEADER, or a V4 header with BITFIELDS (and alpha) for 32 bits. */
function bmp(width: number, height: number, pixel: (x: number, y: number) => number[], layout: BmpLayout): Buffer {
  const { bits, table = [] } = layout
  const headerSize = bits === 32 ? 108 : 40
  const offset = 14 + headerSize + table.length * 4 + (layout.gap ?? 0)
  const rowBytes = Math.ceil((width * bits) / 32) * 4
  const buf = Buffer.alloc(offset + rowBytes * height)
  buf.write('BM', 0, 'latin1')
  buf.writeUInt32LE(buf.length, 2)
  buf.writeUInt32LE(offset, 10)
  buf.writeUInt32LE(headerSize, 14)
  buf.writeInt32LE(width, 18)
  buf.writeInt32LE(layout.topDown ? -height : height, 22)
  buf.writeUInt16LE(1, 26)
  buf.writeUInt16LE(bits, 28)
  buf.writeUInt32LE(layout.compression ?? (bits === 32 ? 3 : 0), 30)
  buf.writeUInt32LE(table.length, 46)
  if (bits === 32) (layout.masks ?? [0xff0000, 0xff00, 0xff, 0xff000000]).forEach((mask, i) => buf.writeUInt32LE(mask, 54 + i * 4))
  table.forEach(([r, g, b], i) => buf.set([b, g, r, 0], 14 + headerSize + i * 4))
  for (let y = 0; y < height; y++) {
    const row = offset + (layout.topDown ? y : height - 1 - y) * rowBytes
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = pixel(x, y)
      if (bits === 8) buf[row + x] = r
      else buf.set(bits === 24 ? [b, g, r] : [b, g, r, a], row + x * (bits / 8))
    }
  }
  return buf
}

const fromRgb =
  (rgb: Buffer) =>
  (x: number, y: number): number[] => [...rgb.subarray((y * W + x) * 3, (y * W + x) * 3 + 3), 255]

const png = (rgb: Buffer): Promise<Buffer> => sharp(rgb, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer()

async function medianCut(input: Buffer): Promise<string[]> {
  const result = await extractPalette(input, { method: 'median-cut' })
  return result.palette.swatches.map((s) => s.hex)
}


describe('BMP images', () => {
  it('give a 24-bit BMP the palette of the same picture saved as PNG', async () => {
    const rgb = picture()
    expect(await medianCut(bmp(W, H, fromRgb(rgb), { bits: 24 }))).toEqual(await medianCut(await png(rgb)))
  })

  it('give an 8-bit palette BMP the palette of the same picture saved as PNG', async () => {
    const table = Array.from({ length: 256 }, (_, i) => [(i * 7) & 0xff, (i * 13) & 0xff, 255 - i])
    const indices = picture().map((v, i) => (i % 3 === 0 ? v : 0))
    const rgb = Buffer.alloc(W * H * 3)
    for (let i = 0; i < W * H; i++) rgb.set(table[indices[i * 3]], i * 3)
    const eight = bmp(W, H, (x, y) => [indices[(y * W + x) * 3]], { bits: 8, table })
    expect(await medianCut(eight)).toEqual(await medianCut(await png(rgb)))
  })

  it('read a top-down BMP (negative height) the right way up', async () => {
    const topRed = (_x: number, y: number): number[] => (y < 10 ? [255, 0, 0, 255] : [0, 0, 255, 255])
    const { image } = await decodeImage(bmp(20, 40, topRed, { bits: 24, topDown: true }))
    expect([...image.data.subarray(0, 4)]).toEqual([255, 0, 0, 255])
    expect([...image.data.subarray(image.data.length - 4)]).toEqual([0, 0, 255, 255])
  })

  it('keep the transparency of a 32-bit BITFIELDS BMP with an alpha mask', async () => {
    const half = (x: number): number[] => (x < 10 ? [0, 200, 0, 0] : [0, 200, 0, 255])
    const { image, source } = await decodeImage(bmp(20, 4, half, { bits: 32 }))
    expect(source).toMatchObject({ format: 'bmp', hasAlpha: true, width: 20, height: 4 })
    expect(image.data[3]).toBe(0)
    expect([...image.data.subarray(76, 80)]).toEqual([0, 200, 0, 255])
  })

  it('read an uncompressed 32-bit BMP whose V4 header leaves the colour masks empty as opaque colours, not black', async () => {
    const orange = (): number[] => [250, 120, 10, 0]
    const { image, source } = await decodeImage(bmp(4, 4, orange, { bits: 32, compression: 0, masks: [0, 0, 0, 0] }))
    expect([source.hasAlpha, ...image.data.subarray(0, 4)]).toEqual([false, 250, 120, 10, 255])
  })

  it('read the pixels from where the header says they start, past a gap after the colour table', async () => {
    const { image } = await decodeImage(bmp(4, 4, () => [30, 60, 90, 255], { bits: 24, gap: 6 }))
    // The bottom row, stored first, would start with the gap's zeros.
    expect([...image.data.subarray(12 * 4, 13 * 4)]).toEqual([30, 60, 90, 255])
  })

  it('refuse a BMP claiming 100000 × 100000 pixels before decoding it, as any huge image', async () => {
    const header = bmp(2, 2, () => [0, 0, 0, 255], { bits: 24 })
    header.writeInt32LE(100000, 18)
    header.writeInt32LE(100000, 22)
    await expectEngineError(decodeImage(header), 'TOO_LARGE', /100,000 × 100,000 pixels \(10,000 megapixels; the limit is 268 megapixels\)/)
  })

  it('call a cut-off BMP damaged', async () => {
    const whole = bmp(40, 40, () => [9, 9, 9, 255], { bits: 24 })
    await expectEngineError(decodeImage(whole.subarray(0, 2000)), 'CORRUPT', /is damaged or incomplete; it may have been cut off/)
    await expectEngineError(decodeImage(whole.subarray(0, 30)), 'CORRUPT', /is damaged or incomplete/)
  })

  it.each([
    [4, /a BMP image holding a JPEG, which Palette Studio can't read\. Save it as PNG or JPEG/],
    [5, /a BMP image holding a PNG, which Palette Studio can't read/]
  ])('name the kind of BMP it cannot read (compression %i)', async (compression, message) => {
    const table = [[0, 0, 0]]
    await expectEngineError(decodeImage(bmp(4, 4, () => [0], { bits: 8, table, compression })), 'UNSUPPORTED', message)
  })
})

interface BmpParts {
  width: number
  height: number
  bits: number
  compression: number
  /** The stored pixels, as they follow the header (and its colour table) in the file. */
  pixels: Buffer
  /** 40 (BITMAPINFOHEADER) unless given; 124 is a V5 header. */
  headerSize?: number
  table?: number[][]
  /** Written right after the info header: BITFIELDS' colour masks. */
  masks?: number[]
  /** An ICC profile, put after the pixels and named in a V5 header. */
  profile?: Buffer
}

/** A BMP made of the given stored pixels, for layouts the `bmp` helper does not write. */
function bmpOf(parts: BmpParts): Buffer {
  const { table = [], masks = [], headerSize = 40 } = parts
  const offset = 14 + headerSize + (headerSize === 40 ? masks.length * 4 : 0) + table.length * 4
  const head = Buffer.alloc(offset)
  head.write('BM', 0, 'latin1')
  head.writeUInt32LE(offset + parts.pixels.length + (parts.profile?.length ?? 0), 2)
  head.writeUInt32LE(offset, 10)
  head.writeUInt32LE(headerSize, 14)
  head.writeInt32LE(parts.width, 18)
  head.writeInt32LE(parts.height, 22)
  head.writeUInt16LE(1, 26)
  head.writeUInt16LE(parts.bits, 28)
  head.writeUInt32LE(parts.compression, 30)
  head.writeUInt32LE(table.length, 46)
  masks.forEach((mask, i) => head.writeUInt32LE(mask, 54 + i * 4))
  if (parts.profile) {
    head.writeUInt32LE(0x4d424544, 70)
    head.writeUInt32LE(offset + parts.pixels.length - 14, 126)
    head.writeUInt32LE(parts.profile.length, 130)
  }
  table.forEach(([r, g, b], i) => head.set([b, g, r, 0], offset - (table.length - i) * 4))
  return Buffer.concat([head, parts.pixels, parts.profile ?? Buffer.alloc(0)])
}

/** The decoded picture's rows, top first, as [r, g, b] of each pixel. */
async function decodedRows(file: Buffer): Promise<number[][][]> {
  const { image } = await decodeImage(file)
  return Array.from({ length: image.height }, (_, y) =>
    Array.from({ length: image.width }, (_, x) => [...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3)])
  )
}

describe('RLE-compressed BMP images', () => {
  const BACKGROUND = [10, 20, 30]
  const RED = [255, 0, 0]
  const GREEN = [0, 255, 0]
  const BLUE = [0, 0, 255]
  const WHITE = [255, 255, 255]
  const table = [BACKGROUND, RED, GREEN, BLUE, WHITE]

  // Rows are stored bottom first. Row 0: an encoded run, then an odd absolute run padded to 16 bits;
  // row 1: a run, then a delta one right and one up, which skips the rest of row 1 and the start of
  // row 2; row 3: a run longer than the row, cut at its edge; then the end of the bitmap.
  const rle8 = Buffer.from([
    ...[3, 1, 0, 3, 2, 3, 2, 0, 0, 0],
    ...[2, 4, 0, 2, 1, 1, 3, 3, 0, 0],
    ...[8, 2, 0, 1]
  ])

  it('decode RLE8 runs, absolute runs, end-of-line, delta and end-of-bitmap, bottom row first', async () => {
    expect(await decodedRows(bmpOf({ width: 6, height: 4, bits: 8, compression: 1, table, pixels: rle8 }))).toEqual([
      [GREEN, GREEN, GREEN, GREEN, GREEN, GREEN],
      [BACKGROUND, BACKGROUND, BACKGROUND, BLUE, BLUE, BLUE],
      [WHITE, WHITE, BACKGROUND, BACKGROUND, BACKGROUND, BACKGROUND],
      [RED, RED, RED, GREEN, BLUE, GREEN]
    ])
  })

  it('decode RLE4 runs of alternating nibbles and an odd-length absolute run padded to 16 bits', async () => {
    const rle4 = Buffer.from([5, 0x12, 0, 0, 0, 5, 0x34, 0x12, 0x30, 0, 0, 1])
    expect(await decodedRows(bmpOf({ width: 5, height: 2, bits: 4, compression: 2, table, pixels: rle4 }))).toEqual([
      [BLUE, WHITE, RED, GREEN, BLUE],
      [RED, GREEN, RED, GREEN, RED]
    ])
  })

  it('call RLE data that ends before the picture does damaged, saying so', async () => {
    const cut = bmpOf({ width: 6, height: 4, bits: 8, compression: 1, table, pixels: rle8.subarray(0, 13) })
    await expectEngineError(decodeImage(cut), 'CORRUPT', /is damaged: its RLE-compressed pixels end before the picture does; it may have been cut off/)
  })

  it('call RLE data whose delta moves past the picture damaged, saying so', async () => {
    const pastEdge = bmpOf({ width: 6, height: 4, bits: 8, compression: 1, table, pixels: Buffer.from([0, 2, 0, 9, 0, 1]) })
    await expectEngineError(decodeImage(pastEdge), 'CORRUPT', /is damaged: its RLE-compressed pixels move past the edge of the picture/)
  })

  it('still refuse an RLE BMP claiming 100000 × 100000 pixels before decoding it', async () => {
    const huge = bmpOf({ width: 100000, height: 100000, bits: 8, compression: 1, table, pixels: Buffer.from([0, 1]) })
    await expectEngineError(decodeImage(huge), 'TOO_LARGE', /100,000 × 100,000 pixels/)
  })
})

describe('uncompressed palette and 24-bit BMP images', () => {
  const ORANGE = [250, 120, 10]
  const TEAL = [0, 128, 128]
  const PURPLE = [120, 30, 200]
  /** Each stored row followed by zeros to the 4 bytes BMP pads it to. */
  const padded = (...rows: number[][]): Buffer => Buffer.concat(rows.map((row) => Buffer.concat([Buffer.from(row), Buffer.alloc(-row.length & 3)])))

  it('read a 1-bit BMP in the two colours of its table, not black and white, leftmost pixel in the high bit', async () => {
    // 10 pixels a row: two bytes, the second using only its two high bits.
    const pixels = padded([0b10110000, 0b01000000], [0b01001111, 0b10111111])
    expect(await decodedRows(bmpOf({ width: 10, height: 2, bits: 1, compression: 0, table: [ORANGE, TEAL], pixels }))).toEqual([
      [ORANGE, TEAL, ORANGE, ORANGE, TEAL, TEAL, TEAL, TEAL, TEAL, ORANGE],
      [TEAL, ORANGE, TEAL, TEAL, ORANGE, ORANGE, ORANGE, ORANGE, ORANGE, TEAL]
    ])
  })

  it('read a 4-bit BMP of odd width, whose last byte in a row holds one pixel, high nibble first', async () => {
    const table = [ORANGE, TEAL, PURPLE]
    const pixels = padded([0x01, 0x2f], [0x21, 0x0f])
    expect(await decodedRows(bmpOf({ width: 3, height: 2, bits: 4, compression: 0, table, pixels }))).toEqual([
      [PURPLE, TEAL, ORANGE],
      [ORANGE, TEAL, PURPLE]
    ])
  })

  it('read a top-down 8-bit BMP (negative height) top row first, an index past the colour table as black', async () => {
    // Index 3 is just past the table, where the first row's bytes lie.
    const pixels = padded([0, 1, 2], [2, 3, 0])
    const file = bmpOf({ width: 3, height: -2, bits: 8, compression: 0, table: [ORANGE, TEAL, PURPLE], pixels })
    expect(await decodedRows(file)).toEqual([
      [ORANGE, TEAL, PURPLE],
      [PURPLE, [0, 0, 0], ORANGE]
    ])
  })

  it('read a 24-bit BMP whose rows (3 pixels, 9 bytes) are padded to 12 bytes, bottom row first', async () => {
    const bgr = (...colours: number[][]): number[] => colours.flatMap(([r, g, b]) => [b, g, r])
    const pixels = padded(bgr(TEAL, PURPLE, ORANGE), bgr(ORANGE, TEAL, PURPLE))
    expect(await decodedRows(bmpOf({ width: 3, height: 2, bits: 24, compression: 0, pixels }))).toEqual([
      [ORANGE, TEAL, PURPLE],
      [TEAL, PURPLE, ORANGE]
    ])
  })
})

describe('16-bit BMP images', () => {
  /** Two 16-bit pixels and the padding to 4 bytes. */
  const pixels = (a: number, b: number): Buffer => Buffer.from(new Uint16Array([a, b]).buffer)

  it('scale 5-6-5 BITFIELDS channels exactly: (31, 63, 31) is white and (16, 32, 16) is 132, 130, 132', async () => {
    const rgb565 = (r: number, g: number, b: number): number => (r << 11) | (g << 5) | b
    const file = bmpOf({ width: 2, height: 1, bits: 16, compression: 3, masks: [0xf800, 0x07e0, 0x001f], pixels: pixels(rgb565(31, 63, 31), rgb565(16, 32, 16)) })
    expect(await decodedRows(file)).toEqual([[[255, 255, 255], [132, 130, 132]]])
  })

  it('scale 5-5-5 channels exactly: (31, 31, 31) is white and (16, 0, 1) is 132, 0, 8', async () => {
    const rgb555 = (r: number, g: number, b: number): number => (r << 10) | (g << 5) | b
    const file = bmpOf({ width: 2, height: 1, bits: 16, compression: 0, pixels: pixels(rgb555(31, 31, 31), rgb555(16, 0, 1)) })
    expect(await decodedRows(file)).toEqual([[[255, 255, 255], [132, 0, 8]]])
  })
})

describe('V5 BMP images with an embedded colour profile', () => {
  const SIZE = 8
  /** Saturated colours, which a Display P3 profile moves far from their sRGB reading. */
  const srgb = Buffer.from(Array.from({ length: SIZE * SIZE }, (_, i) => [[255, 0, 0], [0, 200, 40], [30, 60, 250], [250, 220, 0]][i % 4]).flat())

  /** The same picture as a PNG written in Display P3 (sharp's built-in profile), its stored pixels and that profile. */
  async function p3Picture(): Promise<{ png: Buffer; stored: Buffer; profile: Buffer }> {
    const png = await sharp(srgb, { raw: { width: SIZE, height: SIZE, channels: 3 } }).withIccProfile('p3').png().toBuffer()
    const stored = await sharp(png, { ignoreIcc: true }).removeAlpha().raw().toBuffer()
    return { png, stored, profile: (await sharp(png).metadata()).icc as Buffer }
  }

  /** A bottom-up 24-bit BMP of those pixels (SIZE × 3 bytes a row: already a multiple of 4). */
  function bmp24(stored: Buffer): Buffer {
    const rows = Array.from({ length: SIZE }, (_, y) => stored.subarray((SIZE - 1 - y) * SIZE * 3, (SIZE - y) * SIZE * 3))
    const bgr = Buffer.concat(rows)
    for (let i = 0; i < bgr.length; i += 3) [bgr[i], bgr[i + 2]] = [bgr[i + 2], bgr[i]]
    return bgr
  }

  it('convert the colours through the embedded profile, as for the same pixels in a PNG with that profile', async () => {
    const { png, stored, profile } = await p3Picture()
    const file = bmpOf({ width: SIZE, height: SIZE, bits: 24, compression: 0, headerSize: 124, pixels: bmp24(stored), profile })
    const fromBmp = await decodeImage(file)
    const fromPng = await decodeImage(png)
    expect(fromBmp.source.hasProfile).toBe(true)
    expect([...fromBmp.image.data]).toEqual([...fromPng.image.data])
  })

  it('take the colours as sRGB when the profile claims bytes past the end of the file', async () => {
    const { stored, profile } = await p3Picture()
    const file = bmpOf({ width: SIZE, height: SIZE, bits: 24, compression: 0, headerSize: 124, pixels: bmp24(stored), profile })
    const { image, source } = await decodeImage(file.subarray(0, file.length - 10))
    expect(source.hasProfile).toBe(false)
    expect([...image.data.subarray(0, 3)]).toEqual([...stored.subarray(0, 3)])
  })
})

describe('BMP files followed by junk', () => {
  /** 1.5 GB: the file is sparse, so the junk (zeros) costs no disk, only the reading of it. */
  const JUNK_END = 1.5 * 2 ** 30
  const dirs: string[] = []
  afterEach(async () => {
    vi.restoreAllMocks()
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true })))
  })

  /** `bytes` written to a file that goes on, with zeros, to JUNK_END. */
  async function withJunkTail(bytes: Buffer): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'bmp-junk-'))
    dirs.push(dir)
    const path = join(dir, 'scan.bmp')
    await writeFile(path, bytes)
    await truncate(path, JUNK_END)
    return path
  }

  /** Counts the bytes every file handle reads or is read whole into while `run` runs (`path`: any file, to find their class). */
  async function bytesReadBy<T>(path: string, run: () => Promise<T>): Promise<{ result: T; bytes: number }> {
    const any = await open(path)
    const handle = Object.getPrototypeOf(any) as FileHandle
    await any.close()
    const read = vi.spyOn(handle, 'read')
    const readFile = vi.spyOn(handle, 'readFile')
    const result = await run()
    let bytes = 0
    for (const { value } of read.mock.results) bytes += (await (value as ReturnType<FileHandle['read']>)).bytesRead
    for (const { value } of readFile.mock.results) bytes += (await (value as Promise<Buffer>)).length
    return { result, bytes }
  }

  it.each([
    ['24-bit', () => bmp(20, 10, (x) => [x * 12, 90, 200, 255], { bits: 24 })],
    ['RLE8', () => bmpOf({ width: 5, height: 2, bits: 8, compression: 1, table: [[9, 9, 9], [250, 0, 0]], pixels: Buffer.from([5, 1, 0, 0, 5, 0, 0, 1]) })],
    [
      'V5 with its profile after the pixels',
      async () => {
        const png = await sharp(Buffer.alloc(3), { raw: { width: 1, height: 1, channels: 3 } }).withIccProfile('p3').png().toBuffer()
        const profile = (await sharp(png).metadata()).icc as Buffer
        return bmpOf({ width: 1, height: 1, bits: 24, compression: 0, headerSize: 124, pixels: Buffer.from([30, 200, 250, 0]), profile })
      }
    ]
  ])('decode a %s BMP followed by 1.5 GB of junk as without it, without reading the junk', async (_kind, make) => {
    const picture = await make()
    const path = await withJunkTail(picture)
    const { result, bytes } = await bytesReadBy(path, () => decodeImage(path))
    expect(bytes).toBeLessThan(1024 * 1024)
    const alone = await decodeImage(picture)
    expect(result.source).toEqual(alone.source)
    expect([...result.image.data]).toEqual([...alone.image.data])
  })

  it('refuses a small BMP whose damaged header places its pixels a gigabyte in, without reading up to them', async () => {
    const picture = bmp(20, 10, (x) => [x * 12, 90, 200, 255], { bits: 24 })
    picture.writeUInt32LE(2 ** 30, 10) // bfOffBits
    const path = await withJunkTail(picture)
    const { result, bytes } = await bytesReadBy(path, () => decodeImage(path).catch((error: unknown) => error))
    expect(result).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/^“scan\.bmp” is too large to open safely: a BMP of 20 × 10 pixels has to be read whole \(1,024 MiB; the limit is 512 MiB\)/) })
    expect(bytes).toBeLessThan(1024 * 1024)
  })
})
