// The chroma fine-tuning loop of paper §2.3, mirroring training/model/agent.py step for step.
// The agent sees the generator's embedding and the palette as RGBY/255 repeated 51 times, and
// picks one of 11 actions: swatch i's Y (YCbCr) up (2i) or down (2i+1) by one step, Cb and Cr
// kept — which in RGB adds the same amount to R, G and B — or stop (10).
// An episode ends (1) after maxSteps moves, (2) when stop is the most probable action, or
// (3) when the accumulated reward R_A (eq. 2) passes the threshold, with R_t from eq. (1) read
// as (1 − p_stop) · mean_i (1 − |p_up,i − p_down,i|) + p_stop: as printed, eq. (1) passes 0.9
// at the first move whatever the network says, and with a fixed 1/6 weight on p_stop it could
// never pass 0.9 unless stop is already the most probable (see training/model/agent.py).
import { LUMA } from './rgby'

export const STOP = 10

export interface AgentConfig {
  /** One Y step, 0..255 units. */
  step: number
  repeat: number
  maxSteps: number
  raFactor: number
  raThreshold: number
}

/** The policy network: (embedding, palette_rgby) → 11 action probabilities. */
type Policy = (embedding: Float32Array, paletteRgby: Float32Array) => Promise<Float32Array>

/** A palette as 0..1 floats, one [r, g, b] per swatch (the agent works between byte values). */
export type FloatPalette = number[][]

export function agentState(palette: FloatPalette, repeat: number): Float32Array {
  const rgby = palette.flatMap(([r, g, b]) => [r, g, b, LUMA[0] * r + LUMA[1] * g + LUMA[2] * b])
  const out = new Float32Array(rgby.length * repeat)
  for (let i = 0; i < repeat; i++) out.set(rgby, i * rgby.length)
  return out
}

/** R_t of eq. (1) as read above: near 1 when up and down are about equally likely for every swatch. */
export function stepReward(probs: Float32Array): number {
  let balance = 0
  for (let i = 0; i < 5; i++) balance += 1 - Math.abs(probs[2 * i] - probs[2 * i + 1])
  const stop = probs[STOP]
  return (1 - stop) * (balance / 5) + stop
}

/**
 * The palette after `action`: swatch action>>1's Y moved by ±step, Cb and Cr kept. At the gamut's
 * edge the move goes only as far as all three channels can, since clamping one channel alone
 * would change the hue.
 */
export function applyAction(palette: FloatPalette, action: number, step: number): FloatPalette {
  if (action === STOP) return palette
  const swatch = action >> 1
  const wanted = ((action & 1) === 0 ? 1 : -1) * (step / 255)
  return palette.map((rgb, i) => {
    if (i !== swatch) return rgb
    const shift = Math.min(1 - Math.max(...rgb), Math.max(-Math.min(...rgb), wanted))
    return rgb.map((v) => v + shift)
  })
}

/** Index of the largest probability; the first one on ties, as torch.argmax. */
function argmax(probs: Float32Array): number {
  let best = 0
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[best]) best = i
  return best
}

/** Greedy episode under the three stopping rules. */
export async function fineTune(
  policy: Policy,
  embedding: Float32Array,
  start: FloatPalette,
  cfg: AgentConfig
): Promise<{ palette: FloatPalette; steps: number }> {
  let palette = start
  let ra = 0
  let steps = 0
  while (steps < cfg.maxSteps) {
    const probs = await policy(embedding, agentState(palette, cfg.repeat))
    const action = argmax(probs)
    if (action === STOP) break
    palette = applyAction(palette, action, cfg.step)
    steps++
    // R_A = Σ_i factor^(1+t−i) R_i, i.e. R_A(t) = factor · (R_A(t−1) + R_t).
    ra = cfg.raFactor * (ra + stepReward(probs))
    if (ra > cfg.raThreshold) break
  }
  return { palette, steps }
}
