// The window at the sizes and screen scales designers use, from the window's minimum (900×600,
// src/main/window.ts) to 2560×1440, at 125 %, 150 % and 200 %: long file and swatch names never
// push a control out of the window or widen a view (they break, or are cut with an ellipsis and
// given in full in a title); the image is drawn in the screen's own pixels, and the eyedropper
// picks the pixel under the pointer, the one the loupe and the screen show. Measured from the
// laid-out page and from screenshots (in device pixels).
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { makeTestVideo } from '../tools/make-test-video'
import { hexOf } from './images'
import { openFilm } from './film-harness'
import { openApp, type App } from './harness'
import { cut, isOneLine, isOneRow } from './layout-probes'

/** The window's minimum size (src/main/window.ts), and the sizes of laptop and desktop screens. */
const MIN = { width: 900, height: 600 }
const SIZES = [MIN, { width: 1024, height: 640 }, { width: 1280, height: 800 }]
const LONG = 'Extremely_long_unbroken_file_name_from_a_camera_export_pipeline_with_many_segments_for_the_client_review_0001_0002_0003_0004_0005_0006_0007.png'
const LONG_FILM = 'Interview_with_the_director_about_the_colour_grading_of_the_extended_cut_2025_master_for_the_autumn_festival_submission_final_v3.webm'
const LONG_SWATCH = 'Averyveryverylongswatchnamewithoutanyspacesthatgoesonandonandon'

/** Eight flat colours, one per column of pixels, over and over: every pixel's colour is known. */
const STRIPES = [[255, 0, 0], [0, 0, 255], [0, 200, 0], [255, 255, 0], [0, 255, 255], [255, 0, 255], [128, 64, 0], [255, 255, 255]] as const
const stripeAt = (column: number): string => hexOf([...STRIPES[column % STRIPES.length]])

/** A striped image: `vertical` stripes a pixel wide (a column each), else a pixel high (a row each). */
async function stripesPng(width: number, height: number, vertical = true): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(STRIPES[(vertical ? x : y) % STRIPES.length], (y * width + x) * 3)
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer()
}

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-layout-sizes-'))
  await writeFile(join(dir, LONG), await stripesPng(400, 300))
  await copyFile(join(dir, LONG), join(dir, `second-${LONG}`))
  await writeFile(join(dir, `broken-${LONG}`), 'not an image at all')
  await writeFile(join(dir, 'coarse.png'), await stripesPng(96, 60)) // shown enlarged: each pixel a block
  await writeFile(join(dir, 'fine.png'), await stripesPng(1200, 720)) // shown reduced: several pixels a CSS pixel
  await writeFile(join(dir, 'tall.png'), await stripesPng(60, 600, false)) // 1:10
  await writeFile(join(dir, 'one.png'), await sharp({ create: { width: 1, height: 1, channels: 3, background: { r: 10, g: 200, b: 90 } } }).png().toBuffer())
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** How much wider than its box the element's content is (0: it fits; the page, for the whole window). */
const overflowOf = (target: Locator): Promise<number> => target.evaluate((el) => el.scrollWidth - el.clientWidth)
const pageOverflow = (page: Page): Promise<number> => overflowOf(page.locator('html'))

/** Whether the element lies wholly inside the window. */
async function inWindow(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox()
  const size = page.viewportSize()
  return !!box && !!size && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height
}

/** Opens an image in the Image view; an edited palette it replaces is discarded. */
async function openImage(app: App, name: string): Promise<void> {
  const { page, bridge } = app
  bridge.dialogs.queue('openImages', [join(dir, name)])
  await page.getByTestId('open').click()
  const shown = page.locator(`[data-testid="image-canvas"][aria-label="Source image ${name}"]`)
  await shown.or(page.getByTestId('replace-question')).first().waitFor({ timeout: 60_000 })
  if (await page.getByTestId('replace-question').isVisible()) await page.getByTestId('replace-discard').click()
  await shown.waitFor({ timeout: 60_000 })
  await page.getByTestId('busy').waitFor({ state: 'detached', timeout: 60_000 })
  await page.getByTestId('marker').first().waitFor()
}

