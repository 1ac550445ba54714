// Opening a second image: until its own picture is decoded, the Image view shows neither the first
// image's picture nor the new palette's markers on it, and the eyedropper picks nothing from it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bandsPng, FIVE_BANDS, hexOf, NIGHT_BANDS } from './images'
import { hexesOf, openApp, type App } from './harness'

const NIGHT = NIGHT_BANDS.map((band) => hexOf(band.rgb))

let dir: string
let app: App

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-e2e-switch-'))
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS))
  await writeFile(join(dir, 'night.png'), await bandsPng(NIGHT_BANDS))
  app = await openApp({ width: 1100, height: 720 })
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

function open(file: string): void {
  app.bridge.dialogs.queue('openImages', [join(dir, file)])
  app.bridge.emit('onMenu', { command: 'open-image' })
}

/**
 * Holds every image decode the page starts from now on until the returned release: the images are
 * blob: URLs, which page.route does not see. Browser code, as strings: this file is type-checked
 * without the DOM library.
 */
async function holdDecodes(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(`(() => {
    const decode = HTMLImageElement.prototype.decode
    const held = new Promise((resolve) => (window.__letDecodesGo = resolve))
    HTMLImageElement.prototype.decode = function () {
      return held.then(() => decode.call(this))
    }
  })()`)
  return async () => void (await page.evaluate(`window.__letDecodesGo()`))
}

/** The colour of the image canvas's pixel at fractions of its size. */
function canvasHex(page: Page, x: number, y: number): Promise<string> {
  return page.evaluate<string>(`(() => {
    const c = document.querySelector('[data-testid="image-canvas"]')
    const [r, g, b] = c.getContext('2d').getImageData(Math.floor(c.width * ${x}), Math.floor(c.height * ${y}), 1, 1).data
    return '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')
  })()`)
}

describe('opening a second image', () => {
  it('shows it loading, with no markers and no eyedropper on the first picture, until its own picture is there', async () => {
    const { page } = app
    open('bands.png')
    await page.getByTestId('marker').nth(4).waitFor()
    await page.getByTestId('eyedropper').click()
    const first = await page.getByTestId('image-canvas').boundingBox()
    if (!first) throw new Error('no image on screen')
    // The red band, where a pick from the first picture would take its colour.
    const red = { x: first.x + first.width * 0.15, y: first.y + first.height * 0.5 }

    const release = await holdDecodes(page)
    open('night.png')
    // The second image and its palette are shown; its picture is still being decoded.
    const canvasName = (): Promise<string | null> => page.getByTestId('image-canvas').getAttribute('aria-label')
    await expect.poll(canvasName, { timeout: 60_000 }).toBe('Source image night.png')
    const palette = await hexesOf(page, 'swatch')
    await page.mouse.click(red.x, red.y)
    expect(await hexesOf(page, 'swatch')).toEqual(palette)
    expect(await page.getByTestId('eyedropper-target').count()).toBe(0)
    expect(await page.getByTestId('image-canvas').isVisible()).toBe(false)
    await page.keyboard.press('Escape') // the eyedropper off: markers would show, were there a picture
    await expect.poll(() => page.getByTestId('eyedropper').getAttribute('aria-pressed')).toBe('false')
    expect(await page.getByTestId('marker').count()).toBe(0)
    expect(await page.getByTestId('image-loading').innerText()).toBe('Loading night.png…')
    // Said to screen readers: in a live region, outside the busy picture (whose changes they hold back).
    expect(await page.getByTestId('image-view').getByRole('status').innerText()).toBe('Loading night.png…')
    expect(await page.getByTestId('image-loading').evaluate((el) => el.closest('[aria-busy="true"]') === null)).toBe(true)

    await release()
    await page.getByTestId('marker').nth(NIGHT.length - 1).waitFor()
    expect(await page.getByTestId('image-loading').count()).toBe(0)
    expect(await canvasHex(page, 0.15, 0.5)).toBe(NIGHT[0])
    // Picked now, swatch 1 takes the second image's colour under the pointer.
    await page.getByTestId('eyedropper').click()
    const night = await page.getByTestId('image-canvas').boundingBox()
    if (!night) throw new Error('no image on screen')
    await page.mouse.click(night.x + night.width * 0.55, night.y + night.height * 0.5)
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[0]).toBe(NIGHT[1])
    expect(app.pageErrors).toEqual([])
  })
})
