import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Autosaver } from '../../../src/renderer/src/board/autosave'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('Autosaver', () => {
  it('writes many quick changes once, the last one, after the delay', async () => {
    const writes: number[] = []
    const saver = new Autosaver<number>(async (v) => void writes.push(v), 400)
    saver.schedule(1)
    await vi.advanceTimersByTimeAsync(200)
    saver.schedule(2)
    saver.schedule(3)
    await vi.advanceTimersByTimeAsync(399)
    expect(writes).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(writes).toEqual([3])
    expect(saver.pending).toBe(false)
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
