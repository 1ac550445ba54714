// Films in the app, in Chromium against the real engine: a short film made by Debian's ffmpeg
// from known coloured segments, so every frame's palette is known. The strip's colours and
// times, jumping from the strip, taking a frame into the board, and the strip's PNG and JSON; a
// strip made while the player is used, and strips of films too long or too short for what is asked.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Rgb } from '../../src/shared/palette'
import { BAND_SHARES, makeTestVideo, VIDEO_FORMATS, type TestVideo } from '../tools/make-test-video'
import { ffmpegTools } from '../tools/ffmpeg'
import { makeUnevenVideo, UNEVEN_COLOURS, UNEVEN_TIMES, unevenFrameAt } from '../tools/uneven-video'
import { channelDistance, rgbOfHex } from './images'
import { openFilm } from './film-harness'
import { dropFile, holdExtraction, openApp, type App } from './harness'

let app: App
let dir: string
let film: TestVideo
const COUNT = 12

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-film-'))
  film = await makeTestVideo(join(dir, 'film.webm'), 'webm-vp9')
  app = await openApp()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

interface Chip {
  hex: string
  share: number
}

/**
 * Each colour of the segment on screen is a swatch (±15 per channel) with its band's share of the
 * frame; what else there is (the encoder's soft band edges) covers at most 5 % of it.
 */
function expectSegmentColours(chips: Chip[], colours: readonly Rgb[], what: string): void {
  const label = `${what}: ${chips.map((c) => `${c.hex} ${c.share.toFixed(3)}`).join(', ')}`
  const matched = colours.map((colour, band) => {
    // The band's own swatch is the largest near its colour: an encoder's fringe can add a sliver of one nearby.
    const chip = chips.filter((c) => channelDistance(rgbOfHex(c.hex), colour) <= 15).sort((a, b) => b.share - a.share)[0]
    expect(chip, label).toBeDefined()
    expect(Math.abs(chip!.share - BAND_SHARES[band]), label).toBeLessThanOrEqual(0.05)
    return chip!
  })
  const rest = chips.filter((c) => !matched.includes(c)).reduce((sum, c) => sum + c.share, 0)
  expect(rest, label).toBeLessThanOrEqual(0.05)
}

// Runs in the page (this file is type-checked without the DOM library, hence the narrow type).
const chipsOf = (els: { getAttribute(name: string): string | null }[]): Chip[] =>
  els.map((el) => ({ hex: el.getAttribute('data-hex') ?? '', share: Number(el.getAttribute('data-share')) }))

const stripEntries = (page: Page) =>
  page.getByTestId('strip-entry').evaluateAll((els) =>
    els.map((el) => ({
      time: Number(el.getAttribute('data-time')),
      chips: [...el.querySelectorAll('[data-testid="strip-swatch"]')].map((s) => ({
        hex: s.getAttribute('data-hex') ?? '',
        share: Number(s.getAttribute('data-share'))
      }))
    }))
  )

