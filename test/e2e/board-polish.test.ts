// The compare board's finish, in Chromium against the real engine: a column's hex field says why
// it refused a code, in the Image view's words; previews have the pixels of a HiDPI screen, and a
// noisy photo's still fits the project file's limit with room to spare; an imported swatch file
// shows its colours where an image shows its picture, and the readout calls its palette imported.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { encodeSwatchFile } from '../../src/main/formats'
import { readColor } from '../../src/renderer/src/lib/color'
import { ColumnJsonSchema } from '../../src/renderer/src/board/project'
import type { Rgb } from '../../src/shared/palette'
import { bandsPng, FIVE_BANDS, hexOf } from './images'
import { columnNames, openApp, type App } from './harness'

const BRAND: { name: string; rgb: Rgb }[] = [
  { name: 'Signal red', rgb: [230, 0, 40] },
  { name: 'Ink', rgb: [20, 20, 20] },
  { name: 'Paper', rgb: [245, 240, 230] }
]
/** The project file's limit on one column's preview (project.ts), and the share of it a preview may take. */
const THUMB_LIMIT = 400_000
const THUMB_MARGIN = 2

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-polish-'))
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS, 1200, 800))
  await writeFile(join(dir, 'brand.gpl'), encodeSwatchFile('gpl', { name: 'Brand', groups: [], loose: BRAND }))
  // Pure noise, which JPEG cannot compress: the largest preview a photo of this shape can have.
  const [width, height] = [960, 520]
  const noise = Buffer.alloc(width * height * 3)
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(Math.random() * 256)
  await writeFile(join(dir, 'noise.png'), await sharp(noise, { raw: { width, height, channels: 3 } }).png().toBuffer())
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const column = (page: Page, index: number): Locator => page.getByTestId('board-column').nth(index)
const edited = (page: Page, index: number): Locator => column(page, index).locator('[data-testid="palette-row"][data-kind="edited"]')
const editedHexes = (page: Page, index: number): Promise<string[]> =>
  edited(page, index)
    .getByTestId('chip')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-hex') ?? ''))

/** What the tests read of an <img> (this project's Node types have no DOM). */
interface ImageLike {
  complete: boolean
  naturalWidth: number
  naturalHeight: number
  src: string
}

/** A preview's pixels and how large it shows (object-fit: contain in its box), in CSS px. */
async function previewOf(page: Page, index: number): Promise<{ src: string; width: number; height: number; shownWidth: number; shownHeight: number }> {
  const img = column(page, index).locator('img.thumb')
  await img.waitFor()
  await expect.poll(() => img.evaluate((el) => (el as unknown as ImageLike).complete && (el as unknown as ImageLike).naturalWidth > 0)).toBe(true)
  return img.evaluate((el) => {
    const box = el.getBoundingClientRect()
    const { src, naturalWidth: width, naturalHeight: height } = el as unknown as ImageLike
    const scale = Math.min(box.width / width, box.height / height)
    return { src, width, height, shownWidth: width * scale, shownHeight: height * scale }
  })
}

async function addImage(app: App, file: string): Promise<void> {
  const before = (await columnNames(app.page)).length
  app.bridge.dialogs.queue('openImages', [join(dir, file)])
  await app.page.getByTestId('add-images').click()
  await expect.poll(async () => (await columnNames(app.page)).length, { timeout: 60_000 }).toBe(before + 1)
}

