// Moving through a film as a designer looking for a frame does: the arrow keys on the position
// slider step one frame at the film's own frame rate, back and forth, and the readout says the
// frame's time; a WebM that records no length (a browser's recording) still shows and uses one.
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { MEDIA_PATH } from '../../src/main/content-security'
import { ffmpegTools } from '../tools/ffmpeg'
import { makeTestVideo, type TestVideo } from '../tools/make-test-video'
import { channelDistance } from './images'
import { openFilm } from './film-harness'
import { openApp, type App } from './harness'

let app: App
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-film-step-'))
  app = await openApp()
  await app.page.getByTestId('view-film').click()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

const readout = (page: Page) => page.getByTestId('film-time').innerText()
/** The media time of the frame the player presents next (the one it shows, once a seek has settled). */
const currentTime = (page: Page) => page.getByTestId('film-video').evaluate((v) => (v as unknown as { currentTime: number }).currentTime)

/** The colour at the left edge of the frame on show (the first band's), as a canvas draws it. */
const shownColour = (page: Page): Promise<[number, number, number]> =>
  page.evaluate(`(() => {
    const canvas = document.createElement('canvas')
    canvas.width = canvas.height = 16
    const ctx = canvas.getContext('2d')
    ctx.drawImage(document.querySelector('[data-testid="film-video"]'), 0, 0, 16, 16)
    return [...ctx.getImageData(1, 8, 1, 1).data].slice(0, 3)
  })()`)

/** Presses `key` on the slider and waits until the readout has moved to `time` ("00:00.120"). */
async function press(page: Page, key: string, time: string): Promise<void> {
  await page.getByTestId('scrub').press(key)
  await expect.poll(() => readout(page), { timeout: 10_000 }).toMatch(new RegExp(`^${time.replace('.', '\\.')} /`))
}

