// What a film's strip becomes, in Chromium against the real engine: swatch files with a group per
// frame, board columns, and the question before an unsaved strip is replaced. And what the film
// view says when what the user gives it is not a film it can open.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { readAse, readGpl } from '../../src/main/formats'
import { makeTestVideo, type TestVideo } from '../tools/make-test-video'
import { ffmpegTools } from '../tools/ffmpeg'
import { bandsPng, FIVE_BANDS, hexOf } from './images'
import { openFilm } from './film-harness'
import { dropFile, holdExtraction, openApp, type App } from './harness'

let app: App
let dir: string
let film: TestVideo
const COUNT = 4
const SAMPLED = `${COUNT} frames sampled.`

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-film-strip-'))
  film = await makeTestVideo(join(dir, 'film.webm'), 'webm-vp9')
  app = await openApp()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

/** Each strip entry's time as the app names it ("00:00.750") and its swatches' hex codes. */
const stripEntries = (page: Page) =>
  page.getByTestId('strip-entry').evaluateAll((els) =>
    els.map((el) => ({
      time: el.querySelector('.time')?.textContent ?? '',
      hexes: [...el.querySelectorAll('[data-testid="strip-swatch"]')].map((s) => s.getAttribute('data-hex') ?? '')
    }))
  )

const selectedView = (page: Page) => page.getByRole('tab', { selected: true }).getAttribute('data-testid')

async function makeStrip(page: Page): Promise<void> {
  await page.getByTestId('sample-strip').click()
  await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe(SAMPLED)
}