describe('long names in the smallest window, at 125 %', () => {
  let app: App
  beforeAll(async () => {
    app = await openApp(MIN, { deviceScaleFactor: 1.25 })
    await app.page.getByTestId('method').selectOption('median-cut')
    await openImage(app, LONG)
  })
  afterAll(async () => {
    await app?.close()
  })

  it('names the open image over it, a long name cut with an ellipsis and given in full in its title', async () => {
    const name = app.page.getByTestId('image-name')
    expect(await name.isVisible()).toBe(true)
    expect(await cut(name)).toEqual({ cut: true, ellipsis: true, title: LONG })
    expect(await overflowOf(app.page.getByRole('region', { name: 'Image', exact: true }))).toBe(0)
  })

  it('asks about an edited palette of a long-named image with every answer in the window, at each size', async () => {
    const { page, bridge } = app
    await page.getByTestId('nudge-up').nth(1).click()
    bridge.dialogs.queue('openImages', [join(dir, `second-${LONG}`)])
    await page.getByTestId('open').click()
    const question = page.getByTestId('replace-question')
    await question.waitFor({ timeout: 60_000 })
    for (const size of SIZES) {
      await page.setViewportSize(size)
      expect(await pageOverflow(page), `page at ${size.width}`).toBe(0)
      for (const answer of await question.getByRole('button').all())
        expect(await inWindow(page, answer), `${await answer.innerText()} at ${size.width}`).toBe(true)
    }
    await page.setViewportSize(MIN)
    await page.getByTestId('replace-cancel').click()
  })

  it('says why a long-named file did not open with Dismiss in the window', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openImages', [join(dir, `broken-${LONG}`)])
    await page.getByTestId('open').click()
    const error = page.getByTestId('error')
    await expect.poll(() => error.innerText(), { timeout: 60_000 }).toContain(`broken-${LONG}`)
    expect(await pageOverflow(page)).toBe(0)
    expect(await inWindow(page, error.getByRole('button', { name: 'Dismiss error' }))).toBe(true)
    await error.getByRole('button', { name: 'Dismiss error' }).click()
  })

  it('keeps the palettes panel its width with a long swatch name: the editor’s heading and an unreadable hex are cut with an ellipsis and given in full in their titles', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(0).click()
    await page.getByTestId('swatch-name').nth(0).fill(LONG_SWATCH)
    await page.getByTestId('swatch-name').nth(0).press('Enter')
    const panel = page.getByRole('complementary', { name: 'Palettes' })
    expect(await overflowOf(panel)).toBe(0)
    const heading = page.getByTestId('color-fields').getByRole('heading')
    expect(await cut(heading)).toEqual({ cut: true, ellipsis: true, title: `Swatch 1 — ${LONG_SWATCH}` })
    const typed = 'this is not a colour at all but a long piece of text'
    await page.getByTestId('hex-field').fill(typed)
    await page.getByTestId('hex-field').press('Enter')
    const error = page.getByTestId('hex-error')
    expect(await error.innerText()).toMatch(/^Not a colour: /)
    expect(await cut(error)).toEqual({ cut: true, ellipsis: true, title: await error.innerText() })
    expect(app.pageErrors).toEqual([])
  })
})

describe('the Image view in the smallest window at 200 % (450×300 CSS pixels)', () => {
  let app: App
  beforeAll(async () => {
    app = await openApp({ width: MIN.width / 2, height: MIN.height / 2 }, { deviceScaleFactor: 2 })
    await app.page.getByTestId('method').selectOption('median-cut')
    await openImage(app, 'coarse.png')
  })
  afterAll(async () => {
    await app?.close()
  })

  it('puts the palettes under the image rather than leaving the image a sliver beside them; the view scrolls to them', async () => {
    const { page } = app
    const image = (await page.getByRole('region', { name: 'Image', exact: true }).boundingBox())!
    const panel = page.getByRole('complementary', { name: 'Palettes' })
    expect(image.width).toBeGreaterThan(0.9 * 450)
    expect((await page.getByTestId('image-canvas').boundingBox())!.width).toBeGreaterThan(200)
    expect((await panel.boundingBox())!.y).toBeGreaterThanOrEqual(image.y + image.height)
    expect([await pageOverflow(page), await overflowOf(panel)]).toEqual([0, 0])
    const lock = page.getByTestId('lock').nth(4)
    await lock.click() // scrolled to, and not under the status bar
    expect(await lock.getAttribute('aria-pressed')).toBe('true')
    expect(await inWindow(page, lock)).toBe(true)
    expect(await inWindow(page, page.getByTestId('status'))).toBe(true)
    expect(app.pageErrors).toEqual([])
  })
})

