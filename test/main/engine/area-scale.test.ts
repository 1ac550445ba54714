import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analysisImage, scaleAreaMap, scaleAreaMapByFactor, scaledSize } from '../../../src/main/engine/area-scale'
import type { RgbaImage } from '../../../src/main/engine/image'
import { leptonicaScaleAreaMap } from '../../tools/leptonica/checker'
import { loadPhoto, writePng } from '../../tools/fixtures/photos'
import { mulberry32 } from '../../../src/main/engine/prng'
import { render } from '../../tools/fixtures/varied'

function texture(seed: number, w: number, h: number): RgbaImage {
  const next = mulberry32(seed)
  return render(w, h, (x, y) => [128 + 100 * Math.sin(x * 0.07 + y * 0.013), (x * y) % 256, next() * 255])
}

describe('scaleAreaMapByFactor agrees with Leptonica 1.82 pixScaleAreaMap', () => {
  let dir: string
  let hibiscus: RgbaImage
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'area-scale-'))
    hibiscus = await loadPhoto('hibiscus')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const cases: [string, number, number, number, number][] = [
    ['texture', 1000, 750, 0.256, 0.256],
    ['texture', 333, 777, 256 / 777, 256 / 777],
    ['texture', 640, 480, 0.4, 0.4],
    ['texture', 300, 200, 0.6999, 0.6999],
    ['texture', 800, 600, 0.3, 0.45],
    ['texture', 2000, 37, 0.128, 0.128],
    ['texture', 517, 301, 0.25, 0.25],
    ['hibiscus', 512, 512, 0.5, 0.5],
    ['hibiscus', 512, 512, 256 / 371, 256 / 371],
    ['hibiscus', 512, 512, 0.123, 0.123]
  ]

  it.each(cases)('%s %i×%i by %f × %f: every pixel equal', async (kind, w, h, sx, sy) => {
    const img = kind === 'hibiscus' ? hibiscus : texture(w ^ h, w, h)
    const file = join(dir, `${kind}-${w}x${h}.png`)
    await writePng(img, file)
    const theirs = leptonicaScaleAreaMap(file, sx, sy, dir)
    const ours = scaleAreaMapByFactor(img, sx, sy)
    expect([ours.width, ours.height]).toEqual([theirs.width, theirs.height])
    let differing = 0
    for (let p = 0; p < theirs.width * theirs.height; p++) {
      if ([0, 1, 2].some((c) => ours.data[p * 4 + c] !== theirs.rgb[p * 3 + c])) differing++
    }
    expect(differing, `${differing} of ${theirs.width * theirs.height} pixels differ`).toBe(0)
  })
})

describe('analysisImage', () => {
  it('returns an image already within the limit unchanged', () => {
    const img = texture(1, 256, 100)
    expect(analysisImage(img)).toBe(img)
  })

  it('brings the long side to 256 with Leptonica’s output size', () => {
    expect(dims(analysisImage(texture(2, 1000, 750)))).toEqual([256, 192])
    expect(dims(analysisImage(texture(3, 333, 777)))).toEqual([110, 256])
    expect(dims(analysisImage(texture(4, 512, 300)))).toEqual([256, 150])
    expect(dims(analysisImage(texture(5, 257, 256)))).toEqual([256, 255])
  })

  it('keeps a flat colour flat and opaque at any reduction', () => {
    fc.assert(
      fc.property(fc.integer({ min: 257, max: 700 }), fc.integer({ min: 1, max: 700 }), fc.nat(255), (w, h, v) => {
        const out = analysisImage(render(w, h, () => [v, 255 - v, 77]))
        expect(Math.max(out.width, out.height)).toBe(256)
        const expected = [v, 255 - v, 77, 255]
        const off = out.data.findIndex((c, i) => c !== expected[i % 4])
        expect(off, `pixel ${off >> 2} differs`).toBe(-1)
      }),
      { numRuns: 15 }
    )
  })
})

describe('scaleAreaMap with transparency', () => {
  it('does not let the colour of transparent pixels bleed into opaque ones', () => {
    // Left half opaque blue, right half transparent red, reduced 3x.
    const img = render(300, 90, (x) => (x < 150 ? [0, 0, 255] : [255, 0, 0]))
    for (let y = 0; y < 90; y++) for (let x = 150; x < 300; x++) img.data[(y * 300 + x) * 4 + 3] = 0
    const out = scaleAreaMap(img, 100, 30)
    for (let y = 0; y < 29; y++) {
      // Column 49 straddles nothing (150 = 3 × 50), so every opaque output is pure blue.
      expect([...out.data.subarray((y * 100 + 49) * 4, (y * 100 + 50) * 4)]).toEqual([0, 0, 255, 255])
      expect(out.data[(y * 100 + 50) * 4 + 3]).toBe(0)
    }
  })

  it('marks a pixel opaque when at least half its area is opaque', () => {
    // Alternate opaque and transparent columns: each 2 × 2 block is half opaque.
    const img = render(8, 8, () => [40, 80, 120])
    for (let p = 0; p < 64; p++) if (p % 2 === 1) img.data[p * 4 + 3] = 0
    const out = scaleAreaMapByFactor(img, 0.5, 0.5)
    expect(dims(out)).toEqual([4, 4])
    expect([...out.data.subarray(0, 4)]).toEqual([40, 80, 120, 255])
  })

  it('refuses to enlarge', () => {
    expect(() => scaleAreaMap(texture(6, 10, 10), 11, 10)).toThrow(RangeError)
  })
})

describe('scaledSize', () => {
  it('rounds as Leptonica does in float32', () => {
    expect(scaledSize(777, Math.fround(256 / 777))).toBe(256)
    expect(scaledSize(333, Math.fround(256 / 777))).toBe(110)
    expect(scaledSize(1, 0.001)).toBe(1)
  })
})

function dims(img: RgbaImage): [number, number] {
  return [img.width, img.height]
}