describe('Film view', () => {
  it('a film that cannot be opened leaves the film view showing why', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-film').click()
    bridge.dialogs.queue('openVideo', join(dir, 'gone.webm'))
    await page.getByTestId('open-video').click()
    await expect.poll(() => page.getByTestId('film-error').innerText()).toContain('"gone.webm" could not be found')
    expect(await selectedView(page)).toBe('view-film')
    expect(app.pageErrors).toEqual([])
  })

  it('a still image dropped on the film view opens in the image view, and the film view says it is an image', async () => {
    const { page } = app
    await page.getByTestId('view-film').click()
    await dropFile(page, '[data-testid="film"]', { name: 'still.png', type: 'image/png', bytes: await bandsPng(FIVE_BANDS) })
    await expect.poll(() => selectedView(page)).toBe('view-image')
    await expect.poll(() => page.getByTestId('image-canvas').getAttribute('aria-label'), { timeout: 60_000 }).toContain('still.png')
    await page.getByTestId('our-palette-swatch').nth(4).waitFor({ timeout: 60_000 })
    await page.getByTestId('view-film').click()
    expect(await page.getByTestId('film-error').innerText()).toBe('still.png is an image, not a film: it opened in the Image view.')
    expect(await page.getByTestId('film-message').innerText()).toBe('') // no word of codecs
    expect(app.pageErrors).toEqual([])
  })

  it('exports the strip as one ASE and one GPL file with a group per frame', async () => {
    const { page, bridge } = app
    await openFilm(app, film.path, { length: /\/ 00:06\.0\d\d$/ })
    expect(await page.getByTestId('film-error').count()).toBe(0) // the film that opened is news enough
    await page.getByTestId('strip-count').fill(String(COUNT))
    await makeStrip(page)
    const entries = await stripEntries(page)
    const groups = entries.map((e) => ({ name: `film @ ${e.time}`, hexes: e.hexes }))

    bridge.dialogs.queue('saveFile', { folder: dir }, { folder: dir })
    await page.getByTestId('export-strip-ase').click()
    await expect.poll(() => page.getByTestId('film-message').innerText()).toBe(`Saved ${join(dir, 'film-strip.ase')}`)
    const ase = readAse(await readFile(join(dir, 'film-strip.ase')))
    expect(ase.groups.map((g) => ({ name: g.name, hexes: g.swatches.map((s) => hexOf(s.rgb)) }))).toEqual(groups)

    await page.getByTestId('export-strip-gpl').click()
    await expect.poll(() => page.getByTestId('film-message').innerText()).toBe(`Saved ${join(dir, 'film-strip.gpl')}`)
    const gpl = await readFile(join(dir, 'film-strip.gpl'), 'utf8')
    // GPL has no groups: each frame's colours follow a comment with its name.
    expect(gpl.split('\n').filter((line) => line.startsWith('# '))).toEqual(groups.map((g) => `# ${g.name}`))
    expect(readGpl(gpl).loose.map((c) => hexOf(c.rgb))).toEqual(groups.flatMap((g) => g.hexes))

    // File › Export … follows the Film view while it shows: the strip, as its buttons save it.
    await expect.poll(() => bridge.menuState().canExport).toBe(true)
    bridge.dialogs.queue('saveFile', { folder: dir })
    bridge.emit('onMenu', { command: 'export-css' })
    await expect.poll(() => page.getByTestId('film-message').innerText()).toBe(`Saved ${join(dir, 'film-strip.css')}`)
    const css = await readFile(join(dir, 'film-strip.css'), 'utf8')
    for (const hex of groups.flatMap((g) => g.hexes)) expect(css).toContain(hex)
    expect(app.pageErrors).toEqual([])
  })

  it('a screen reader hears each bar once, as its time and colours, not the time twice', async () => {
    const { page } = app
    const strip = page.getByRole('list', { name: /^Film strip/ })
    const snapshot = await strip.ariaSnapshot()
    const entries = (await stripEntries(page)).map(({ time, hexes }) => ({ time, hexes }))
    expect(entries).toHaveLength(COUNT)
    // Each item: one button, named by the time and each swatch's hex code and share, and nothing else.
    const items = snapshot.split('\n').filter((line) => /^\s*- listitem/.test(line))
    const buttons = snapshot.split('\n').filter((line) => /^\s*- '?button/.test(line))
    expect(items).toHaveLength(COUNT)
    expect(buttons).toHaveLength(COUNT)
    for (const [i, { time, hexes }] of entries.entries()) {
      const name = /button "(.*)"/.exec(buttons[i])?.[1] ?? ''
      expect(name).toMatch(new RegExp(`^${time.replace('.', '\\.')}: ${hexes.map((hex) => `${hex} (?:\\d+\\.\\d|under 0\\.1) percent`).join(', ')}$`))
    }
    expect(snapshot).not.toMatch(/- text:|listitem: "?\d\d:/)
  })

  it('asks before a new strip replaces one kept nowhere: Cancel keeps it, Add to board adds its frames first', async () => {
    const { page } = app
    await makeStrip(page) // the last strip was exported: no question
    expect(await page.getByTestId('strip-question').count()).toBe(0)
    const unsaved = await stripEntries(page)

    await page.getByTestId('sample-strip').click()
    await page.getByTestId('strip-question').waitFor()
    expect(await page.getByTestId('strip-question').innerText()).toContain('The strip of film.webm has not been saved or added to the board.')
    await page.getByTestId('strip-cancel').click()
    expect(await page.getByTestId('strip-question').count()).toBe(0)
    expect(await page.getByTestId('strip-progress').count()).toBe(0)
    expect(await stripEntries(page)).toEqual(unsaved)
    await app.shot('film-strip-01-question')

    await page.getByTestId('sample-strip').click()
    await page.getByTestId('strip-add').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe(SAMPLED)
    await expectFramesOnBoard(page, unsaved, 0)
  })

  it('Discard replaces the strip without adding it; Add frames to board adds each frame as a column', async () => {
    const { page } = app
    await page.getByTestId('view-film').click()
    await page.getByTestId('sample-strip').click()
    await page.getByTestId('strip-discard').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe(SAMPLED)
    expect(await page.getByTestId('board-column').count()).toBe(COUNT)

    const entries = await stripEntries(page)
    await page.getByTestId('strip-to-board').click()
    expect(await page.getByTestId('film-message').innerText()).toBe(`Added ${COUNT} frames to the board.`)
    await expectFramesOnBoard(page, entries, COUNT)
    await page.getByTestId('view-film').click()
    await makeStrip(page) // added: no question
    expect(await page.getByTestId('strip-question').count()).toBe(0)
    expect(app.pageErrors).toEqual([])
  })
})

describe('Opening another film over a strip kept nowhere', () => {
  let second: TestVideo
  beforeAll(async () => {
    second = await makeTestVideo(join(dir, 'second.webm'), 'webm-vp9', { segmentSeconds: 2 })
  })

  /** The film on show is `name`, its length loaded (`length` the "/ 00:06.0" part of its time). */
  async function expectFilm(page: Page, name: string, length: RegExp): Promise<void> {
    await expect.poll(() => page.getByTestId('film-name').innerText()).toBe(name)
    await expect.poll(() => page.getByTestId('film-time').innerText(), { timeout: 30_000 }).toMatch(length)
  }
  const SIX = /\/ 00:06\.0\d\d$/
  const TWELVE = /\/ 00:12\.0\d\d$/

  async function openFromDialog(path: string): Promise<void> {
    app.bridge.dialogs.queue('openVideo', path)
    await app.page.getByTestId('open-video').click()
  }

  it('asks before another film replaces a finished strip: Cancel keeps it and its film, Discard opens the other film', async () => {
    const { page, bridge } = app
    const strip = await stripEntries(page) // the last test's strip, made after its frames were added
    expect(strip).toHaveLength(COUNT)

    // A still image dropped here opens in the image view: the strip stays, and nothing is asked.
    await dropFile(page, '[data-testid="film"]', { name: 'other-still.png', type: 'image/png', bytes: await bandsPng(FIVE_BANDS.slice(1)) })
    await expect.poll(() => selectedView(page)).toBe('view-image')
    await expect.poll(() => page.getByTestId('image-canvas').getAttribute('aria-label'), { timeout: 60_000 }).toContain('other-still.png')
    await page.getByTestId('view-film').click()
    expect(await page.getByTestId('strip-question').count()).toBe(0)
    expect(await stripEntries(page)).toEqual(strip)

    await openFromDialog(second.path)
    await page.getByTestId('strip-question').waitFor()
    expect(await page.getByTestId('strip-question').innerText()).toContain(
      'The strip of film.webm has not been saved or added to the board. Add its frames to the board before you open second.webm?'
    )
    await app.shot('film-strip-03-open-question')
    await page.getByTestId('strip-cancel').click()
    expect(await page.getByTestId('strip-question').count()).toBe(0)
    expect(await page.getByTestId('film-name').innerText()).toBe('film.webm')
    expect(await stripEntries(page)).toEqual(strip)
    expect((await bridge.recent()).map((item) => item.path)).not.toContain(second.path) // never opened

    // Open Recent asks the same.
    const boardColumns = await page.getByTestId('board-column').count()
    bridge.emit('onMenu', { command: 'open-recent', item: { path: second.path, name: 'second.webm', kind: 'video', openedAt: Date.now() } })
    await page.getByTestId('strip-discard').click()
    await expectFilm(page, 'second.webm', TWELVE)
    expect(await page.getByTestId('strip-entry').count()).toBe(0)
    expect(await page.getByTestId('board-column').count()).toBe(boardColumns)
    await openFromDialog(second.path) // the film on show, from its dialog: now it is a recent film
    await expect.poll(async () => (await bridge.recent()).map((item) => item.path)).toContain(second.path)

    // An empty strip, then a kept one: nothing to ask about.
    await openFromDialog(film.path)
    await expectFilm(page, 'film.webm', SIX)
    await makeStrip(page)
    bridge.dialogs.queue('saveFile', { folder: dir })
    await page.getByTestId('export-strip-json').click()
    await expect.poll(() => page.getByTestId('film-message').innerText()).toBe(`Saved ${join(dir, 'film-strip.json')}`)
    await openFromDialog(second.path)
    await expectFilm(page, 'second.webm', TWELVE)
    expect(await page.getByTestId('strip-question').count()).toBe(0)
    expect(app.pageErrors).toEqual([])
  })

  it('Add to board puts the strip’s frames on the board (once), then opens the film dropped on the view', async () => {
    const { page } = app
    await openFilm(app, film.path, { length: SIX })
    await makeStrip(page)
    const strip = await stripEntries(page)
    const boardColumns = await page.getByTestId('board-column').count()

    await dropFile(page, '[data-testid="film"]', { name: 'second.webm', type: 'video/webm', bytes: await readFile(second.path) })
    await page.getByTestId('strip-add').click()
    await expectFilm(page, 'second.webm', TWELVE)
    expect(await page.getByTestId('film-video').getAttribute('src')).toMatch(/^blob:/)
    expect(await page.getByTestId('strip-entry').count()).toBe(0)
    await expectFramesOnBoard(page, strip, boardColumns)

    // A strip added from its own button while the question waits goes to the board once.
    await openFilm(app, film.path, { length: SIX })
    await makeStrip(page)
    await openFromDialog(second.path)
    await page.getByTestId('strip-question').waitFor()
    await page.getByTestId('strip-to-board').click()
    await page.getByTestId('strip-add').click()
    await expectFilm(page, 'second.webm', TWELVE)
    expect(await page.getByTestId('board-column').count()).toBe(boardColumns + 2 * COUNT)
    expect(app.pageErrors).toEqual([])
  })

  it('a strip still being sampled: Cancel lets it finish, Add to board keeps its frames so far, Discard stops it for the other film', async () => {
    const { page } = app
    await openFilm(app, film.path, { length: SIX })

    // Cancel: the strip goes on to its end, over the same film.
    let hold = await holdExtraction(page, 1)
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => hold.holding()).toBe(true)
    expect(await page.getByTestId('strip-entry').count()).toBe(1)
    await openFromDialog(second.path)
    await page.getByTestId('strip-cancel').click()
    await hold.release()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe(SAMPLED)
    expect(await page.getByTestId('film-name').innerText()).toBe('film.webm')
    expect(await page.getByTestId('strip-entry').count()).toBe(COUNT)

    // Add to board: the frames made so far go to the board, and the frame in flight nowhere.
    hold = await holdExtraction(page, 2)
    await page.getByTestId('sample-strip').click()
    await page.getByTestId('strip-discard').click() // the finished strip above
    await expect.poll(() => hold.holding()).toBe(true)
    const partial = await stripEntries(page)
    expect(partial).toHaveLength(2)
    const boardColumns = await page.getByTestId('board-column').count()
    await openFromDialog(second.path)
    await page.getByTestId('strip-add').click()
    await expectFilm(page, 'second.webm', TWELVE)
    await hold.release()
    expect(await page.getByTestId('strip-entry').count()).toBe(0)
    await expectFramesOnBoard(page, partial, boardColumns)

    // Discard: the strip stops, and the strip made next holds the new film's frames alone.
    await openFilm(app, film.path, { length: SIX })
    hold = await holdExtraction(page, 1)
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => hold.holding()).toBe(true)
    await openFromDialog(second.path)
    await page.getByTestId('strip-discard').click()
    await expectFilm(page, 'second.webm', TWELVE)
    expect(await page.getByTestId('sample-strip').isVisible()).toBe(true) // no strip is being sampled
    await hold.release()
    expect(await page.getByTestId('strip-entry').count()).toBe(0)
    await page.getByTestId('strip-count').fill('6')
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe('6 frames sampled.')
    const times = await page.getByTestId('strip-entry').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-time'))))
    expect(times).toHaveLength(6)
    times.forEach((time, i) => expect(time).toBeCloseTo(1 + 2 * i, 1)) // the middle of each of second.webm's 2 s segments
    expect(app.pageErrors).toEqual([])
  })
})

