// How long a seek (src/renderer/src/film/frame-grab.ts) waits for its frame, on a stand-in for a
// paused video that presents each seek's frames when the test's clock says: as an idle machine
// does, or a busy one. The seek itself, in Chromium, is in test/e2e/frame-grab.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// Imported by a path the type checker does not follow: the module is typed against the DOM, which
// the tests' TypeScript project (tsconfig.node.json) leaves out; seek() uses none of it here but the stand-in's.
const FRAME_GRAB = new URL('../../../src/renderer/src/film/frame-grab.ts', import.meta.url).pathname
const { seek } = (await import(FRAME_GRAB)) as { seek: (video: Player, time: number) => Promise<number | null> }

/** When a seek's events come, in ms after it starts; `before`: a frame presented on the way, its time and when. */
interface Timing {
  seekedMs: number
  frameMs: number
  before?: { mediaTime: number; ms: number }
}

type FrameCallback = (now: number, metadata: { mediaTime: number }) => void

/** Frames every 40 ms up to 2 s on a 3 s timeline (a sound track runs on): a seek past 2 s shows the last. */
const frameAt = (time: number): number => Math.round(Math.min(Math.floor(time / 0.04 + 1e-9), 49) * 4) / 100

/** What seek() uses of a paused video, which presents each seek's frame as `timing` says. */
class Player {
  readonly readyState = 4
  timing: Timing
  #time = 0
  #listeners = new Set<{ event: string; listener: () => void }>()
  #callbacks = new Map<number, FrameCallback>()
  #handles = 0

  constructor(timing: Timing) {
    this.timing = timing
  }

  get currentTime(): number {
    return this.#time
  }

  set currentTime(time: number) {
    this.#time = time
    const { seekedMs, frameMs, before } = this.timing
    if (before) setTimeout(() => this.#present(before.mediaTime), before.ms)
    setTimeout(() => [...this.#listeners].filter((l) => l.event === 'seeked').forEach((l) => l.listener()), seekedMs)
    setTimeout(() => this.#present(frameAt(time)), frameMs)
  }

  addEventListener(event: string, listener: () => void): void {
    this.#listeners.add({ event, listener })
  }

  removeEventListener(event: string, listener: () => void): void {
    this.#listeners.forEach((l) => l.event === event && l.listener === listener && this.#listeners.delete(l))
  }

  requestVideoFrameCallback(callback: FrameCallback): number {
    this.#callbacks.set(++this.#handles, callback)
    return this.#handles
  }

  cancelVideoFrameCallback(handle: number): void {
    this.#callbacks.delete(handle)
  }

  /** Each frame's callbacks run once, as Chromium's do: those asked for in them wait for the next frame. */
  #present(mediaTime: number): void {
    const callbacks = [...this.#callbacks.values()]
    this.#callbacks.clear()
    callbacks.forEach((callback) => callback(performance.now(), { mediaTime }))
  }
}

/** Starts a seek of `player` to `time`: what it has ended with so far (undefined while it goes on). */
function seeking(player: Player, time: number): () => number | null | undefined {
  let result: number | null | undefined
  void seek(player, time).then((at) => (result = at))
  return () => result
}

/** Seeks `player` to `time`: what the seek ended with, `ms` later by the clock. */
async function seekFor(player: Player, time: number, ms = 5_000): Promise<number | null | undefined> {
  const result = seeking(player, time)
  await vi.advanceTimersByTimeAsync(ms)
  return result()
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
  vi.stubGlobal('HTMLMediaElement', { HAVE_NOTHING: 0 })
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('seek', () => {
  it('on a busy machine, ends with the frame at the time asked for though it comes 400 ms after another one', async () => {
    const player = new Player({ seekedMs: 30, frameMs: 400 })
    expect(await seekFor(player, 0.5)).toBe(0.48)
    // The frame a seek leaves is presented once more as it starts; the time's own comes as late as before.
    player.timing.before = { mediaTime: 0.48, ms: 0 }
    expect(await seekFor(player, 1.5)).toBe(1.48)
    player.timing.before = { mediaTime: 1.48, ms: 0 }
    expect(await seekFor(player, 0.9)).toBe(0.88)
  })

  it('on a busy machine, ends with the last frame past the end of the picture, where no other comes', async () => {
    const player = new Player({ seekedMs: 30, frameMs: 400 })
    expect(await seekFor(player, 1.5)).toBe(1.48)
    expect(await seekFor(player, 2.9)).toBe(1.96)
  })

  it('on an idle machine, and once a busy spell is over, waits no longer than 250 ms for a frame that does not come', async () => {
    const player = new Player({ seekedMs: 5, frameMs: 400 })
    expect(await seekFor(player, 1.5)).toBe(1.48)
    player.timing = { seekedMs: 5, frameMs: 10 }
    for (const time of [0.1, 0.3, 0.5, 0.7]) expect(await seekFor(player, time, 20)).toBe(frameAt(time))
    // Past the end of the picture the last frame comes 10 ms after the seek starts, and the seek ends 250 ms later.
    const result = seeking(player, 2.9)
    await vi.advanceTimersByTimeAsync(200)
    expect(result()).toBeUndefined()
    await vi.advanceTimersByTimeAsync(70)
    expect(result()).toBe(1.96)
  })
})
