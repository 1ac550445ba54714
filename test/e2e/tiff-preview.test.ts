// A film scan saved as TIFF, which Chromium cannot decode: the engine's display copy shows it, so
// the picture, the eyedropper and the board's thumbnail work as they do for a PNG.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bandsPng, FIVE_BANDS, hexOf } from './images'
import { hexesOf, openApp, type App } from './harness'

let app: App
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-e2e-tiff-'))
  await sharp(await bandsPng(FIVE_BANDS)).tiff({ compression: 'lzw' }).toFile(join(dir, 'scan.tiff'))
  app = await openApp({ width: 1100, height: 720 })
  app.bridge.dialogs.queue('openImages', [join(dir, 'scan.tiff')])
  app.bridge.emit('onMenu', { command: 'open-image' })
  await app.page.getByTestId('swatch').nth(4).waitFor()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
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
