// The paper's metric computed independently of src/shared/score.ts, for the tests that check it:
// culori's CIEDE2000, the ±15-per-channel rule, and every one-to-one pairing of the smaller palette
// into the larger tried (the most within ±15, then the lowest total ΔE00). Exponential: small palettes only.
import { differenceCiede2000 } from 'culori'
import type { Rgb } from '../../src/shared/palette'

const ciede2000 = differenceCiede2000()
const asCulori = (c: Rgb) => ({ mode: 'rgb' as const, r: c[0] / 255, g: c[1] / 255, b: c[2] / 255 })

/** CIEDE2000 between two sRGB colours. */
export const deltaE00 = (x: Rgb, y: Rgb): number => ciede2000(asCulori(x), asCulori(y))

/** A scored against B by trying every pairing: how many pairs are within ±15, and their mean ΔE00. */
export function bestPairing(a: readonly Rgb[], b: readonly Rgb[]): { correct: number; meanDeltaE00: number } {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  const d = short.map((x) => long.map((y) => deltaE00(x, y)))
  const hit = short.map((x) => long.map((y) => x.every((v, k) => Math.abs(v - y[k]) <= 15)))
  let best = { hits: -1, total: Infinity }
  const used = new Array<boolean>(long.length).fill(false)
  const walk = (i: number, hits: number, total: number): void => {
    if (i === short.length) {
      if (hits > best.hits || (hits === best.hits && total < best.total)) best = { hits, total }
      return
    }
    for (let j = 0; j < long.length; j++) {
      if (used[j]) continue
      used[j] = true
      walk(i + 1, hits + (hit[i][j] ? 1 : 0), total + d[i][j])
      used[j] = false
    }
  }
  walk(0, 0, 0)
  return { correct: best.hits, meanDeltaE00: best.total / short.length }
}