describe('The board at 200 %', () => {
  let app: App
  beforeAll(async () => {
    app = await openApp({ width: 1400, height: 860 }, { deviceScaleFactor: 2 })
    await app.page.getByTestId('view-board').click()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('the hex field says why it refused a code, in the Image view’s words, and keeps it, until Escape, leaving or a code it takes', async () => {
    const { page } = app
    await addImage(app, 'bands.png')
    const field = edited(page, 0).getByTestId('edited-hex')
    const error = edited(page, 0).getByTestId('edited-hex-error')
    const kept = await field.inputValue()
    for (const text of ['zzz', '#abcdef80', '12345']) {
      const reading = readColor(text)
      if (!('problem' in reading)) throw new Error(`${text} should be refused`)
      await field.fill(text)
      await field.press('Enter')
      await expect.poll(() => error.innerText()).toBe(reading.problem)
      // Said to a screen reader too: an alert, and the field's description while it stands.
      expect(await error.getAttribute('role')).toBe('alert')
      expect(await field.getAttribute('aria-invalid')).toBe('true')
      expect(await field.getAttribute('aria-describedby')).toBe(await error.getAttribute('id'))
      expect(await field.inputValue()).toBe(text) // the typo stays to mend
    }
    expect(await error.innerText()).toBe('Not a hex code: 12345 (3 or 6 digits)')
    expect(await editedHexes(page, 0)).toContain(kept)
    await app.shot('polish-01-hex-refused')

    await field.press('Escape')
    await error.waitFor({ state: 'detached' })
    expect(await field.getAttribute('aria-invalid')).toBe('false')
    expect(await field.getAttribute('aria-describedby')).toBeNull()
    expect(await field.inputValue()).toBe(kept)

    // Leaving the field puts the refusal away too, with its text.
    await field.fill('zzz')
    await field.press('Enter')
    await error.waitFor()
    await field.press('Tab')
    await error.waitFor({ state: 'detached' })
    expect(await field.getAttribute('aria-invalid')).toBe('false')
    expect(await field.inputValue()).toBe(kept)
    await field.focus()

    await field.fill('#abcdef80')
    await field.press('Enter')
    await expect.poll(() => error.innerText()).toBe('Swatches are opaque: #abcdef80 is 50% transparent; #abcdef without it')
    await field.fill('#abcdef')
    await field.press('Enter')
    await error.waitFor({ state: 'detached' })
    expect(await field.getAttribute('aria-invalid')).toBe('false')
    await expect.poll(() => editedHexes(page, 0)).toContain('#abcdef')
  })

  it('a column’s preview has the screen’s pixels, and an older board’s small one still opens', async () => {
    const { page, bridge } = app
    const preview = await previewOf(page, 0)
    // Two image pixels to each CSS pixel shown: sharp at 200 % (the 240-px previews were stretched).
    expect(preview.width).toBeGreaterThanOrEqual(Math.floor(preview.shownWidth * 2))
    expect(preview.height).toBeGreaterThanOrEqual(Math.floor(preview.shownHeight * 2))
    expect(preview.src).toMatch(/^data:image\/jpeg;base64,/)

    // A board saved by an older build, with a 240 × 160 preview, opens and shows it.
    bridge.dialogs.queue('saveFile', join(dir, 'old.palette-studio'))
    await page.getByTestId('save-board').click()
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toContain('old.palette-studio')
    const file = JSON.parse(await readFile(join(dir, 'old.palette-studio'), 'utf8'))
    const small = await sharp(await bandsPng(FIVE_BANDS, 240, 160)).jpeg({ quality: 85 }).toBuffer()
    file.board.columns[0].thumb = `data:image/jpeg;base64,${small.toString('base64')}`
    await writeFile(join(dir, 'old.palette-studio'), JSON.stringify(file))
    bridge.dialogs.queue('openFile', join(dir, 'old.palette-studio'))
    await page.getByTestId('open-board').click()
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toContain('Opened')
    expect(await previewOf(page, 0)).toMatchObject({ width: 240, height: 160 })
    expect(await editedHexes(page, 0)).toContain('#abcdef')
  })

  it('an imported swatch file shows its colours as its preview, and the readout calls its palette imported', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openFile', join(dir, 'brand.gpl'))
    await page.getByTestId('import-swatches').click()
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'Brand — brand.gpl'])
    const imported = column(page, 1)
    const colours = imported.getByTestId('thumb-colours')
    expect(await colours.locator('[data-hex]').evaluateAll((els) => els.map((el) => el.getAttribute('data-hex')))).toEqual(BRAND.map((s) => hexOf(s.rgb)))
    expect(await colours.getAttribute('aria-label')).toBe('Colours of Brand — brand.gpl: 3 swatches')
    // Each colour is drawn, side by side across the box: no empty box.
    const sizes = await colours.locator('[data-hex]').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => [r.width, r.height]))
    sizes.forEach(([w, h]) => expect(w * h).toBeGreaterThan(1000))
    expect(await imported.getByText('No preview').count()).toBe(0)
    await app.shot('polish-02-imported-preview')

    // Its palette is the file's, in the column and in the readout (which offered it as B).
    expect(await edited(page, 1).locator('h3').innerText()).toBe('Imported palette')
    expect(await edited(page, 1).getAttribute('aria-label')).toBe('Imported palette for Brand — brand.gpl')
    await edited(page, 1).getByRole('button', { name: 'Compare imported palette for Brand — brand.gpl as A' }).waitFor()
    expect(await page.getByTestId('readout-b').innerText()).toBe('Brand — brand.gpl — imported palette')
    await edited(page, 0).getByTestId('pick-a').click()
    expect(await page.getByTestId('readout-a').innerText()).toBe('bands.png — your palette')
    expect(await edited(page, 0).locator('h3').innerText()).toBe('Your palette')
  })

  it('threw no errors in the page', () => {
    expect(app.pageErrors).toEqual([])
  })
})

describe('The board at 300 %', () => {
  let app: App
  beforeAll(async () => {
    app = await openApp({ width: 1400, height: 860 }, { deviceScaleFactor: 3 })
    await app.page.getByTestId('view-board').click()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('a noisy photo’s preview is capped at 200 %’s pixels and keeps well within the project file’s limit', async () => {
    const { page, bridge } = app
    await addImage(app, 'noise.png')
    const preview = await previewOf(page, 0)
    expect(preview.width).toBeGreaterThanOrEqual(Math.floor(preview.shownWidth * 2))
    expect(preview.width).toBeLessThanOrEqual(Math.ceil(preview.shownWidth * 2.25))
    expect(preview.src.length).toBeLessThan(THUMB_LIMIT / THUMB_MARGIN)
    bridge.dialogs.queue('saveFile', join(dir, 'noise.palette-studio'))
    await page.getByTestId('save-board').click()
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toContain('noise.palette-studio')
    const file = JSON.parse(await readFile(join(dir, 'noise.palette-studio'), 'utf8'))
    expect(ColumnJsonSchema.parse(file.board.columns[0]).thumb).toBe(preview.src)
    expect(app.pageErrors).toEqual([])
  })
})
