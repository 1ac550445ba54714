// Ctrl+V of an image (a screenshot, an image copied in a browser): it opens as a dropped image
// does, in the Image view, as a board column, and from the Film view; a colour copied beside an
// image (a spreadsheet's cell) is still pasted as a colour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { bandsPng, channelDistance, FIVE_BANDS, NIGHT_BANDS, rgbOfHex, type Band } from './images'
import { columnNames, hexesOf, openApp, type App } from './harness'

let app: App

beforeAll(async () => {
  app = await openApp({ width: 1100, height: 720 })
})
afterAll(async () => {
  await app?.close()
})

/**
 * A paste as Chromium makes one for a copied image: a file named "image.png" of `type`, with
 * `text` beside it as a browser or a spreadsheet puts it, aimed at the focused element.
 */
async function paste(page: Page, bytes: Buffer, text = '', type = 'image/png'): Promise<void> {
  await page.evaluate(`(() => {
    const dt = new DataTransfer()
    dt.items.add(new File([Uint8Array.from(atob('${bytes.toString('base64')}'), (c) => c.charCodeAt(0))], 'image.png', { type: '${type}' }))
    if (${JSON.stringify(text)}) dt.setData('text/plain', ${JSON.stringify(text)})
    const event = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true })
    ;(document.activeElement ?? document.body).dispatchEvent(event)
  })()`)
}

const imageName = (page: Page): Promise<string | null> => page.getByTestId('image-canvas').getAttribute('aria-label')

/** Every band's colour is among the largest swatches of the row (the rest are blends at band edges). */
async function expectBands(page: Page, bands: Band[]): Promise<void> {
  const hexes = (await hexesOf(page, 'ground-truth-swatch')).slice(0, bands.length)
  bands.forEach((band) => expect(Math.min(...hexes.map((hex) => channelDistance(rgbOfHex(hex), band.rgb)))).toBeLessThanOrEqual(15))
}

describe('pasting an image', () => {
  it('opens a pasted image in the Image view, named "Pasted image", with its palette', async () => {
    const { page } = app
    await paste(page, await bandsPng(NIGHT_BANDS, 300, 200))
    await expect.poll(() => imageName(page), { timeout: 30_000 }).toContain('Pasted image.png')
    await page.getByTestId('busy').waitFor({ state: 'detached' })
    await expectBands(page, NIGHT_BANDS)
    expect(await page.getByTestId('error').count()).toBe(0)
  })

  it('a colour copied beside an image is pasted as a colour; other text beside one (a browser’s) is not, and the image opens', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(1).click()
    await paste(page, await bandsPng(FIVE_BANDS, 300, 200), '#3A7BD5')
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[1]).toBe('#3a7bd5')
    expect(await page.getByTestId('notice').innerText()).toBe('Pasted #3a7bd5')
    expect(await imageName(page)).toContain('Pasted image.png')
    await paste(page, await bandsPng(FIVE_BANDS, 300, 200), 'https://example.com/photo.png')
    // The edited palette is asked about first, as for a drop.
    await page.getByTestId('replace-discard').click()
    await expect.poll(() => imageName(page), { timeout: 30_000 }).toContain('Pasted image 2.png')
    await page.getByTestId('busy').waitFor({ state: 'detached' })
    await expectBands(page, FIVE_BANDS)
  })

  it('adds a pasted image to the Compare board as a column, as a drop there does', async () => {
    const { page } = app
    await page.getByTestId('view-board').click()
    await paste(page, await bandsPng(NIGHT_BANDS, 200, 100))
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['Pasted image 3.png'])
    // The Image view did not take it.
    expect(await imageName(page)).toContain('Pasted image 2.png')
    // On a chip of a column's palette, a colour pasted is the chip's, an image the board's.
    const chip = page.locator('[data-testid="palette-row"][data-kind="edited"] [data-testid="chip"]').first()
    await chip.focus()
    await paste(page, await bandsPng(FIVE_BANDS, 200, 100), 'rgb(1, 2, 3)')
    await expect.poll(() => chip.getAttribute('data-hex')).toBe('#010203')
    await chip.focus()
    await paste(page, await bandsPng(FIVE_BANDS, 200, 100))
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['Pasted image 3.png', 'Pasted image 4.png'])
    expect(await page.getByTestId('board-error').count()).toBe(0)
  })

  it('opens an image pasted in the Film view in the Image view', async () => {
    const { page } = app
    await page.getByTestId('view-film').click()
    await paste(page, await bandsPng(NIGHT_BANDS, 300, 200))
    await expect.poll(() => page.getByTestId('view-image').getAttribute('aria-selected')).toBe('true')
    await expect.poll(() => imageName(page), { timeout: 30_000 }).toContain('Pasted image 5.png')
    await page.getByTestId('busy').waitFor({ state: 'detached' })
    await expectBands(page, NIGHT_BANDS)
  })

  it('says why a pasted file that is no image cannot be opened, as for a dropped one', async () => {
    const { page } = app
    await paste(page, Buffer.from('not an image at all'))
    await expect
      .poll(() => page.getByTestId('error').innerText(), { timeout: 30_000 })
      .toMatch(/“Pasted image \d+\.png” is not an image Palette Studio recognises\. It reads JPEG, PNG, WebP, AVIF, HEIF, TIFF, GIF and BMP\./)
    expect(await imageName(page)).toContain('Pasted image 5.png')
  })

  it('threw no errors in the page', () => {
    expect(app.pageErrors).toEqual([])
  })
})
