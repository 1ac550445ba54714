import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { medianCut } from '../../../src/main/engine/median-cut'
import type { RgbaImage } from '../../../src/main/engine/image'
import type { Swatch } from '../../../src/shared/palette'
import { leptonicaMedianCut, type LeptonicaEntry } from '../../tools/leptonica/checker'
import { photoCrops, writePng } from '../../tools/fixtures/photos'
import { photoLike, render, variedImages, type NamedImage } from '../../tools/fixtures/varied'

/** Leptonica's palette as the app shows it: empty boxes dropped, by count (stable). */
function leptonicaSwatches(entries: LeptonicaEntry[]): LeptonicaEntry[] {
  return entries
    .map((e, i) => ({ ...e, i }))
    .filter((e) => e.count > 0)
    .sort((a, b) => b.count - a.count || a.i - b.i)
}

function agrees(ours: Swatch[], theirs: LeptonicaEntry[], counted: number): boolean {
  return (
    ours.length === theirs.length &&
    ours.every(
      (s, i) =>
        s.rgb.every((c, ch) => Math.abs(c - theirs[i]!.rgb[ch]!) <= 1) &&
        Math.abs(s.share - theirs[i]!.count / counted) < 1e-9
    )
  )
}

describe('medianCut agrees with Leptonica 1.82 pixMedianCutQuantGeneral', () => {
  let dir: string
  let images: NamedImage[]
  let reference: Map<string, LeptonicaEntry[]>

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'median-cut-'))
    images = [...variedImages(), ...(await photoCrops())]
    const files = images.map(({ name }) => join(dir, `${name}.png`))
    await Promise.all(images.map(({ image }, i) => writePng(image, files[i]!)))
    const byFile = leptonicaMedianCut(files)
    reference = new Map(images.map(({ name }, i) => [name, byFile.get(files[i]!)!]))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('gives the same swatches, in the same order, on at least 99% of 50+ varied images', () => {
    expect(images.length).toBeGreaterThanOrEqual(50)
    const mismatches: string[] = []
    for (const { name, image } of images) {
      const theirs = leptonicaSwatches(reference.get(name)!)
      const ours = medianCut(image)
      if (!agrees(ours, theirs, image.width * image.height)) {
        mismatches.push(`${name}: ours ${JSON.stringify(ours.map((s) => s.rgb))}, Leptonica ${JSON.stringify(theirs.map((e) => e.rgb))}`)
      }
    }
    if (mismatches.length > 0) console.warn(`median-cut mismatches:\n${mismatches.join('\n')}`)
    expect(mismatches.length / images.length).toBeLessThanOrEqual(0.01)
  })

  it('drops the empty boxes Leptonica ends with, so some images get fewer than five swatches', () => {
    const withEmpty = images.filter(({ name }) => reference.get(name)!.some((e) => e.count === 0))
    expect(withEmpty.length).toBeGreaterThan(0)
    for (const { image, name } of withEmpty) {
      expect(medianCut(image).length, name).toBe(reference.get(name)!.filter((e) => e.count > 0).length)
    }
  })
})

describe('medianCut', () => {
  const opaque = (w: number, h: number, fn: (x: number, y: number) => [number, number, number]): RgbaImage => render(w, h, fn)

  it('leaves out pixels under 50% alpha, as if they were not there', () => {
    const gradient = opaque(64, 64, (x, y) => [x * 4, y * 4, 128])
    const withRedHole = opaque(64, 96, (x, y) => (y < 64 ? [x * 4, y * 4, 128] : [255, 0, 0]))
    for (let i = 64 * 64; i < 64 * 96; i++) withRedHole.data[i * 4 + 3] = 127
    expect(medianCut(withRedHole)).toEqual(medianCut(gradient))
  })

  it('returns no swatches for a fully transparent image', () => {
    const img = opaque(8, 8, () => [10, 200, 30])
    for (let i = 0; i < 64; i++) img.data[i * 4 + 3] = 0
    expect(medianCut(img)).toEqual([])
  })

  it('gives one swatch with share 1 for a single-colour image', () => {
    const swatches = medianCut(opaque(20, 10, () => [200, 100, 50]))
    // Few colours: Leptonica uses the lower corner of the 5-bit cell.
    expect(swatches).toEqual([{ rgb: [200, 96, 48], hex: '#c86030', share: 1 }])
  })

  it('orders swatches by share, shares summing to at most 1, at most maxColors of them', () => {
    const pixel = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255))
    fc.assert(
      fc.property(fc.array(pixel, { minLength: 1, maxLength: 300 }), fc.integer({ min: 2, max: 8 }), (pixels, k) => {
        const img = opaque(pixels.length, 1, (x) => [...pixels[x]!])
        const swatches = medianCut(img, k)
        const total = swatches.reduce((sum, s) => sum + s.share, 0)
        expect(swatches.length).toBeGreaterThan(0)
        expect(swatches.length).toBeLessThanOrEqual(k + 1)
        expect(total).toBeLessThanOrEqual(1 + 1e-9)
        for (let i = 1; i < swatches.length; i++) expect(swatches[i]!.share).toBeLessThanOrEqual(swatches[i - 1]!.share)
        for (const s of swatches) expect(s.hex).toMatch(/^#[0-9a-f]{6}$/)
      }),
      { numRuns: 200 }
    )
  })

  // Its speed is `npm run bench`'s to measure: the groundTruth stage is this call on the analysis image.
  it('on a 256 × 256 photo-like image (the analysis size): five swatches covering every pixel, the same on every call, the image untouched', () => {
    const img = photoLike(600, 256, 256, 12)
    const before = Buffer.from(img.data)
    const first = medianCut(img)
    expect(first).toHaveLength(5)
    expect(first.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 9)
    for (let i = 0; i < 3; i++) expect(medianCut(img)).toEqual(first)
    expect(Buffer.from(img.data).equals(before)).toBe(true)
  })
})
