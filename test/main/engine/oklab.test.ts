import { converter } from 'culori'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { oklabToSrgb, srgbBytesToOklab } from '../../../src/main/engine/oklab'

const toOklab = converter('oklab')
const toRgb = converter('rgb')
const byte = fc.integer({ min: 0, max: 255 })

describe('OKLab for k-means (inline, allocation-free)', () => {
  it('gives exactly what culori gives for every sRGB colour', () => {
    fc.assert(
      fc.property(byte, byte, byte, (r, g, b) => {
        const out = new Float64Array(4)
        srgbBytesToOklab(r, g, b, out, 1)
        const lab = toOklab({ mode: 'rgb', r: r / 255, g: g / 255, b: b / 255 })
        expect([...out]).toEqual([0, lab.l, lab.a, lab.b])
      }),
      { numRuns: 2000 }
    )
  })

  it('keeps greys exactly achromatic, so they never pull a cluster towards a hue', () => {
    const out = new Float64Array(3)
    for (const v of [0, 1, 77, 128, 254, 255]) {
      srgbBytesToOklab(v, v, v, out, 0)
      expect([out[1], out[2]]).toEqual([0, 0])
    }
  })

  it('converts back exactly as culori does, and round-trips every byte', () => {
    fc.assert(
      fc.property(byte, byte, byte, (r, g, b) => {
        const lab = new Float64Array(3)
        srgbBytesToOklab(r, g, b, lab, 0)
        const back = oklabToSrgb(lab[0], lab[1], lab[2])
        const ref = toRgb({ mode: 'oklab', l: lab[0], a: lab[1], b: lab[2] })
        // (+ 0 turns -0 into 0: culori and we may differ in the sign of a zero, which no byte shows.)
        expect(back.map((v) => v + 0)).toEqual([ref.r + 0, ref.g + 0, ref.b + 0])
        expect(back.map((v) => Math.round(v * 255) + 0)).toEqual([r, g, b])
      }),
      { numRuns: 2000 }
    )
  })
})