describe('the board in the smallest window', () => {
  let app: App
  beforeAll(async () => {
    app = await openApp(MIN)
    const { page, bridge } = app
    await page.getByTestId('view-board').click()
    bridge.dialogs.queue('openImages', [join(dir, LONG), join(dir, 'one.png')])
    await page.getByTestId('add-images').click()
    await page.getByTestId('readout-correct').waitFor({ timeout: 60_000 })
  })
  afterAll(async () => {
    await app?.close()
  })

  it('keeps the A/B readout to a line for the picks and one for the figures, the pairing cut with an ellipsis and given in full in its title', async () => {
    const { page } = app
    for (const id of ['readout-pick-a', 'readout-pick-b', 'readout-figures']) expect(await isOneLine(page.getByTestId(id)), id).toBe(true)
    const pairing = page.getByTestId('readout-pairing')
    expect(await pairing.getAttribute('title')).toMatch(/^Each swatch pairs with at most one: .* left unpaired\.$/)
    expect((await cut(pairing)).ellipsis).toBe(true)
    expect(await pageOverflow(page)).toBe(0)
    await app.shot('layout-board-900')
    expect(app.pageErrors).toEqual([])
  })

  it('keeps the toolbar\'s buttons to one row, "Copy as" whole in the window, and the board\'s state beside the tabs, in the window and read out in full', async () => {
    const { page } = app
    const toolbar = page.getByRole('toolbar', { name: 'Board', exact: true })
    // Its buttons need the whole width of the smallest window: the picker may go under them.
    expect(await isOneRow(toolbar, ':scope > button')).toBe(true)
    expect(await inWindow(page, toolbar.getByText('Copy as'))).toBe(true)
    const state = page.getByTestId('autosave-state')
    await expect.poll(() => state.innerText()).toBe('Unsaved changes (autosaved)')
    expect(await inWindow(page, state)).toBe(true)
    expect(await page.locator('body').ariaSnapshot()).toContain('Unsaved changes (autosaved)')
  })
})

describe('the Film view with a long name in the smallest window, at 125 %', () => {
  let app: App
  let film: string
  beforeAll(async () => {
    app = await openApp(MIN, { deviceScaleFactor: 1.25 })
    // As tall as the player grows (44 % of the window's height), as most films are at this size.
    film = (await makeTestVideo(join(dir, LONG_FILM), 'webm-vp9', { width: 640, height: 360 })).path
    await copyFile(film, join(dir, `other-${LONG_FILM}`))
    const { page } = app
    await openFilm(app, film)
    await page.getByTestId('strip-count').fill('3')
    await page.getByTestId('sample-strip').click()
    await page.getByTestId('film-message').filter({ hasText: '3 frames sampled.' }).waitFor({ timeout: 90_000 })
  })
  afterAll(async () => {
    await app?.close()
  })

  it('cuts the film’s long name with an ellipsis and gives it in full in its title; Open film… stays on one line', async () => {
    const { page } = app
    expect(await cut(page.getByTestId('film-name'))).toEqual({ cut: true, ellipsis: true, title: LONG_FILM })
    expect(await isOneLine(page.getByTestId('open-video'))).toBe(true)
    expect(await overflowOf(page.getByTestId('film'))).toBe(0)
  })

  it('breaks a message naming the film rather than widening the view', async () => {
    const { page } = app
    await page.getByTestId('take-frame').click()
    await page.getByTestId('film-message').filter({ hasText: 'to the board.' }).waitFor({ timeout: 60_000 })
    expect(await overflowOf(page.getByTestId('film'))).toBe(0)
  })

  it('keeps the strip its full height while the question about it shows: the view scrolls instead', async () => {
    const { page, bridge } = app
    const bar = page.getByTestId('strip-entry').first().getByRole('button')
    const height = (await bar.boundingBox())?.height
    bridge.dialogs.queue('openVideo', join(dir, `other-${LONG_FILM}`))
    await page.getByTestId('open-video').click()
    await page.getByTestId('strip-question').waitFor()
    expect(height).toBe(110)
    expect((await bar.boundingBox())?.height).toBe(height)
    expect(await overflowOf(page.getByTestId('film'))).toBe(0)
    await page.getByTestId('strip-cancel').click()
    expect(app.pageErrors).toEqual([])
  })

  it('says what an action did in the window, not below the strip out of sight', async () => {
    const { page } = app
    const message = page.getByTestId('film-message')
    const view = page.getByTestId('film')
    await view.evaluate((el) => el.scrollTo(0, 0)) // as the window opens it, before the question scrolled it
    await page.getByTestId('strip-to-board').click()
    await message.filter({ hasText: 'Added 3 frames to the board.' }).waitFor()
    expect(await view.evaluate((el) => el.scrollTop)).toBe(0)
    expect(await inWindow(page, message)).toBe(true)
  })
})