describe('The film view’s status, as films open', () => {
  it('the film on show, opened again, stays as it is: its strip kept nowhere, its length, and no question', async () => {
    const { page } = app
    await page.getByTestId('view-film').click()
    const strip = await stripEntries(page) // the last test's strip of second.webm, kept nowhere
    expect(strip).toHaveLength(6)
    app.bridge.dialogs.queue('openVideo', join(dir, 'gone.webm'))
    await page.getByTestId('open-video').click()
    await page.getByTestId('film-error').waitFor()

    app.bridge.dialogs.queue('openVideo', join(dir, 'second.webm'))
    await page.getByTestId('open-video').click()
    await expect.poll(() => page.getByTestId('film-error').count()).toBe(0) // the film asked for is open
    expect(await page.getByTestId('strip-question').count()).toBe(0)
    expect(await stripEntries(page)).toEqual(strip)
    expect(await page.getByTestId('film-time').innerText()).toMatch(/\/ 00:12\.0\d\d$/)
    expect(await page.getByTestId('sample-strip').isEnabled()).toBe(true)
    expect(await page.getByTestId('film-message').innerText()).toBe('6 frames sampled.')
    expect(app.pageErrors).toEqual([])
  })

  it('a film the player cannot decode is named with the reason; the next film starts with a clean status', async () => {
    const { page, bridge } = app
    const mpeg4 = join(dir, 'old-camera.mp4')
    // MPEG-4 Part 2 (an old camera's codec): Chromium has no decoder for it.
    execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=25', '-t', '2', '-c:v', 'mpeg4', mpeg4])
    bridge.dialogs.queue('openVideo', mpeg4)
    await page.getByTestId('open-video').click()
    await page.getByTestId('strip-discard').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 30_000 }).toBe(
      'old-camera.mp4 cannot be played here: its format or video codec is not supported. H.264 (MP4, MOV) and VP8 or VP9 (WebM) play; convert it to one of those.'
    )
    bridge.dialogs.queue('openVideo', join(dir, 'gone.webm'))
    await page.getByTestId('open-video').click()
    await page.getByTestId('film-error').waitFor()

    await openFilm(app, film.path, { length: /\/ 00:06\.0\d\d$/ })
    expect(await page.getByTestId('film-message').innerText()).toBe('')
    expect(await page.getByTestId('film-error').count()).toBe(0)
    expect(app.pageErrors).toEqual([])
  })

  it('a sound file says it has no picture, and offers no frame to take nor strip to make', async () => {
    const { page } = app
    const sound = join(dir, 'voice-memo.webm')
    execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=d=3', '-c:a', 'libopus', sound])
    await openFilm(app, sound, { length: /\/ 00:03\.0\d\d$/ })
    await expect.poll(() => page.getByTestId('film-message').innerText()).toBe('voice-memo.webm has no picture, only sound: there are no frames to take colours from.')
    expect(await page.getByTestId('take-frame').isDisabled()).toBe(true)
    expect(await page.getByTestId('sample-strip').isDisabled()).toBe(true)
  })

  it('an empty film, and one cut off before its index, are called so, not blamed on their codec', async () => {
    const { page, bridge } = app
    const empty = join(dir, 'empty.mp4')
    await writeFile(empty, Buffer.alloc(0))
    const whole = await readFile((await makeTestVideo(join(dir, 'whole.mp4'), 'mp4-h264')).path)
    const cut = join(dir, 'cut.mp4')
    await writeFile(cut, whole.subarray(0, whole.length / 2)) // its index (moov) comes after the frames
    for (const path of [empty, cut]) {
      bridge.dialogs.queue('openVideo', path)
      await page.getByTestId('open-video').click()
      const name = basename(path)
      await expect
        .poll(() => page.getByTestId('film-message').innerText(), { timeout: 30_000 })
        .toBe(`${name} could not be opened as a film: it is empty, cut off or damaged, or its format does not play here (MP4, MOV and WebM do).`)
    }
  })

  it('a film that could not play, replaced under the same name, plays when opened again', async () => {
    const { page, bridge } = app
    const fixed = join(dir, 'fixed-later.webm')
    await writeFile(fixed, Buffer.alloc(4096, 7)) // not a film at all
    bridge.dialogs.queue('openVideo', fixed)
    await page.getByTestId('open-video').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 30_000 }).toContain('fixed-later.webm')
    await makeTestVideo(fixed, 'webm-vp9') // converted, under the same name
    await openFilm(app, fixed, { length: /\/ 00:06\.0\d\d$/ })
    expect(await page.getByTestId('film-message').innerText()).toBe('')
  })

  it('a film made again under the same name and opened again is sampled as it is now, not as it was', async () => {
    const { page } = app
    const remade = join(dir, 'fixed-later.webm') // open and playable from the last test: 6 s of 1 s segments
    await page.getByTestId('strip-count').fill(String(COUNT))
    await makeStrip(page)
    await openFilm(app, film.path, { length: /\/ 00:06\.0\d\d$/, discardStrip: true })
    // The same segments at half the pace: other colours at the same times, and times the old film lacks.
    await makeTestVideo(remade, 'webm-vp9', { segmentSeconds: 2 })
    const copy = await makeTestVideo(join(dir, 'remade-copy.webm'), 'webm-vp9', { segmentSeconds: 2 })
    await openFilm(app, remade, { length: /\/ 00:12\.\d\d\d$/ })
    await makeStrip(page)
    const sampled = await stripEntries(page)
    await openFilm(app, copy.path, { length: /\/ 00:12\.\d\d\d$/, discardStrip: true })
    await makeStrip(page)
    expect(sampled).toEqual(await stripEntries(page))
  })

  it('the film on show, made again in its place and opened again, loads as it is now, after asking about its strip', async () => {
    const { page } = app
    const errors = app.pageErrors.length // the empty film above leaves the player's refused range request
    const path = join(dir, 'made-in-place.webm')
    await makeTestVideo(path, 'webm-vp9') // 6 s
    await openFilm(app, path, { length: /\/ 00:06\.0\d\d$/, discardStrip: true })
    await makeStrip(page)
    await makeTestVideo(path, 'webm-vp9', { segmentSeconds: 2 }) // 12 s, written over it
    // discardStrip: the question comes, as for another film, and its answer lets the film load again.
    await openFilm(app, path, { length: /\/ 00:12\.0\d\d$/, discardStrip: true })
    expect(await stripEntries(page)).toEqual([])
    await makeStrip(page)
    // The frames on show at 1.5, 4.5, 7.5 and 10.5 s (25 fps), named by their own times.
    expect((await stripEntries(page)).map((entry) => entry.time)).toEqual(['00:01.480', '00:04.480', '00:07.480', '00:10.480'])
    expect(app.pageErrors.slice(errors)).toEqual([])
  })

  it('why a film could not be opened goes once the user goes on with the film on show, not while they read it', async () => {
    const { page, bridge } = app
    const errors = app.pageErrors.length
    const error = page.getByTestId('film-error')
    bridge.dialogs.queue('openVideo', join(dir, 'gone.webm'))
    await page.getByTestId('open-video').click()
    await error.waitFor()
    await error.click() // selecting its words to copy them
    expect(await error.count()).toBe(1)
    await page.getByTestId('next-frame').click()
    await expect.poll(() => error.count()).toBe(0)

    await dropFile(page, '[data-testid="film"]', { name: 'a-still.png', type: 'image/png', bytes: await bandsPng(FIVE_BANDS) })
    await expect.poll(() => page.getByTestId('image-canvas').getAttribute('aria-label'), { timeout: 60_000 }).toContain('a-still.png')
    await page.getByTestId('view-film').click()
    expect(await error.innerText()).toBe('a-still.png is an image, not a film: it opened in the Image view.')
    await page.getByTestId('strip-count').fill('3')
    await expect.poll(() => error.count()).toBe(0)
    expect(app.pageErrors.slice(errors)).toEqual([])
  })
})