describe('Films', () => {
  it('opens a film and samples a strip whose every palette and time is the known one', async () => {
    const { page } = app
    await openFilm(app, film.path, { length: /\/ 00:06\.0\d\d$/ })
    await page.getByTestId('strip-count').fill(String(COUNT))
    await page.getByTestId('sample-strip').click()
    await page.getByTestId('strip-progress').waitFor()
    await expect.poll(() => page.getByTestId('strip-entry').count(), { timeout: 90_000 }).toBe(COUNT)
    await expect.poll(() => page.getByTestId('film-message').innerText()).toBe(`${COUNT} frames sampled.`)
    const entries = await stripEntries(page)
    const duration = await page.getByTestId('film-video').evaluate((v) => (v as unknown as { duration: number }).duration)
    entries.forEach((entry, i) => {
      // The frame on show at the sample time (25 fps), named by its own time, as the command line names it.
      const sample = ((i + 0.5) * duration) / COUNT
      expect(entry.time).toBeLessThanOrEqual(sample + 1e-6)
      expect(entry.time).toBeGreaterThan(sample - 1 / 25)
      expectSegmentColours(entry.chips, film.segmentAt(entry.time).colours, `t=${entry.time}`)
    })
    await app.shot('film-01-strip')
  })

  it('jumps to a strip entry, and takes that frame into the board, labelled with its time', async () => {
    const { page } = app
    await page.getByTestId('strip-entry').nth(5).locator('button').click()
    const time = (await stripEntries(page))[5].time
    await expect.poll(() => page.getByTestId('film-video').evaluate((v) => (v as unknown as { currentTime: number }).currentTime)).toBeCloseTo(time, 2)
    await page.getByTestId('take-frame').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 60_000 }).toMatch(/^Added film\.webm @ 00:02\.7\d\d/)
    await page.getByTestId('view-board').click()
    const column = page.getByTestId('board-column')
    expect(await column.getAttribute('data-name')).toMatch(/^film\.webm @ 00:02\.7\d\d$/)
    const chips = await column.locator('[data-kind="median-cut"] [data-testid="chip"]').evaluateAll(chipsOf)
    expectSegmentColours(chips, film.segmentAt(time).colours, 'taken frame')
    await app.shot('film-02-frame-on-board')
  })

  it('exports the strip as a PNG (a bar per frame) and as JSON', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-film').click()
    const entries = await stripEntries(page)
    bridge.dialogs.queue('saveFile', { folder: dir }, { folder: dir })
    await page.getByTestId('export-strip-png').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 30_000 }).toContain('film-strip.png')
    const { data, info } = await sharp(await readFile(join(dir, 'film-strip.png'))).removeAlpha().raw().toBuffer({ resolveWithObject: true })
    const barWidth = info.width / COUNT
    expect(Number.isInteger(barWidth)).toBe(true)
    entries.forEach((entry, i) => {
      const at = (Math.floor(i * barWidth + barWidth / 2) + 2 * info.width) * 3 // row 2, middle of bar i
      expect(channelDistance([data[at], data[at + 1], data[at + 2]], rgbOfHex(entry.chips[0].hex))).toBeLessThanOrEqual(1)
    })
    await page.getByTestId('export-strip-json').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 30_000 }).toContain('film-strip.json')
    const json = JSON.parse(await readFile(join(dir, 'film-strip.json'), 'utf8'))
    expect(json.film).toBe('film.webm')
    expect(json.samples.map((s: { time: number }) => s.time)).toEqual(entries.map((e) => e.time))
    expect(json.samples[0].swatches.map((s: { hex: string }) => s.hex)).toEqual(entries[0].chips.map((c) => c.hex))
    expect(app.pageErrors).toEqual([])
  })

  it('a long strip shows progress, stays responsive and stops when cancelled, keeping what it sampled', async () => {
    const { page } = app
    await page.getByTestId('strip-count').fill('400')
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => page.getByTestId('strip-entry').count()).toBeGreaterThan(3)
    // The page answers while it samples: scrubbing text updates and the board tab opens and closes.
    await page.getByTestId('view-board').click()
    await page.getByTestId('board').waitFor()
    await page.getByTestId('view-film').click()
    await page.getByTestId('cancel-strip').click()
    await expect.poll(() => page.getByTestId('film-message').innerText()).toBe('Sampling cancelled.')
    const kept = await page.getByTestId('strip-entry').count()
    expect(kept).toBeGreaterThan(3)
    expect(kept).toBeLessThan(400)
    await page.waitForTimeout(500)
    expect(await page.getByTestId('strip-entry').count()).toBe(kept)
    await page.getByTestId('sample-strip').waitFor()
  })

  it('opening another film while a strip is sampled stops it: the new film’s strip is all its own', async () => {
    const { page } = app
    const second = await makeTestVideo(join(dir, 'second.webm'), 'webm-vp9', { segmentSeconds: 2 })
    // The first film's first frame is held at the engine until the second film is open.
    let release = (): void => {}
    const held = new Promise<void>((done) => (release = done))
    let holding = false
    await page.route('**/__bridge/invoke/**', async (route) => {
      if (route.request().url().endsWith('extract') && !holding) {
        holding = true
        await held
      }
      await route.continue()
    })
    await page.getByTestId('strip-count').fill('400')
    await page.getByTestId('sample-strip').click()
    await page.getByTestId('strip-discard').click() // the last test's cancelled strip was kept nowhere
    await expect.poll(() => holding).toBe(true)
    await openFilm(app, second.path, { length: /\/ 00:12\.0\d\d$/ })
    // The first film's strip stopped when the second opened, with its frame still at the engine.
    expect(await page.getByTestId('sample-strip').isVisible()).toBe(true)
    expect(await page.getByTestId('strip-entry').count()).toBe(0)
    release()
    await page.unrouteAll({ behavior: 'wait' })
    await page.getByTestId('strip-count').fill('6')
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe('6 frames sampled.')
    const entries = await stripEntries(page)
    expect(entries).toHaveLength(6)
    entries.forEach((entry, i) => expect(entry.time).toBeCloseTo(1 + 2 * i, 1))
    entries.forEach((entry) => expectSegmentColours(entry.chips, second.segmentAt(entry.time).colours, `t=${entry.time}`))
  })

  it('plays a film dropped onto the film view, from memory', async () => {
    const { page } = app
    await page.getByTestId('view-film').click()
    await dropFile(page, '[data-testid="film"]', { name: 'dropped.webm', type: 'video/webm', bytes: await readFile(film.path) })
    await page.getByTestId('strip-discard').click() // the last test's strip of second.webm was kept nowhere
    await expect.poll(() => page.getByTestId('film-time').innerText(), { timeout: 30_000 }).toMatch(/^00:00\.000 \/ 00:06\.0\d\d$/)
    expect(await page.getByTestId('film-video').getAttribute('src')).toMatch(/^blob:/)
  })

  it.each(['mp4-h264', 'webm-vp8', 'mov-h264'] as const)('takes a frame of a %s film with its known colours', async (format) => {
    const { page } = app
    const other = await makeTestVideo(join(dir, `film-${format}${VIDEO_FORMATS[format].ext}`), format)
    await openFilm(app, other.path) // its name on show (film-<format>.<ext>), then its length loaded
    // Drag the scrub bar to 4.5 s (set in the page, as a drag would: the value, then an input event).
    await page.evaluate(`(() => {
      const scrub = document.querySelector('[data-testid="scrub"]')
      scrub.value = '4.5'
      scrub.dispatchEvent(new Event('input', { bubbles: true }))
    })()`)
    await expect.poll(() => page.getByTestId('film-time').innerText()).toMatch(/^00:04\.500/)
    await page.getByTestId('take-frame').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 60_000 }).toMatch(/^Added film-/)
    await page.getByTestId('view-board').click()
    const column = page.getByTestId('board-column').last()
    expect(await column.getAttribute('data-name')).toBe(`film-${format}${VIDEO_FORMATS[format].ext} @ 00:04.500`)
    const chips = await column.locator('[data-kind="median-cut"] [data-testid="chip"]').evaluateAll(chipsOf)
    expectSegmentColours(chips, other.segmentAt(4.5).colours, format)
  })

  it('a frame still being taken when another film opens: the new film’s frame can be taken at once, and its status says nothing of the old one', async () => {
    const { page } = app
    await openFilm(app, film.path, { length: /\/ 00:06\.0\d\d$/ })
    const hold = await holdExtraction(page, 0)
    const take = page.getByTestId('take-frame')
    await take.click()
    await expect.poll(() => hold.holding()).toBe(true)
    await openFilm(app, join(dir, 'second.webm'), { length: /\/ 00:12\.0\d\d$/ }) // made by a test above
    expect(await take.innerText()).toBe('Take this frame')
    expect(await take.isEnabled()).toBe(true)

    // The frame asked for goes to the board all the same, named after its own film.
    await page.getByTestId('view-board').click()
    const columns = page.getByTestId('board-column')
    const before = await columns.count()
    await hold.release()
    await expect.poll(() => columns.count(), { timeout: 60_000 }).toBe(before + 1)
    expect(await columns.last().getAttribute('data-name')).toBe('film.webm @ 00:00.000')
    await page.getByTestId('view-film').click()
    expect(await page.getByTestId('film-message').innerText()).toBe('')
    await take.click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 60_000 }).toBe('Added second.webm @ 00:00.000 to the board.')
    expect(app.pageErrors).toEqual([])
  })
})