/** The colours on screen (device pixels) at each point given in CSS pixels. */
async function coloursAt(page: Page, scale: number, points: { x: number; y: number }[]): Promise<string[]> {
  const { data, info } = await sharp(await page.screenshot()).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return points.map(({ x, y }) => {
    const at = (Math.floor(y * scale) * info.width + Math.floor(x * scale)) * info.channels
    return hexOf([data[at], data[at + 1], data[at + 2]])
  })
}

/**
 * The image's canvas: its backing store against its size on screen in device pixels, and every
 * colour on screen inside it (a CSS pixel in from its edges), most frequent first.
 */
async function canvasOnScreen(page: Page, scale: number): Promise<{ backing: number[]; device: number[]; colours: string[] }> {
  const canvas = page.getByTestId('image-canvas')
  const box = (await canvas.boundingBox())!
  const backing = await canvas.evaluate((el) => [(el as unknown as { width: number }).width, (el as unknown as { height: number }).height])
  const clip = { x: box.x + 1, y: box.y + 1, width: box.width - 2, height: box.height - 2 }
  // The markers and the loupe lie over the picture: hidden for this picture of the picture alone.
  const style = '[data-testid="marker"], [data-testid="loupe"] { visibility: hidden !important }'
  const { data, info } = await sharp(await page.screenshot({ clip, style })).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const counts = new Map<string, number>()
  for (let i = 0; i < data.length; i += info.channels) {
    const hex = hexOf([data[i], data[i + 1], data[i + 2]])
    counts.set(hex, (counts.get(hex) ?? 0) + 1)
  }
  return {
    backing,
    device: [Math.round(box.width * scale), Math.round(box.height * scale)],
    colours: [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([hex]) => hex)
  }
}

/** Where image column `column` of a `width`-pixel-wide image is on screen (its middle), halfway down. */
async function columnOnScreen(page: Page, column: number, width: number): Promise<{ x: number; y: number }> {
  const box = (await page.getByTestId('image-canvas').boundingBox())!
  return { x: box.x + ((column + 0.5) / width) * box.width, y: box.y + box.height / 2 }
}

/** The colour in the loupe's middle (the pixel it would pick). */
const loupeMiddle = (page: Page): Promise<string> =>
  page.getByTestId('loupe').evaluate((el) => {
    const canvas = el as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } }
    const [r, g, b] = canvas.getContext('2d').getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data
    return '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')
  })

/**
 * Aims the eyedropper at `at` and picks there for swatch 1: what the screen shows under the
 * pointer, what the loupe shows in its middle, and the colour swatch 1 took.
 */
async function pickAt(app: App, scale: number, at: { x: number; y: number }): Promise<{ seen: string; loupe: string; picked: string }> {
  const { page } = app
  await page.getByTestId('eyedropper').click()
  await page.mouse.move(at.x - 3, at.y)
  await page.mouse.move(at.x, at.y)
  const loupe = await loupeMiddle(page)
  const [seen] = await coloursAt(page, scale, [at])
  await page.mouse.down()
  await page.mouse.up()
  await page.getByTestId('eyedropper-target').waitFor({ state: 'detached' }) // a pick ends the eyedropper
  return { seen, loupe, picked: (await page.getByTestId('swatch').nth(0).getAttribute('data-hex')) ?? '' }
}

