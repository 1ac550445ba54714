import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { RgbaImage } from '../../../src/main/engine/image'
import { scaleAreaMap } from '../../../src/main/engine/area-scale'
import { flattenOnMeanColour, luma, rgbyPlanes, toRgbyTensor } from '../../../src/main/engine/rgby'

function image(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): RgbaImage {
  const data = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), 4 * (y * width + x))
  return { width, height, data }
}

/** The RGB colours in an RGBY tensor of `size` × `size`, as 'r,g,b' strings. */
function colours(tensor: Float32Array, size: number): Set<string> {
  const plane = size * size, found = new Set<string>()
  for (let p = 0; p < plane; p++) found.add(`${tensor[p]},${tensor[plane + p]},${tensor[2 * plane + p]}`)
  return found
}

describe('toRgbyTensor', () => {
  it('lays out R, G, B and Y planes, rows top to bottom, in 0..255', () => {
    const img = image(2, 2, (x, y) => [x * 255, y * 255, 100, 255])
    expect(Array.from(toRgbyTensor(img, 2))).toEqual([
      0, 255, 0, 255, // R
      0, 0, 255, 255, // G
      100, 100, 100, 100, // B
      11.4, 0.299 * 255 + 11.4, 0.587 * 255 + 11.4, (0.299 + 0.587) * 255 + 11.4 // Y
    ].map(Math.fround))
  })

  it('gives every pixel the BT.601 luma of its own RGB as Y', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 4 * 9, maxLength: 4 * 9 }), (bytes) => {
      const img = image(3, 3, (x, y) => [...bytes.subarray(4 * (3 * y + x), 4 * (3 * y + x) + 3), 255] as [number, number, number, number])
      const t = toRgbyTensor(img, 3)
      for (let p = 0; p < 9; p++) expect(t[27 + p]).toBeCloseTo(luma(t[p]!, t[9 + p]!, t[18 + p]!), 4)
    }))
  })

  it('shrinks by area averaging, as the median-cut analysis image does', () => {
    const quadrants = image(64, 48, (x, y) => (x < 32 ? (y < 24 ? [200, 0, 0, 255] : [0, 200, 0, 255]) : y < 24 ? [0, 0, 200, 255] : [90, 90, 90, 255]))
    expect(toRgbyTensor(quadrants, 16)).toEqual(rgbyPlanes(scaleAreaMap(quadrants, 16, 16)))
    expect(colours(toRgbyTensor(quadrants, 16), 16)).toEqual(new Set(['200,0,0', '0,200,0', '0,0,200', '90,90,90']))
  })

  it('enlarges a too-small image without inventing colours', () => {
    const tiny = image(3, 2, (x, y) => [x * 100, y * 100, 50, 255])
    const t = toRgbyTensor(tiny, 8)
    expect(t.length).toBe(4 * 8 * 8)
    expect(colours(t, 8)).toEqual(new Set(['0,0,50', '100,0,50', '200,0,50', '0,100,50', '100,100,50', '200,100,50']))
  })

  it('paints transparent areas with the mean visible colour, not black', () => {
    // Left half opaque orange, right half fully transparent (stored black, as many PNGs do).
    const img = image(8, 8, (x) => (x < 4 ? [240, 120, 0, 255] : [0, 0, 0, 0]))
    expect(colours(toRgbyTensor(img, 4), 4)).toEqual(new Set(['240,120,0']))
  })

  it('blends half-transparent pixels with the mean colour in proportion to their alpha', () => {
    const img = image(2, 1, (x) => (x === 0 ? [200, 200, 200, 255] : [0, 0, 0, 51]))
    // Alpha-weighted mean = 200 * 255 / 306; the second pixel is 20 % black, 80 % that mean.
    const mean = (200 * 255) / 306
    expect(Array.from(flattenOnMeanColour(img).data)).toEqual([200, 200, 200, 255, ...Array(3).fill(Math.round(0.8 * mean)), 255])
  })

  it('rejects a size that is not a positive integer', () => {
    const img = image(2, 2, () => [0, 0, 0, 255])
    expect(() => toRgbyTensor(img, 0)).toThrow(RangeError)
    expect(() => toRgbyTensor(img, 1.5)).toThrow(RangeError)
  })
})
