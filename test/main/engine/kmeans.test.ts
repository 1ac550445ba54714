import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { kmeans } from '../../../src/main/engine/kmeans'
import { bands } from './helpers'

const FIVE = [
  { rgb: [220, 30, 40], rows: 10 },
  { rgb: [30, 160, 60], rows: 8 },
  { rgb: [40, 60, 200], rows: 6 },
  { rgb: [240, 220, 40], rows: 4 },
  { rgb: [20, 20, 20], rows: 2 }
]

describe('kmeans', () => {
  it('finds five distinct colours exactly, sorted by how much of the image they cover', () => {
    const palette = kmeans(bands(10, FIVE), 5)
    expect(palette.map((s) => s.rgb)).toEqual(FIVE.map((b) => b.rgb))
    expect(palette.map((s) => s.share)).toEqual([10, 8, 6, 4, 2].map((r) => r / 30))
    expect(palette[0].hex).toBe('#dc1e28')
  })

  it('gives fewer swatches when the image has fewer colours', () => {
    expect(kmeans(bands(4, FIVE.slice(0, 2)), 5).map((s) => s.rgb)).toEqual([FIVE[0].rgb, FIVE[1].rgb])
  })

  it('leaves out pixels under 50% alpha', () => {
    const img = bands(8, [
      { rgb: [30, 140, 140], rows: 4 },
      { rgb: [255, 0, 255], rows: 12, alpha: 127 }
    ])
    expect(kmeans(img, 5)).toEqual([{ rgb: [30, 140, 140], hex: '#1e8c8c', share: 1 }])
    expect(kmeans(bands(4, [{ rgb: [1, 2, 3], rows: 2, alpha: 0 }]), 5)).toEqual([])
  })

  it('gives the same palette every time for the same image, with shares summing to 1', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4 * 64, maxLength: 4 * 64 }), (bytes) => {
        const img = { width: 8, height: 8, data: bytes.map((v, i) => (i % 4 === 3 ? 255 : v)) }
        const first = kmeans(img, 5)
        expect(kmeans({ ...img, data: img.data.slice() }, 5)).toEqual(first)
        expect(first.length).toBeLessThanOrEqual(5)
        expect(first.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 9)
      }),
      { numRuns: 30 }
    )
  })
})
