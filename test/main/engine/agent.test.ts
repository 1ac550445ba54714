import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { agentState, applyAction, fineTune, stepReward, STOP, type AgentConfig, type FloatPalette } from '../../../src/main/engine/agent'

const CFG: AgentConfig = { step: 2, repeat: 51, maxSteps: 25, raFactor: 0.5, raThreshold: 0.9 }
const start: FloatPalette = [[0.5, 0.2, 0.1], [0.1, 0.1, 0.1], [0.9, 0.9, 0.9], [0.3, 0.6, 0.3], [0.2, 0.4, 0.8]]

/** A policy that always gives these probabilities, counting its calls. */
function constant(probs: number[]): { policy: () => Promise<Float32Array>; calls: () => number } {
  let n = 0
  return { policy: async () => (n++, Float32Array.from(probs)), calls: () => n }
}
const onehot = (i: number, p: number): number[] => Array.from({ length: 11 }, (_, j) => (j === i ? p : (1 - p) / 10))

describe('RL chroma fine-tuning (paper §2.3)', () => {
  it('moves a swatch’s Y and keeps its Cb and Cr', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { minLength: 15, maxLength: 15 }), (action, v) => {
        const pal = [0, 1, 2, 3, 4].map((i) => v.slice(3 * i, 3 * i + 3))
        const moved = applyAction(pal, action, 2)
        const chroma = ([r, g, b]: number[]) => [-0.168736 * r - 0.331264 * g + 0.5 * b, 0.5 * r - 0.418688 * g - 0.081312 * b]
        const luma = ([r, g, b]: number[]) => 0.299 * r + 0.587 * g + 0.114 * b
        const i = action >> 1
        expect(luma(moved[i]) - luma(pal[i])).toBeCloseTo(((action & 1) === 0 ? 2 : -2) / 255, 6)
        chroma(moved[i]).forEach((c, k) => expect(c).toBeCloseTo(chroma(pal[i])[k], 6))
        moved.forEach((rgb, j) => j !== i && expect(rgb).toEqual(pal[j]))
      })
    )
  })

  it('at the gamut edge moves only as far as all three channels can, so the hue is kept', () => {
    expect(applyAction([[1, 1, 0.999], ...start.slice(1)], 0, 2)[0]).toEqual([1, 1, 0.999])
    const [r, g, b] = applyAction([[0.4, 0.2, 0.001], ...start.slice(1)], 1, 2)[0]
    expect([r, g, b].map((v) => +v.toFixed(6))).toEqual([0.399, 0.199, 0])
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 15, maxLength: 15 }), (action, v) => {
        const pal = [0, 1, 2, 3, 4].map((i) => v.slice(3 * i, 3 * i + 3))
        const [before, after] = [pal[action >> 1], applyAction(pal, action, 2)[action >> 1]]
        after.forEach((c) => expect(c >= 0 && c <= 1).toBe(true))
        after.forEach((c, k) => expect(c - before[k]).toBeCloseTo(after[0] - before[0], 9))
      })
    )
  })

  it('feeds the agent RGBY in 0..1, repeated 51 times', () => {
    const state = agentState(start, 51)
    expect(state).toHaveLength(1020)
    expect(Array.from(state.subarray(0, 4))).toEqual([0.5, 0.2, 0.1, 0.299 * 0.5 + 0.587 * 0.2 + 0.114 * 0.1].map(Math.fround))
    expect(Array.from(state.subarray(20, 40))).toEqual(Array.from(state.subarray(0, 20)))
  })

  it('rates balanced up/down probabilities as converged and a decided move as not', () => {
    expect(stepReward(Float32Array.from(onehot(STOP, 1)))).toBeCloseTo(1)
    expect(stepReward(Float32Array.from(Array(11).fill(1 / 11)))).toBeCloseTo(1)
    expect(stepReward(Float32Array.from(onehot(0, 1)))).toBeCloseTo(0.8)
  })

  it('stops at once, unchanged, when stop is the most probable action', async () => {
    const p = constant(onehot(STOP, 0.5))
    const out = await fineTune(p.policy, new Float32Array(1024), start, CFG)
    expect(out).toEqual({ palette: start, steps: 0 })
    expect(p.calls()).toBe(1)
  })

  it('stops after 25 moves when the agent keeps pushing one way', async () => {
    const out = await fineTune(constant(onehot(2, 0.9)).policy, new Float32Array(1024), start, CFG)
    expect(out.steps).toBe(25)
    out.palette[1].forEach((v, k) => expect(v).toBeCloseTo(start[1][k] + (25 * 2) / 255, 6))
  })

  it('stops when the accumulated reward passes 0.9 (the agent dithers between up and down)', async () => {
    const probs = Array(11).fill(0.02)
    probs[0] = 0.42
    probs[1] = 0.4 // swatch 0 up, barely: R_t ≈ 0.99, R_A passes 0.9 at the 4th move
    const out = await fineTune(constant(probs).policy, new Float32Array(1024), start, CFG)
    expect(out.steps).toBe(4)
  })
})
