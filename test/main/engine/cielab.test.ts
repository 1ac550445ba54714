import { converter } from 'culori'
import { describe, expect, it } from 'vitest'
import { labToSrgb } from '../../../src/main/engine/cielab'

const toRgb = converter('rgb')

describe('labToSrgb', () => {
  it('gives the sRGB culori gives for D50 Lab, clipped to the gamut, within a level', () => {
    const lab: number[] = []
    for (let l = 0; l <= 100; l += 12.5) for (let a = -80; a <= 80; a += 20) for (let b = -80; b <= 80; b += 20) lab.push(l, a, b)
    const { data } = labToSrgb(Float32Array.from(lab), lab.length / 3, 1)
    for (let i = 0; i < lab.length / 3; i++) {
      const { r, g, b } = toRgb({ mode: 'lab', l: lab[3 * i], a: lab[3 * i + 1], b: lab[3 * i + 2] })
      const expected = [r, g, b].map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255))
      const seen = [...data.subarray(4 * i, 4 * i + 4)]
      expect(Math.max(...expected.map((v, c) => Math.abs(v - seen[c]))), `Lab ${lab.slice(3 * i, 3 * i + 3).join(' ')}: ${seen.join(',')} vs ${expected.join(',')}`).toBeLessThanOrEqual(1)
      expect(seen[3]).toBe(255)
    }
  })
})