describe('A film damaged in the middle', () => {
  it('the strip goes on past the samples it cannot read, and says which times could not be read, of which film, and what to do', async () => {
    const { page } = app
    const path = join(dir, 'damaged.mp4')
    // A keyframe every second, as cameras write: the frames after the damage decode again.
    const source = ['-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25:d=6', '-g', '25', '-c:v', 'libx264', '-pix_fmt', 'yuv420p']
    execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...source, path])
    // The middle third of the file overwritten, as a failing disk or a broken copy leaves it.
    const bytes = await readFile(path)
    bytes.fill(0x5a, Math.floor(bytes.length / 3), Math.floor((2 * bytes.length) / 3))
    await writeFile(path, bytes)
    await openFilm(app, path, { discardStrip: true })
    await page.getByTestId('strip-count').fill('5')
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 120_000 }).toMatch(/sampled/)
    const message = await page.getByTestId('film-message').innerText()
    const unread = /^(\d) frames? sampled\. (\d) frames? could not be read, at (.+): damaged\.mp4 may be damaged around there, so the strip goes without (it|them)\. To sample (it|them), export the film again from its source\.$/.exec(message)
    expect(unread, message).not.toBeNull()
    const [, sampled, skipped, times] = unread ?? []
    expect(Number(sampled) + Number(skipped)).toBe(5)
    expect(times.split(/, | and /)).toHaveLength(Number(skipped))
    // Samples after the damage are in the strip: the last one, at 5.4 s, the end of the film.
    const entries = await stripEntries(page)
    expect(entries).toHaveLength(Number(sampled))
    expect(entries.at(-1)?.time).toBe('00:05.400')
  })
})