describe('the image canvas and the eyedropper at 150 %', () => {
  const SCALE = 1.5
  let app: App
  beforeAll(async () => {
    app = await openApp({ width: 1024, height: 640 }, { deviceScaleFactor: SCALE })
    await app.page.getByTestId('method').selectOption('median-cut')
  })
  afterAll(async () => {
    await app?.close()
  })

  it('picks, where a marker puts a stripe of an image shown reduced, that stripe’s colour: the pixel in the loupe’s middle, not one beside it', async () => {
    const { page } = app
    await openImage(app, 'fine.png')
    const places = await page.getByTestId('marker').evaluateAll((els) => els.map((el) => parseFloat((el as unknown as { style: { left: string } }).style.left) / 100))
    const canvas = (await page.getByTestId('image-canvas').boundingBox())!
    for (const x of places) {
      const column = Math.floor(x * 1200)
      const { loupe, picked } = await pickAt(app, SCALE, { x: canvas.x + x * canvas.width, y: canvas.y + canvas.height / 2 })
      expect({ loupe, picked }, `column ${column}`).toEqual({ loupe: stripeAt(column), picked: stripeAt(column) })
    }
  })

  it('draws an enlarged image in the screen’s pixels: a backing store of the canvas’s size in device pixels, each image pixel a sharp block', async () => {
    const { page } = app
    await openImage(app, 'coarse.png')
    const shown = await canvasOnScreen(page, SCALE)
    expect(shown.backing).toEqual(shown.device)
    expect(shown.colours.toSorted()).toEqual(STRIPES.map((rgb) => hexOf([...rgb])).toSorted())
  })

  it('shows the picture under the eyedropper, and picks the pixel the screen and the loupe show', async () => {
    const { page } = app
    for (const column of [3, 20, 41, 62, 87]) {
      const colour = stripeAt(column)
      expect(await pickAt(app, SCALE, await columnOnScreen(page, column, 96)), `column ${column}`).toEqual({ seen: colour, loupe: colour, picked: colour })
    }
  })

  it('draws the image afresh in device pixels after the window is resized, and picks the right pixel there', async () => {
    const { page } = app
    for (const size of [{ width: 1920, height: 1080 }, { width: 1333, height: 777 }]) {
      await page.setViewportSize(size)
      // Drawn again once the observer has seen the new size: the backing store follows it.
      await expect.poll(async () => {
        const { backing, device } = await canvasOnScreen(page, SCALE)
        return backing.map((side, i) => side - device[i])
      }).toEqual([0, 0])
      expect((await canvasOnScreen(page, SCALE)).colours, `at ${size.width}`).toHaveLength(STRIPES.length)
      const colour = stripeAt(50)
      expect(await pickAt(app, SCALE, await columnOnScreen(page, 50, 96)), `at ${size.width}`).toEqual({ seen: colour, loupe: colour, picked: colour })
    }
    expect(app.pageErrors).toEqual([])
  })
})

describe('the image canvas at 200 % in a 2560×1440 window', () => {
  const SCALE = 2
  let app: App
  beforeAll(async () => {
    app = await openApp({ width: 2560, height: 1440 }, { deviceScaleFactor: SCALE })
    await app.page.getByTestId('method').selectOption('median-cut')
  })
  afterAll(async () => {
    await app?.close()
  })

  it('draws a 1:10 image in the screen’s pixels, each row of pixels sharp', async () => {
    await openImage(app, 'tall.png')
    const shown = await canvasOnScreen(app.page, SCALE)
    expect(shown.backing).toEqual(shown.device)
    expect(shown.colours.toSorted()).toEqual(STRIPES.map((rgb) => hexOf([...rgb])).toSorted())
  })

  it('fills the space with a 1×1 image, drawn in the screen’s pixels, and picks its colour anywhere', async () => {
    const { page } = app
    await openImage(app, 'one.png')
    const shown = await canvasOnScreen(page, SCALE)
    expect(shown.backing).toEqual(shown.device)
    expect(shown.colours).toEqual(['#0ac85a'])
    const box = (await page.getByTestId('image-canvas').boundingBox())!
    expect(await pickAt(app, SCALE, { x: box.x + box.width * 0.9, y: box.y + box.height * 0.1 })).toEqual({ seen: '#0ac85a', loupe: '#0ac85a', picked: '#0ac85a' })
    expect(app.pageErrors).toEqual([])
  })
})
