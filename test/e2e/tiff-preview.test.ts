// A film scan saved as TIFF, which Chromium cannot decode: the engine's display copy shows it, so
// the picture, the eyedropper and the board's thumbnail work as they do for a PNG. A CMYK JPEG,
// which Chromium decodes in other colours than the engine, is shown from the display copy too.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Rgb } from '../../src/shared/palette'
import { bandsPng, channelDistance, FIVE_BANDS, hexOf, rgbOfHex } from './images'
import { dropFile, hexesOf, openApp, type App } from './harness'

let app: App
let dir: string
/** The CMYK JPEGs, apart from the TIFF: the batch of `dir` is of that one file. */
let prints: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-e2e-tiff-'))
  await sharp(await bandsPng(FIVE_BANDS)).tiff({ compression: 'lzw' }).toFile(join(dir, 'scan.tiff'))
  // Green and orange halves as a print shop sends them: CMYK, with and without the profile.
  const halves = Buffer.alloc(60 * 40 * 3)
  for (let p = 0; p < 60 * 40; p++) halves.set(p % 60 < 30 ? [20, 200, 60] : [255, 60, 0], p * 3)
  prints = await mkdtemp(join(tmpdir(), 'palette-e2e-cmyk-'))
  const raw = () => sharp(halves, { raw: { width: 60, height: 40, channels: 3 } })
  await raw().toColourspace('cmyk').jpeg({ quality: 100 }).toFile(join(prints, 'print.jpg'))
  await raw().jpeg({ quality: 100 }).withIccProfile('cmyk').toFile(join(prints, 'print-profiled.jpg'))
  app = await openApp({ width: 1100, height: 720 })
  app.bridge.dialogs.queue('openImages', [join(dir, 'scan.tiff')])
  app.bridge.emit('onMenu', { command: 'open-image' })
  await app.page.getByTestId('swatch').nth(4).waitFor()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
  await rm(prints, { recursive: true, force: true })
})

describe('a TIFF the browser cannot decode', () => {
  it('shows the picture, and the eyedropper picks a colour from it', async () => {
    const { page } = app
    const eyedropper = page.getByTestId('eyedropper')
    expect(await eyedropper.isEnabled()).toBe(true)
    await page.getByTestId('swatch-chip').nth(4).click()
    await eyedropper.click()
    const target = page.getByTestId('eyedropper-target')
    await target.waitFor()
    const box = await target.boundingBox()
    if (!box) throw new Error('no image on screen')
    // The picture keeps the file's 3:2 shape; the blue band spans 34%..60% of its width.
    expect(box.width / box.height).toBeCloseTo(1.5, 1)
    await target.click({ position: { x: box.width * 0.47, y: box.height / 2 } })
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[4]).toBe(hexOf(FIVE_BANDS[1].rgb))
    expect(await page.getByTestId('image-view').innerText()).not.toContain('cannot be previewed')
    await app.shot('tiff-eyedropper')
  })

  it('puts a thumbnail of the picture on the board', async () => {
    const { page } = app
    await page.getByTestId('add-to-board').click()
    await page.getByTestId('view-board').click()
    const thumb = page.getByTestId('board-column').first().locator('img.thumb')
    await thumb.waitFor()
    expect(await thumb.getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/)
    expect(app.pageErrors).toEqual([])
  })
  it('gives a batch’s TIFF a thumbnail on the board too', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openFolder', dir)
    bridge.emit('onMenu', { command: 'open-folder' })
    await expect.poll(() => page.getByTestId('batch-add').innerText()).toBe('Add 1 to the board')
    await page.getByTestId('batch-add').click()
    await expect.poll(() => page.getByTestId('board-column').count()).toBe(2)
    const thumb = page.getByTestId('board-column').nth(1).locator('img.thumb')
    await thumb.waitFor()
    expect(await thumb.getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/)
    expect(app.pageErrors).toEqual([])
  })
})

/** Picks the colour at fractions (x, y) of the picture for swatch 1, and gives the swatch its colour back. */
async function pickAt(x: number, y: number): Promise<Rgb> {
  const { page } = app
  await page.getByTestId('swatch-chip').nth(0).click()
  await page.getByTestId('eyedropper').click()
  const target = page.getByTestId('eyedropper-target')
  const box = await target.boundingBox()
  if (!box) throw new Error('no image on screen')
  const before = (await hexesOf(page, 'swatch'))[0]
  await target.click({ position: { x: box.width * x, y: box.height * y } })
  await target.waitFor({ state: 'detached' })
  const picked = (await hexesOf(page, 'swatch'))[0]
  if (picked !== before) await page.keyboard.press('Control+z')
  return rgbOfHex(picked)
}

/** Both halves of the picture, as the eyedropper takes them, are colours of the image's palettes. */
async function expectPaletteColours(name: string): Promise<void> {
  const { page } = app
  await expect.poll(() => page.getByTestId('image-canvas').getAttribute('aria-label'), { timeout: 30_000 }).toBe(`Source image ${name}`)
  await page.getByTestId('image-loading').waitFor({ state: 'detached' })
  const palette = [...(await hexesOf(page, 'ground-truth-swatch')), ...(await hexesOf(page, 'our-palette-swatch'))].map(rgbOfHex)
  for (const x of [0.25, 0.75]) {
    const picked = await pickAt(x, 0.5)
    expect(Math.min(...palette.map((rgb) => channelDistance(rgb, picked))), `${name} at ${x}: ${hexOf(picked)}`).toBeLessThanOrEqual(6)
  }
}

describe('a CMYK JPEG, which Chromium converts in its own way', () => {
  it.each(['print.jpg', 'print-profiled.jpg'])('%s shows, and the eyedropper picks, the colours of its palette', async (name) => {
    const { page, bridge } = app
    await page.getByTestId('view-image').click()
    bridge.dialogs.queue('openImages', [join(prints, name)])
    bridge.emit('onMenu', { command: 'open-image' })
    await expectPaletteColours(name)
  })

  it('dropped as bytes (no path), shows the colours of its palette too', async () => {
    const { page } = app
    await dropFile(page, 'body', { name: 'dropped.jpg', type: 'image/jpeg', bytes: await readFile(join(prints, 'print.jpg')) })
    await expectPaletteColours('dropped.jpg')
    expect(app.pageErrors).toEqual([])
  })
})