/** The board holds each entry as a frame column from `first` on: its name and time, its preview, the strip's palette. */
async function expectFramesOnBoard(page: Page, entries: { time: string; hexes: string[] }[], first: number): Promise<void> {
  await page.getByTestId('view-board').click()
  const columns = page.getByTestId('board-column')
  expect(await columns.count()).toBe(first + entries.length)
  for (const [i, entry] of entries.entries()) {
    const column = columns.nth(first + i)
    expect(await column.getAttribute('data-name')).toBe(`film.webm @ ${entry.time}`)
    expect(await column.locator('img.thumb').getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/)
    const chips = await column.locator('[data-kind="median-cut"] [data-testid="chip"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-hex')))
    expect(chips).toEqual(entry.hexes)
  }
  await app.shot('film-strip-02-frames-on-board')
}

describe('A film made again in its place while a frame or a strip of it is being taken', () => {
  const SIX = /\/ 00:06\.0\d\d$/
  const TWELVE = /\/ 00:12\.0\d\d$/

  /** From now on, every text the film view's status says, in order (a later one may replace it at once). */
  const recordStatus = (page: Page): Promise<void> =>
    page.evaluate(`(() => {
      const status = document.querySelector('[data-testid="film-message"]')
      const said = (window.__filmSaid = [])
      new MutationObserver(() => said.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true })
    })()`)
  const statusSaid = (page: Page): Promise<string[]> => page.evaluate('window.__filmSaid')

  it('a frame being taken: the film opened again takes frames at once, and is not told the old one was added', async () => {
    const own = await openApp()
    try {
      const { page } = own
      const path = join(dir, 'remade-while-taking.webm')
      await makeTestVideo(path, 'webm-vp9')
      await openFilm(own, path, { length: SIX })
      const hold = await holdExtraction(page, 0)
      await page.getByTestId('take-frame').click()
      await expect.poll(() => hold.holding()).toBe(true)
      await makeTestVideo(path, 'webm-vp9', { segmentSeconds: 2 }) // 12 s, written over it
      await openFilm(own, path, { length: TWELVE })
      expect(await page.getByTestId('take-frame').innerText()).toBe('Take this frame')
      expect(await page.getByTestId('take-frame').isEnabled()).toBe(true)
      await hold.release()
      // The frame asked for goes to the board all the same, as the film was when it was taken.
      await expect.poll(() => page.getByTestId('board-column').count(), { timeout: 60_000 }).toBe(1)
      expect(await page.getByTestId('film-message').innerText()).toBe('')
      expect(own.pageErrors).toEqual([])
    } finally {
      await own.close()
    }
  })

  it('a strip being sampled: it stops, and the film opened again is not told it was cancelled', async () => {
    const own = await openApp()
    try {
      const { page } = own
      const path = join(dir, 'remade-while-sampling.webm')
      await makeTestVideo(path, 'webm-vp9')
      await openFilm(own, path, { length: SIX })
      await page.getByTestId('strip-count').fill(String(COUNT))
      const hold = await holdExtraction(page, 0)
      await page.getByTestId('sample-strip').click()
      await expect.poll(() => hold.holding()).toBe(true)
      await makeTestVideo(path, 'webm-vp9', { segmentSeconds: 2 })
      await openFilm(own, path, { length: TWELVE }) // no frame sampled yet: nothing to ask about
      await recordStatus(page)
      await hold.release()
      await makeStrip(page) // the old strip's end, if said at all, is said before this one's
      expect(await statusSaid(page)).not.toContain('Sampling cancelled.')
      expect((await stripEntries(page)).map((entry) => entry.time)).toEqual(['00:01.480', '00:04.480', '00:07.480', '00:10.480'])
      expect(own.pageErrors).toEqual([])
    } finally {
      await own.close()
    }
  })
})