describe('Strips as a designer makes them', () => {
  it('the player stays where the designer jumps (by keyboard) while a strip is made, and each sample is its own frame', async () => {
    const { page } = app
    await openFilm(app, film.path, { length: /\/ 00:06\.0\d\d$/ })
    await page.getByTestId('strip-count').fill('4')
    const hold = await holdExtraction(page, 1)
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => hold.holding()).toBe(true)
    // From Cancel, Tab reaches the strip's first bar; Enter jumps there.
    await page.getByTestId('cancel-strip').focus()
    await page.keyboard.press('Tab')
    // The samples at 0.75, 2.25, 3.75 and 5.25 s show the frames (25 fps) that start at 0.72, 2.24, 3.72 and 5.24 s.
    expect(await page.locator(':focus').getAttribute('aria-label')).toMatch(/^00:00\.720: #/)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('film-time').innerText()).toMatch(/^00:00\.720/)
    await hold.release()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe('4 frames sampled.')
    expect(await page.getByTestId('film-time').innerText()).toMatch(/^00:00\.720/)
    const entries = await stripEntries(page)
    expect(entries.map((e) => e.time)).toEqual([0.72, 2.24, 3.72, 5.24])
    entries.forEach((entry) => expectSegmentColours(entry.chips, film.segmentAt(entry.time).colours, `t=${entry.time}`))
    expect(app.pageErrors).toEqual([])
  })

  it('one every 20 s of a 6 s film: one frame, from its middle, and the message says one frame', async () => {
    const { page } = app
    await page.locator('input[type="radio"][value="every"]').check()
    await page.getByLabel('Seconds between frames').fill('20')
    await page.getByTestId('sample-strip').click()
    await page.getByTestId('strip-discard').click() // the last test's strip
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 60_000 }).toBe('1 frame sampled.')
    const [entry, ...rest] = await stripEntries(page)
    expect(rest).toEqual([])
    expect(entry.time).toBe(3)
    expectSegmentColours(entry.chips, film.segmentAt(3).colours, 'the middle frame')
    await page.getByTestId('strip-to-board').click()
    expect(await page.getByTestId('film-message').innerText()).toBe('Added 1 frame to the board.')
  })

  it('a strip that would cover only part of a long film is refused, saying why, and the strip on show stays', async () => {
    const { page } = app
    const long = await makeTestVideo(join(dir, 'long.webm'), 'webm-vp9', { width: 64, height: 36, fps: 1, segmentSeconds: 40 })
    await openFilm(app, long.path, { length: /\/ 04:00\.0\d\d$/ }) // the last test added its strip to the board
    await page.getByTestId('sample-strip').click() // one every 20 s, as the last test left it
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 60_000 }).toBe('12 frames sampled.')
    const strip = await stripEntries(page)

    await page.getByLabel('Seconds between frames').fill('0.1')
    await page.getByTestId('sample-strip').click()
    await expect
      .poll(() => page.getByTestId('film-message').innerText())
      .toMatch(/^That strip would take 240\d frames of long\.webm; a strip holds at most 2000\. Choose fewer frames or a longer interval\.$/)
    expect(await page.getByTestId('strip-question').count()).toBe(0)
    expect(await page.getByTestId('strip-progress').count()).toBe(0)
    expect(await stripEntries(page)).toEqual(strip)
    await page.locator('input[type="radio"][value="frames"]').check()
    expect(app.pageErrors).toEqual([])
  })

  it('an emptied, zero or fractional field makes no strip: the message says what to type, and the strip on show stays', async () => {
    const { page } = app
    const strip = await stripEntries(page) // the last test's, of long.webm
    const every = page.getByLabel('Seconds between frames')
    expect(await every.getAttribute('min')).toBe('0.1')
    const FRAMES = 'Type how many frames to sample: a whole number from 1 to 2000.'
    const EVERY = 'Type how often to sample, at least every 0.1 s.'
    // Each refusal's words differ from the last one's, so each is seen to be said.
    const asks = [['frames', '', FRAMES], ['every', '', EVERY], ['frames', '0', FRAMES], ['every', '0', EVERY], ['frames', '2.5', FRAMES], ['every', '0.05', EVERY]] as const
    for (const [mode, value, want] of asks) {
      await page.locator(`input[type="radio"][value="${mode}"]`).check()
      await (mode === 'frames' ? page.getByTestId('strip-count') : every).fill(value)
      await page.getByTestId('sample-strip').click()
      await expect.poll(() => page.getByTestId('film-message').innerText()).toBe(want)
      expect(await page.getByTestId('strip-question').count()).toBe(0)
      expect(await page.getByTestId('strip-progress').count()).toBe(0)
    }
    expect(await stripEntries(page)).toEqual(strip)
    await every.fill('20')
    await page.locator('input[type="radio"][value="frames"]').check()
    expect(app.pageErrors).toEqual([])
  })

  it('the message is one live region, there while it has nothing to say (and showing nothing), its words changing', async () => {
    const { page } = app
    const region = await page.getByTestId('film-message').elementHandle() // saying what to type, from the last test
    // Its state in the page (this file is type-checked without the DOM library, hence the narrow type).
    const state = () =>
      region.evaluate((el) => {
        const p = el as unknown as { isConnected: boolean; textContent: string; getAttribute(name: string): string | null; getBoundingClientRect(): { height: number } }
        return { connected: p.isConnected, text: p.textContent, role: p.getAttribute('role'), height: p.getBoundingClientRect().height }
      })
    await page.getByTestId('strip-count').fill('2')
    const hold = await holdExtraction(page, 0)
    await page.getByTestId('sample-strip').click()
    await page.getByTestId('strip-discard').click() // long.webm's strip
    await expect.poll(() => hold.holding()).toBe(true)
    expect(await state()).toEqual({ connected: true, text: '', role: 'status', height: 0 })
    expect(await page.getByTestId('film-message').isVisible()).toBe(false)
    await hold.release()
    await expect.poll(async () => (await state()).text, { timeout: 90_000 }).toBe('2 frames sampled.')
    expect(await state()).toMatchObject({ connected: true, role: 'status' })
    expect(app.pageErrors).toEqual([])
  })

  it('a film shorter than a millisecond per frame asked: each of its frames sampled once, and the strip shows them all', async () => {
    const { page } = app
    const tiny = await makeTestVideo(join(dir, 'tiny.webm'), 'webm-vp9', { fps: 100, segmentSeconds: 0.01 }) // 6 frames, 0.06 s
    await openFilm(app, tiny.path, { length: /\/ 00:00\.0[5-7]\d$/, discardStrip: true }) // the last test's strip
    await page.getByTestId('strip-count').fill('100')
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe('6 frames sampled: tiny.webm has only 6 frames.')
    const entries = await stripEntries(page)
    expect(entries).toHaveLength(6)
    entries.forEach((entry) => expectSegmentColours(entry.chips, tiny.segmentAt(entry.time).colours, `t=${entry.time}`))
    expect(app.pageErrors).toEqual([])
  })

  /** The 6 s test film with a sound track of `soundSeconds`, its picture `offset` seconds in. */
  function withSound(name: string, soundSeconds: number, offset = 0): string {
    const path = join(dir, name)
    const picture = [...(offset ? ['-itsoffset', String(offset)] : []), '-i', film.path]
    execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...picture, '-f', 'lavfi', '-i', `sine=d=${soundSeconds}`, '-c:v', 'copy', '-c:a', 'libopus', path])
    return path
  }

  /** Samples 6 frames: each must be the picture's own frame at its time (`offset` the picture's start), within [from, to]. */
  async function expectPictureStrip(page: Page, offset: number, from: number, to: number): Promise<string> {
    await page.getByTestId('strip-count').fill('6')
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toMatch(/^6 frames sampled/)
    const entries = await stripEntries(page)
    expect(entries).toHaveLength(6)
    for (const entry of entries) {
      expect(entry.time).toBeGreaterThanOrEqual(from)
      expect(entry.time).toBeLessThanOrEqual(to)
      expectSegmentColours(entry.chips, film.segmentAt(entry.time - offset).colours, `t=${entry.time}`)
    }
    expect(app.pageErrors).toEqual([])
    return page.getByTestId('film-message').innerText()
  }

  it('a film whose sound runs on after its picture is sampled over the picture, not repeating its last frame', async () => {
    const { page } = app
    await openFilm(app, withSound('long-sound.webm', 12), { length: /\/ 00:12\.0\d\d$/, discardStrip: true }) // the last test's strip
    const message = await expectPictureStrip(page, 0, 0, 6)
    expect(message).toMatch(/^6 frames sampled from 00:00\.000 to 00:06\.0\d\d, the part of long-sound\.webm with picture: the rest has none that can be read \(sound alone, or a file cut off\)\.$/)
  })

  it('a film whose picture starts after its sound is sampled from its first frame on', async () => {
    const { page } = app
    await openFilm(app, withSound('late.webm', 8, 2), { length: /\/ 00:08\.0\d\d$/, discardStrip: true }) // the last test's strip
    const message = await expectPictureStrip(page, 2, 2, 8.1)
    expect(message).toMatch(/^6 frames sampled from 00:02\.0\d\d to 00:08\.0\d\d, the part of late\.webm with picture/)
  })

  it('a WebM cut off part-way is sampled over the part that can be read, and says so', async () => {
    const { page } = app
    const whole = await readFile(film.path)
    const cut = join(dir, 'cut.webm')
    await writeFile(cut, whole.subarray(0, whole.length / 2))
    await openFilm(app, cut, { length: /\/ 00:06\.0\d\d$/, discardStrip: true }) // the last test's strip
    const message = await expectPictureStrip(page, 0, 0, 4)
    expect(message).toMatch(/^6 frames sampled from 00:00\.000 to 00:0[234]\.\d{3}, the part of cut\.webm with picture: the rest has none that can be read \(sound alone, or a file cut off\)\.$/)
  })

  /** A film of `count` frames (at most 3) at 25 fps: red, then green, then blue, each all of its colour. */
  function framesOf(name: string, count: number): string {
    const path = join(dir, name)
    // One source coloured by frame number (N): concatenated one-frame sources lose a frame.
    const colour = "format=gbrp,geq=r='255*eq(N\\,0)':g='255*eq(N\\,1)':b='255*eq(N\\,2)',format=yuv420p"
    const args = ['-f', 'lavfi', '-i', 'color=c=black:s=64x48:r=25', '-vf', colour, '-frames:v', String(count), '-c:v', 'libvpx-vp9']
    execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args, path])
    return path
  }

  it.each([
    // The last test's strip was kept nowhere; this one's goes to the board.
    ['one-frame.webm', ['#ff0000'], '1 frame sampled: one-frame.webm has only 1 frame.', true],
    ['three-frames.webm', ['#ff0000', '#00ff00', '#0000ff'], '3 frames sampled: three-frames.webm has only 3 frames.', false]
  ])('24 frames asked of %s: a bar for each of its frames, once, on the board and in the PNG too', async (name, colours, message, discard) => {
    const { page, bridge } = app
    await openFilm(app, framesOf(name, colours.length), { length: /\/ 00:00\.\d{3}$/, discardStrip: discard })
    await page.getByTestId('strip-count').fill('24')
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe(message)
    const entries = await stripEntries(page)
    expect(entries).toHaveLength(colours.length)
    entries.forEach((entry, i) => expect(channelDistance(rgbOfHex(entry.chips[0].hex), rgbOfHex(colours[i])), `bar ${i}`).toBeLessThanOrEqual(15))
    // Each bar is named by its frame's time (0, 40 and 80 ms), not by the first sample that showed it (1 ms, 3 ms…).
    expect(entries.map((entry) => entry.time)).toEqual(colours.map((_, i) => i * 0.04))

    bridge.dialogs.queue('saveFile', { folder: dir })
    await page.getByTestId('export-strip-png').click()
    await expect.poll(() => page.getByTestId('film-message').innerText()).toContain(`${name.replace('.webm', '')}-strip.png`)
    const { info } = await sharp(await readFile(join(dir, `${name.replace('.webm', '')}-strip.png`))).toBuffer({ resolveWithObject: true })
    expect(info.width).toBe(8 * colours.length) // 8 px a bar

    await page.getByTestId('view-board').click()
    const before = await page.getByTestId('board-column').count()
    await page.getByTestId('view-film').click()
    await page.getByTestId('strip-to-board').click()
    expect(await page.getByTestId('film-message').innerText()).toBe(`Added ${colours.length === 1 ? '1 frame' : `${colours.length} frames`} to the board.`)
    await page.getByTestId('view-board').click()
    expect(await page.getByTestId('board-column').count()).toBe(before + colours.length)
    await page.getByTestId('view-film').click()
    expect(app.pageErrors).toEqual([])
  })

  it('a film whose frames last unevenly: each bar is the frame on show at its sample time, named by that frame\'s time', async () => {
    const { page } = app
    const path = join(dir, 'uneven.webm')
    makeUnevenVideo(path, 'libvpx-vp9')
    await openFilm(app, path, { length: /\/ 00:01\.5\d\d$/ }) // the last test added its strip to the board
    // One every second of 1.56 s: at 0.5 s, among four short frames, and at 1.28 s, in a long one.
    await page.locator('input[type="radio"][value="every"]').check()
    await page.getByLabel('Seconds between frames').fill('1')
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe('2 frames sampled.')
    const entries = await stripEntries(page)
    const shown = [0.5, 1.28].map(unevenFrameAt)
    expect(entries.map((entry) => entry.time)).toEqual(shown.map((n) => UNEVEN_TIMES[n]))
    entries.forEach((entry, i) => expect(channelDistance(rgbOfHex(entry.chips[0].hex), UNEVEN_COLOURS[shown[i]]), `bar ${i}`).toBeLessThanOrEqual(15))
    await page.getByTestId('strip-to-board').click()
    await page.locator('input[type="radio"][value="frames"]').check()
    expect(app.pageErrors).toEqual([])
  })

  it('a strip has the method chosen when Make strip was pressed: the choice is fixed while the strip is sampled', async () => {
    const { page, bridge } = app
    await openFilm(app, film.path, { length: /\/ 00:06\.0\d\d$/ }) // the last test added its strip to the board
    const method = page.getByLabel('Method for the strip')
    await page.getByTestId('strip-count').fill('4')
    let hold = await holdExtraction(page, 1)
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => hold.holding()).toBe(true)
    expect(await method.isDisabled()).toBe(true)
    await hold.release()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe('4 frames sampled.')
    expect(await method.isEnabled()).toBe(true)

    // Another method chosen while the question before the new strip waits: the strip is made as it was asked for.
    await page.getByTestId('sample-strip').click()
    await page.getByTestId('strip-question').waitFor()
    await method.selectOption('kmeans')
    hold = await holdExtraction(page, 0)
    await page.getByTestId('strip-discard').click()
    await expect.poll(() => hold.holding()).toBe(true)
    await hold.release()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe('4 frames sampled.')
    const path = join(dir, 'one-method.json')
    bridge.dialogs.queue('saveFile', path)
    await page.getByTestId('export-strip-json').click()
    await expect.poll(() => page.getByTestId('film-message').innerText()).toBe(`Saved ${path}`)
    const { samples } = JSON.parse(await readFile(path, 'utf8')) as { samples: { method: string }[] }
    expect(samples.map((s) => s.method)).toEqual(['median-cut', 'median-cut', 'median-cut', 'median-cut'])
    await method.selectOption('median-cut')
    expect(app.pageErrors).toEqual([])
  })

  it('a strip of a film over an hour long: each bar’s time fits under it, to the second, and its full time is in the tooltips and the bar’s name', async () => {
    const { page } = app
    // 70 minutes: six 700 s segments at a frame a second, small, so that it is made in seconds.
    const hour = await makeTestVideo(join(dir, 'hour.webm'), 'webm-vp9', { width: 64, height: 36, fps: 1, segmentSeconds: 700 })
    await openFilm(app, hour.path, { length: /\/ 01:10:00\.0\d\d$/ }) // the last test saved its strip
    await page.getByTestId('strip-count').fill('6')
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe('6 frames sampled.')
    const bars = await page.getByTestId('strip-entry').evaluateAll((els) =>
      els.map((el) => {
        const label = el.querySelector('.time') as unknown as { textContent: string; title: string; scrollWidth: number; clientWidth: number }
        const bar = el.querySelector('button')
        return { label: label.textContent, fits: label.scrollWidth <= label.clientWidth, full: label.title, name: bar?.getAttribute('aria-label'), tip: bar?.getAttribute('title') }
      })
    )
    // Hours and milliseconds ("01:04:10.000") are wider than a bar: each time to the second, all with hours.
    expect(bars.map((b) => b.label)).toEqual(['00:05:50', '00:17:30', '00:29:10', '00:40:50', '00:52:30', '01:04:10'])
    const times = ['05:50', '17:30', '29:10', '40:50', '52:30', '01:04:10']
    for (const [i, { label, fits, full, name, tip }] of bars.entries()) {
      expect(fits, label).toBe(true)
      expect(full).toMatch(new RegExp(`^${times[i]}\\.\\d{3}$`))
      expect(name).toMatch(new RegExp(`^${full.replace('.', '\\.')}: #`))
      expect(tip).toBe(`Jump to ${full}`)
    }
    await app.shot('film-03-hour-strip')
    expect(app.pageErrors).toEqual([])
  })
})
