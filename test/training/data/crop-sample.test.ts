import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/engine/decode'
import type { RgbaImage } from '../../../src/main/engine/image'
import { mulberry32 } from '../../../src/main/engine/prng'
import { asDecoded, cropImage, makeSample } from '../../../training/data/crop-sample'

/** A smooth, colourful test picture with a transparent corner. */
function picture(width: number, height: number, seed = 1): RgbaImage {
  const rand = mulberry32(seed)
  const data = new Uint8Array(width * height * 4)
  const blobs = Array.from({ length: 6 }, () => [rand() * width, rand() * height, rand() * 255, rand() * 255, rand() * 255])
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const near = blobs.reduce((a, b) => (Math.hypot(b[0] - x, b[1] - y) < Math.hypot(a[0] - x, a[1] - y) ? b : a))
      const i = 4 * (y * width + x)
      data[i] = near[2] + ((x * 13) % 20)
      data[i + 1] = near[3]
      data[i + 2] = near[4] + ((y * 7) % 20)
      data[i + 3] = x < width / 10 && y < height / 10 ? 0 : 255
    }
  return { width, height, data }
}

const png = (img: RgbaImage): Promise<Buffer> =>
  sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } }).png({ compressionLevel: 1 }).toBuffer()

describe('training crops are seen exactly as the app sees an image', () => {
  it('a crop larger than 512 px comes out pixel for pixel as decodeImage gives it for a lossless file of the crop', async () => {
    const src = picture(1400, 900)
    const crop = cropImage(src, { x: 100, y: 50, w: 1200, h: 700 })
    const ours = await asDecoded(crop)
    const app = (await decodeImage(await png(crop))).image
    expect([ours.width, ours.height]).toEqual([app.width, app.height])
    expect(Buffer.from(ours.data).equals(Buffer.from(app.data))).toBe(true)
  })

  it('a small crop is left as it is, as decodeImage does', async () => {
    const crop = cropImage(picture(600, 400), { x: 10, y: 20, w: 300, h: 200 })
    const app = (await decodeImage(await png(crop))).image
    expect(Buffer.from((await asDecoded(crop)).data).equals(Buffer.from(app.data))).toBe(true)
  })

  it('gives a 3–5 colour ground truth and a histogram of the colours present', async () => {
    const s = await makeSample(picture(800, 600), { x: 0, y: 0, w: 800, h: 600 })
    expect(s).not.toBeNull()
    expect(s!.gt.length).toBeGreaterThanOrEqual(3)
    expect(s!.gt.length).toBeLessThanOrEqual(5)
    expect(s!.hist.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4)
    expect(s!.thumb.length).toBe(64 * 64 * 3)
    expect(s!.rgby.length).toBe(4 * 32 * 32)
  })

  it('refuses a flat crop: median cut finds fewer than three colours there', async () => {
    const flat = { width: 200, height: 200, data: new Uint8Array(200 * 200 * 4).fill(200) }
    expect(await makeSample(flat, { x: 0, y: 0, w: 200, h: 200 })).toBeNull()
  })
})