describe('Closing the window over a strip kept nowhere', () => {
  const SIX = /\/ 00:06\.0\d\d$/
  let other: TestVideo
  beforeAll(async () => {
    other = await makeTestVideo(join(dir, 'other.webm'), 'webm-vp9', { segmentSeconds: 2 })
  })

  /** `film.webm` open with a strip of COUNT frames kept nowhere. */
  async function openWithStrip(own: App): Promise<void> {
    await openFilm(own, film.path, { length: SIX })
    await own.page.getByTestId('strip-count').fill(String(COUNT))
    await makeStrip(own.page)
  }

  it('asks about the strip in the Film view, as opening another film does: Cancel keeps the window open, Add to board adds its frames and closes', async () => {
    const own = await openApp()
    try {
      const { page, bridge } = own
      await openWithStrip(own)
      await expect.poll(() => bridge.window().asksBeforeClose).toBe(true)
      await page.getByTestId('view-image').click() // closed from another view
      bridge.emit('onCloseRequest', {})
      await page.getByTestId('strip-question').waitFor()
      expect(await selectedView(page)).toBe('view-film')
      expect(await page.getByTestId('strip-question').innerText()).toContain(
        'The strip of film.webm has not been saved or added to the board. Add its frames to the board before you close Palette Studio?'
      )
      await page.getByTestId('strip-cancel').click()
      await expect.poll(() => page.getByTestId('strip-question').count()).toBe(0)
      expect(bridge.window().closed).toBe(0)
      const strip = await stripEntries(page)
      expect(strip).toHaveLength(COUNT)

      bridge.emit('onCloseRequest', {})
      await page.getByTestId('strip-add').click()
      await expect.poll(() => bridge.window().closed).toBe(1)
      await expect.poll(() => bridge.window().asksBeforeClose).toBe(false) // kept now
      await page.getByTestId('view-board').click()
      expect(await page.getByTestId('board-column').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')))).toEqual(
        strip.map((entry) => `film.webm @ ${entry.time}`)
      )
      expect(own.pageErrors).toEqual([])
    } finally {
      await own.close()
    }
  })

  it('a strip added to the board and taken back by an undo on the board is kept nowhere again: closing and opening another film ask about it', async () => {
    const own = await openApp()
    try {
      const { page, bridge } = own
      await openWithStrip(own)
      await page.getByTestId('strip-to-board').click()
      await expect.poll(() => page.getByTestId('film-message').innerText()).toBe(`Added ${COUNT} frames to the board.`)
      await expect.poll(() => bridge.window().asksBeforeClose).toBe(false)

      await page.getByTestId('view-board').click()
      await page.keyboard.press('Control+z')
      await expect.poll(() => page.getByTestId('board-column').count()).toBe(0)
      await expect.poll(() => bridge.window().asksBeforeClose).toBe(true)
      await page.getByTestId('view-film').click()
      bridge.dialogs.queue('openVideo', other.path)
      await page.getByTestId('open-video').click()
      await page.getByTestId('strip-question').waitFor()
      expect(await page.getByTestId('strip-question').innerText()).toContain('before you open other.webm?')
      await page.getByTestId('strip-cancel').click()

      // Redone on the board, the strip is there again: nothing to ask.
      await page.getByTestId('view-board').click()
      await page.keyboard.press('Control+Shift+z')
      await expect.poll(() => page.getByTestId('board-column').count()).toBe(COUNT)
      await expect.poll(() => bridge.window().asksBeforeClose).toBe(false)
      await openFilm(own, other.path)
      expect(await page.getByTestId('strip-question').count()).toBe(0)
      expect(own.pageErrors).toEqual([])
    } finally {
      await own.close()
    }
  })
})
