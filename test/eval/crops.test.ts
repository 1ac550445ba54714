import { describe, expect, it } from 'vitest'
import { evenlySpread } from '../../eval/crops'

describe('the evaluation’s sample of the split', () => {
  it('reaches the end of the split: 1,000 of 5,469 crops include the last sources', () => {
    const rows = Array.from({ length: 5469 }, (_, i) => i)
    const chosen = evenlySpread(rows, 1000)
    expect(chosen).toHaveLength(1000)
    expect(new Set(chosen).size).toBe(1000)
    expect(chosen[0]).toBe(0)
    expect(chosen.at(-1)).toBeGreaterThanOrEqual(5469 - Math.ceil(5469 / 1000))
    // Evenly: no gap between chosen crops wider than the split over the limit, rounded up.
    const gaps = chosen.slice(1).map((v, i) => v - chosen[i])
    expect(Math.max(...gaps)).toBeLessThanOrEqual(Math.ceil(5469 / 1000))
  })

  it('takes every crop when the split has no more than the limit', () => {
    expect(evenlySpread([1, 2, 3], 3)).toEqual([1, 2, 3])
    expect(evenlySpread([1, 2, 3], 1000)).toEqual([1, 2, 3])
  })
})
