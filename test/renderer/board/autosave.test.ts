import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Autosaver } from '../../../src/renderer/src/board/autosave'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('Autosaver', () => {
  it('writes a lone change at once, and the changes of one task as one write', async () => {
    const writes: number[] = []
    const saver = new Autosaver<number>(async (v) => void writes.push(v), 250)
    saver.schedule(1)
    saver.schedule(2)
    await vi.advanceTimersByTimeAsync(0)
    expect(writes).toEqual([2])
    expect(saver.pending).toBe(false)
  })

  it('writes a run of quick changes at most once an interval, the latest each time, without waiting for the run to end', async () => {
    const writes: number[] = []
    const saver = new Autosaver<number>(async (v) => void writes.push(v), 250)
    // A drag: a change every 50 ms for a second.
    for (let step = 1; step <= 20; step++) {
      saver.schedule(step)
      await vi.advanceTimersByTimeAsync(50)
    }
    // At 0 ms, then every 250 ms the change made last: the 5th (200 ms), 10th, 15th and 20th (950 ms).
    expect(writes).toEqual([1, 5, 10, 15, 20])
    // Quiet again: the next change is written at once.
    await vi.advanceTimersByTimeAsync(1000)
    saver.schedule(21)
    await vi.advanceTimersByTimeAsync(0)
    expect(writes.at(-1)).toBe(21)
  })

  it('waits five times as long as a write took before the next, so a slow board is written less often', async () => {
    const starts: number[] = []
    const saver = new Autosaver<number>(async () => {
      starts.push(Date.now())
      await new Promise((resolve) => setTimeout(resolve, 200))
    }, 250)
    const t0 = Date.now()
    for (let step = 1; step <= 40; step++) {
      saver.schedule(step)
      await vi.advanceTimersByTimeAsync(50)
    }
    expect(starts.map((at) => at - t0)).toEqual([0, 1000, 2000])
  })

  it('does not start the next write the moment a write longer than the interval ends', async () => {
    const starts: number[] = []
    const saver = new Autosaver<number>(async () => {
      starts.push(Date.now())
      await new Promise((resolve) => setTimeout(resolve, 400))
    }, 250)
    const t0 = Date.now()
    for (let step = 1; step <= 40; step++) {
      saver.schedule(step)
      await vi.advanceTimersByTimeAsync(50)
    }
    expect(starts.map((at) => at - t0)).toEqual([0, 2000])
  })

  it('flush writes at once; a change during a write is written after it, never alongside', async () => {
    const log: string[] = []
    let release = (): void => {}
    const saver = new Autosaver<number>(async (v) => {
      log.push(`start ${v}`)
      if (v === 1) await new Promise<void>((r) => (release = r))
      log.push(`end ${v}`)
    })
    saver.schedule(1)
    const first = saver.flush()
    saver.schedule(2)
    saver.schedule(3)
    const second = saver.flush()
    const third = saver.flush()
    await vi.advanceTimersByTimeAsync(0)
    expect(log).toEqual(['start 1'])
    release()
    await Promise.all([first, second, third])
    expect(log).toEqual(['start 1', 'end 1', 'start 3', 'end 3'])
  })
})
