// Seeking a video and drawing its frame (src/renderer/src/film/frame-grab.ts), in Chromium on a
// film whose every frame is known: what a strip's samples and a jump from the strip stand on.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestVideo, type TestVideo } from '../tools/make-test-video'
import { CHROMIUM_ARGS } from './harness'
import { channelDistance } from './images'

let browser: Browser
let page: Page
let dir: string
let film: TestVideo

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-grab-'))
  film = await makeTestVideo(join(dir, 'film.webm'), 'webm-vp9', { segmentSeconds: 0.5 })
  const bytes = await readFile(film.path)
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, '../../src/renderer/src/film/frame-grab.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'frameGrab',
    write: false
  })
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  page = await browser.newPage()
  // cut.webm: the film's first half, as a copy stopped part-way leaves it (its header gives the whole length).
  const films: Record<string, Buffer> = { 'film.webm': bytes, 'cut.webm': bytes.subarray(0, bytes.length >> 1) }
  await page.route('http://film.test/**', (route) => {
    const body = films[new URL(route.request().url()).pathname.slice(1)]
    return body
      ? route.fulfill({ body, contentType: 'video/webm', headers: { 'accept-ranges': 'bytes' } })
      : route.fulfill({ body: '<!doctype html>', contentType: 'text/html' })
  })
  await page.goto('http://film.test/')
  await page.addScriptTag({ content: bundle.outputFiles[0].text })
})
afterAll(async () => {
  await browser?.close()
  await rm(dir, { recursive: true, force: true })
})

interface Seen {
  time: number
  /** The media time of the last frame the video had presented when seek() resolved. */
  presented: number | null
  /** The widest band's colour in the frame grab() drew then. */
  rgb: [number, number, number]
}

/** Seeks an offscreen video to each time in turn, noting after each what it presented and what grab() drew. */
const seekEach = (times: number[]): Promise<Seen[]> =>
  page.evaluate(`(async () => {
    const video = frameGrab.offscreenVideo('http://film.test/film.webm')
    let presented = null
    const watch = (_now, { mediaTime }) => { presented = mediaTime; video.requestVideoFrameCallback(watch) }
    video.requestVideoFrameCallback(watch)
    const seen = []
    for (const time of ${JSON.stringify(times)}) {
      await frameGrab.seek(video, time)
      const frame = frameGrab.grab(video)
      const at = (frame.height >> 1) * frame.width * 4 + 8
      seen.push({ time, presented, rgb: [frame.data[at], frame.data[at + 1], frame.data[at + 2]] })
    }
    frameGrab.release(video)
    return seen
  })()`)

describe('seek', () => {
  it('resolves only once the frame at the time asked for has been presented, and grab draws that frame', async () => {
    // Back and forth across the film's segments, so each seek's frame differs from the one before.
    const times = [0.25, 2.75, 0.75, 2.25, 1.25, 1.75, 0.25, 2.75, 1.75, 0.75, 2.25, 1.25]
    const seen = await seekEach(times)
    for (const { time, presented, rgb } of seen) {
      expect(presented, `presented at ${time}`).not.toBeNull()
      expect(time - presented!, `presented at ${time}`).toBeGreaterThanOrEqual(-1e-3)
      expect(time - presented!, `presented at ${time}`).toBeLessThan(1 / film.fps + 1e-3)
      expect(channelDistance(rgb, film.segmentAt(time).colours[0]), `colour at ${time}: ${rgb.join(',')}`).toBeLessThanOrEqual(15)
    }
  })

  it('ends a seek to the time shown, which brings no new frame, and one to another time in the same frame, with that frame', async () => {
    const seen = await seekEach([1.25, 1.25, 1.26])
    expect(seen.map((s) => channelDistance(s.rgb, film.segmentAt(1.25).colours[0]) <= 15), JSON.stringify(seen)).toEqual([true, true, true])
  })

  it('leaves no wait running once a seek is over: a strip makes hundreds of seeks', async () => {
    const pending = await page.evaluate(`(async () => {
      const set = window.setTimeout, clear = window.clearTimeout
      const running = new Set()
      window.setTimeout = (callback, ms) => {
        const id = set(() => { running.delete(id); callback() }, ms)
        running.add(id)
        return id
      }
      window.clearTimeout = (id) => { running.delete(id); clear(id) }
      try {
        const video = frameGrab.offscreenVideo('http://film.test/film.webm')
        for (const time of [0.25, 1.25, 1.25, 2.25]) await frameGrab.seek(video, time)
        frameGrab.release(video)
        return running.size
      } finally {
        window.setTimeout = set
        window.clearTimeout = clear
      }
    })()`)
    expect(pending).toBe(0)
  })
})

describe('pictureSpan', () => {
  /** The part of `name` with picture, as pictureSpan finds it, each frame's callback `lateMs` after the frame is presented. */
  const spanOf = (name: string, lateMs: number): Promise<{ start: number; end: number; duration: number }> =>
    page.evaluate(`(async () => {
      const proto = HTMLVideoElement.prototype
      const own = proto.requestVideoFrameCallback
      // A busy machine: the frame is on show, its callback comes later.
      if (${lateMs}) proto.requestVideoFrameCallback = function (callback) {
        return own.call(this, (now, metadata) => setTimeout(() => callback(now, metadata), ${lateMs}))
      }
      try {
        const video = frameGrab.offscreenVideo('http://film.test/${name}')
        await new Promise((resolve) => video.addEventListener('loadedmetadata', resolve, { once: true }))
        const duration = video.duration
        const span = await frameGrab.pictureSpan(video, duration)
        frameGrab.release(video)
        return { ...span, duration }
      } finally {
        proto.requestVideoFrameCallback = own
      }
    })()`)

  it('finds where the picture of a film cut off part-way ends, also on a machine so busy that frames are reported 400 ms late', async () => {
    const span = await spanOf('cut.webm', 0)
    expect(span.start).toBe(0)
    expect(span.end).toBeGreaterThan(0.5)
    expect(span.end).toBeLessThan(span.duration - 0.5)
    // Before, a frame not reported within 250 ms of its seek told nothing, and the strip covered the whole timeline.
    expect(await spanOf('cut.webm', 400)).toEqual(span)
  })
})