describe('Frame by frame', () => {
  const cases: [string, Parameters<typeof makeTestVideo>[1], number, string[]][] = [
    // 25 fps: frames every 40 ms.
    ['25 fps WebM', 'webm-vp9', 25, ['00:00.040', '00:00.080', '00:00.120']],
    // 30 fps: frames every 33⅓ ms.
    ['30 fps MP4', 'mp4-h264', 30, ['00:00.033', '00:00.067', '00:00.100']]
  ]
  it.each(cases)('the arrow keys on the slider step one frame of a %s, and back', async (_what, format, fps, times) => {
    const { page } = app
    const film: TestVideo = await makeTestVideo(join(dir, `film-${fps}.${format.split('-')[0]}`), format, { fps, segmentSeconds: 0.5 })
    await openFilm(app, film.path)
    for (const time of times) await press(page, 'ArrowRight', time)
    expect(await currentTime(page)).toBeCloseTo(3 / fps, 3)
    await press(page, 'ArrowLeft', times[1])
    await press(page, 'ArrowLeft', times[0])
    await press(page, 'ArrowLeft', '00:00.000')
    // The first frame has none before it: the film stays there.
    await page.getByTestId('scrub').press('ArrowLeft')
    await press(page, 'ArrowRight', times[0])
    expect(await page.getByTestId('scrub').getAttribute('aria-valuetext')).toBe(times[0])
    expect(app.pageErrors).toEqual([])
  })

  it('steps across a cut: the frame after the last of a shot is the first of the next, its colours on show', async () => {
    const { page } = app
    // Shots of 0.5 s at 25 fps: frame 12 (0.48 s) is the first shot's last, frame 13 (0.52 s) the next one's first.
    const film = await makeTestVideo(join(dir, 'cut.webm'), 'webm-vp9', { fps: 25, segmentSeconds: 0.52 })
    await openFilm(app, film.path)
    await page.getByTestId('scrub').fill('0.49')
    await expect.poll(() => readout(page)).toMatch(/^00:00\.490 \//)
    await press(page, 'ArrowRight', '00:00.520')
    await expect.poll(async () => channelDistance(await shownColour(page), film.segmentAt(0.52).colours[0])).toBeLessThanOrEqual(15)
    await press(page, 'ArrowLeft', '00:00.480')
    await expect.poll(async () => channelDistance(await shownColour(page), film.segmentAt(0.48).colours[0])).toBeLessThanOrEqual(15)
  })

  it('steps onto each frame of a film whose frames vary in length (a dropped frame), skipping none', async () => {
    const { page } = app
    const path = join(dir, 'dropped.mp4')
    // 25 fps with one frame dropped: the frame at 0.20 s lasts 80 ms, the next starts at 0.28 s.
    const filter = "testsrc2=s=320x180:r=25:d=2,setpts='(N+gt(N\\,5))/25/TB'"
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', filter, '-fps_mode', 'passthrough', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path])
    await openFilm(app, path)
    for (const time of ['00:00.040', '00:00.080', '00:00.120', '00:00.160', '00:00.200', '00:00.280', '00:00.320']) await press(page, 'ArrowRight', time)
    await press(page, 'ArrowLeft', '00:00.280')
    await press(page, 'ArrowLeft', '00:00.200')
    await press(page, 'ArrowLeft', '00:00.160')
  })

  it('steps onto each frame where the frame rate rises (0.1 s frames, then 0.02 s ones), skipping none', async () => {
    const { page } = app
    const path = join(dir, 'rising.mp4')
    // Frames every 0.1 s to 0.9 s, every 0.02 s from 1 s to 1.98 s, then every 0.2 s (a 50 fps source's frames, re-timed).
    const filter = "testsrc2=s=320x180:r=50:d=2,setpts='if(lt(N\\,10)\\,N*5\\,if(lt(N\\,60)\\,N+40\\,N*10-500))'"
    execFileSync(ffmpegTools().ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', filter, '-frames:v', '65', '-fps_mode', 'passthrough', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path])
    await openFilm(app, path)
    await page.getByTestId('scrub').fill('0.85')
    await expect.poll(() => readout(page)).toMatch(/^00:00\.850 \//)
    // The steps over 0.1 s frames teach a look ahead that long: the 0.02 s frames after them come one by one all the same.
    for (const time of ['00:00.900', '00:01.000', '00:01.020', '00:01.040', '00:01.060']) await press(page, 'ArrowRight', time)
    expect(await currentTime(page)).toBeCloseTo(1.06, 3)
    for (const time of ['00:01.040', '00:01.020', '00:01.000', '00:00.900']) await press(page, 'ArrowLeft', time)
    expect(app.pageErrors).toEqual([])
  })
})

describe('Frame by frame with the mouse', () => {
  it('Previous frame and Next frame beside the slider step one frame, and say their keys', async () => {
    const { page } = app
    const film = await makeTestVideo(join(dir, 'buttons.webm'), 'webm-vp9', { fps: 25, segmentSeconds: 0.5 })
    await openFilm(app, film.path)
    const next = page.getByRole('button', { name: 'Next frame', exact: true })
    const previous = page.getByRole('button', { name: 'Previous frame', exact: true })
    expect(await next.getAttribute('title')).toMatch(/right arrow key/)
    expect(await previous.getAttribute('title')).toMatch(/left arrow key/)
    for (const time of ['00:00.040', '00:00.080', '00:00.120']) {
      await next.click()
      await expect.poll(() => readout(page), { timeout: 10_000 }).toMatch(new RegExp(`^${time.replace('.', '\\.')} /`))
    }
    expect(await currentTime(page)).toBeCloseTo(0.12, 3)
    await previous.click()
    await expect.poll(() => readout(page), { timeout: 10_000 }).toMatch(/^00:00\.080 \//)
    expect(await currentTime(page)).toBeCloseTo(0.08, 3)
    expect(app.pageErrors).toEqual([])
  })

  it('say so at a film of one frame, which has none after it or before it', async () => {
    const { page } = app
    const path = join(dir, 'one.mp4')
    execFileSync(ffmpegTools().ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25:d=0.04', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path])
    await openFilm(app, path)
    const message = () => page.getByTestId('film-message').innerText()
    await page.getByRole('button', { name: 'Next frame', exact: true }).click()
    await expect.poll(message, { timeout: 20_000 }).toBe('This is the last frame of one.mp4.')
    await page.getByRole('button', { name: 'Previous frame', exact: true }).click()
    await expect.poll(message, { timeout: 20_000 }).toBe('This is the first frame of one.mp4.')
    expect(await readout(page)).toMatch(/^00:00\.000 \//)
    expect(app.pageErrors).toEqual([])
  })
})

describe('A WebM that records no length', () => {
  it('shows its length once the player has read it, and makes a strip over it', async () => {
    const { page } = app
    const path = join(dir, 'recording.webm')
    // Written to a pipe, as a browser's MediaRecorder writes: no duration, no index.
    const bytes = execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=320x180:r=25:d=3', '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-f', 'webm', 'pipe:1'])
    await writeFile(path, bytes)
    app.bridge.dialogs.queue('openVideo', path)
    await page.getByTestId('open-video').click()
    await expect.poll(() => readout(page), { timeout: 30_000 }).toMatch(/^00:00\.000 \/ 00:0[23]\.\d{3}$/)
    await page.getByTestId('strip-count').fill('3')
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 60_000 }).toMatch(/^3 frames sampled/)
  })

  it('makes no strip while its length is read: Make strip waits for it', async () => {
    const { page } = app
    const path = join(dir, 'held.webm')
    const bytes = execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=s=320x180:r=25:d=20', '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-f', 'webm', 'pipe:1'])
    await writeFile(path, bytes)
    // The player gets the film's first half at once (more than the 5 s it reads to learn the film)
    // and the rest only when released: it knows the film, not yet its length.
    const head = Math.floor(bytes.length / 2)
    let release = (): void => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    // The app's media URLs name a token, not the file: this film is the only one that loads from here on.
    const held = (url: URL): boolean => url.pathname.startsWith(MEDIA_PATH)
    await page.route(held, async (route) => {
      const start = Number(/bytes=(\d+)-/.exec(route.request().headers().range ?? '')?.[1] ?? 0)
      if (start >= head) await released
      const end = start < head ? head : bytes.length
      const headers = { 'content-range': `bytes ${start}-${end - 1}/${bytes.length}`, 'accept-ranges': 'bytes', 'content-type': 'video/webm' }
      await route.fulfill({ status: 206, headers, body: bytes.subarray(start, end) })
    })
    app.bridge.dialogs.queue('openVideo', path)
    await page.getByTestId('open-video').click()
    await page.getByTestId('strip-discard').click() // the last test's strip
    await expect.poll(() => page.getByTestId('film-video').evaluate((v) => (v as unknown as { duration: number }).duration), { timeout: 30_000 }).toBe(Infinity)
    expect(await page.getByTestId('sample-strip').isDisabled()).toBe(true)
    release()
    await expect.poll(() => readout(page), { timeout: 30_000 }).toMatch(/^00:00\.000 \/ 00:(19|20)\.\d{3}$/)
    expect(await page.getByTestId('sample-strip').isEnabled()).toBe(true)
    await page.unroute(held)
    expect(app.pageErrors).toEqual([])
  })
})
