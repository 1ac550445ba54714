import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/engine/decode'
import { EngineError, type EngineErrorCode } from '../../../src/main/engine/errors'
import { extractPalette } from '../../../src/main/engine/extract'

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

async function expectEngineError(promise: Promise<unknown>, code: EngineErrorCode, message: RegExp): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(EngineError)
  expect((error as EngineError).code).toBe(code)
  expect((error as EngineError).message).toMatch(message)
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
    [1, /a BMP image compressed with RLE, which Palette Studio can't read\. Save it as PNG or JPEG/],
    [4, /a BMP image holding a JPEG, which Palette Studio can't read/]
  ])('name the kind of BMP it cannot read (compression %i)', async (compression, message) => {
    const table = [[0, 0, 0]]
    await expectEngineError(decodeImage(bmp(4, 4, () => [0], { bits: 8, table, compression })), 'UNSUPPORTED', message)
  })
})
