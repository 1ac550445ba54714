// The display copy of a file the renderer cannot decode (Chromium reads no TIFF): the picture the
// palette was made from, oriented, in sRGB, as a PNG no larger than the renderer samples.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { displayCopy } from '../../../src/main/engine/display-copy'

const RED = [200, 40, 30]
const BLUE = [20, 90, 210]
let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'display-copy-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** A 3000 × 2000 TIFF, red above blue, stored in Display P3 and turned a quarter (EXIF orientation 6). */
async function filmScan(): Promise<string> {
  const [width, height] = [3000, 2000]
  const raw = Buffer.alloc(width * height * 3)
  for (let i = 0; i < width * height; i++) raw.set(i < (width * height) / 2 ? RED : BLUE, i * 3)
  const path = join(dir, 'scan.tiff')
  await sharp(raw, { raw: { width, height, channels: 3 } }).withMetadata({ orientation: 6 }).withIccProfile('p3').tiff({ compression: 'lzw' })
    .toFile(path)
  return path
}

async function pixelsOf(png: Buffer): Promise<{ width: number; height: number; channels: number; at: (x: number, y: number) => number[] }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true })
  const at = (x: number, y: number): number[] => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x + 1) * info.channels)]
  return { width: info.width, height: info.height, channels: info.channels, at }
}

const distance = (a: number[], b: number[]): number => Math.max(...b.map((v, i) => Math.abs(v - a[i])))

describe('displayCopy', () => {
  it('makes a TIFF into a PNG the renderer shows: long side 1600, turned upright, in sRGB', async () => {
    const path = await filmScan()
    const stored = await sharp(path, { ignoreIcc: true }).raw().toBuffer()
    // The file's own numbers are P3, not the colours a viewer shows.
    expect(distance([...stored.subarray(0, 3)], RED)).toBeGreaterThan(10)

    const copy = await displayCopy(path, 1600)
    expect([copy.width, copy.height]).toEqual([1067, 1600])
    const png = await pixelsOf(copy.png)
    expect(await sharp(copy.png).metadata()).toMatchObject({ format: 'png', width: 1067, height: 1600 })
    // Opaque: no alpha channel. Orientation 6 turns the top (red) to the right.
    expect(png.channels).toBe(3)
    expect(distance(png.at(1000, 800), RED)).toBeLessThanOrEqual(2)
    expect(distance(png.at(60, 800), BLUE)).toBeLessThanOrEqual(2)
  })

  it('keeps transparency and never enlarges a small image', async () => {
    const raw = Buffer.alloc(40 * 30 * 4)
    for (let i = 0; i < 40 * 30; i++) raw.set(i < 600 ? [10, 200, 120, 255] : [0, 0, 0, 0], i * 4)
    const path = join(dir, 'small.tif')
    await sharp(raw, { raw: { width: 40, height: 30, channels: 4 } }).tiff({ compression: 'lzw' }).toFile(path)

    const copy = await displayCopy(path, 1600)
    const png = await pixelsOf(copy.png)
    expect([copy.width, copy.height, png.channels]).toEqual([40, 30, 4])
    expect(png.at(20, 5)).toEqual([10, 200, 120, 255])
    expect(png.at(20, 25)[3]).toBe(0)
  })
})
