// The window at the sizes designers use: 1024×640, and 853×480 (what a 1280×720 window shows at
// 150 % zoom). Controls keep their labels on one line and their groups together, long file and
// swatch names are cut with an ellipsis and given in full in a title, and a long name does not
// widen a board column. Measured from the laid-out page, not from screenshots.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { makeTestVideo } from '../tools/make-test-video'
import { bandsPng, FIVE_BANDS } from './images'
import { openFilm } from './film-harness'
import { columnNames, openApp, type App } from './harness'
import { cut, isOneLine } from './layout-probes'

const SMALL = { width: 1024, height: 640 }
const ZOOMED = { width: 853, height: 480 }
const LONG_A = 'IMG_20240517_183455_HDR_portrait_mode_edited_for_client_review.png'
const LONG_B = 'moodboard-autumn-campaign-2025-hero-image-alternate-crop.png'

let app: App
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-layout-'))
  for (const name of [LONG_A, LONG_B, 'bands.png']) await writeFile(join(dir, name), await bandsPng(FIVE_BANDS))
  app = await openApp(SMALL)
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})


/** The height of the middle of the element: controls on one row share it. */
const middle = async (target: Locator): Promise<number> => {
  const box = await target.boundingBox()
  return box ? box.y + box.height / 2 : Number.NaN
}

async function openImage(page: Page, name: string): Promise<void> {
  app.bridge.dialogs.queue('openImages', [join(dir, name)])
  await page.getByTestId('open').click()
}

describe('Image view in a small window', () => {
  it('wraps the toolbar with the Export label kept beside its buttons', async () => {
    const { page } = app
    await page.getByTestId('method').selectOption('median-cut')
    await openImage(page, LONG_A)
    await page.getByTestId('our-palette-swatch').nth(4).waitFor()
    const label = page.getByLabel('Toolbar').getByText('Export', { exact: true })
    for (const format of ['ase', 'gpl', 'json', 'css']) expect(await middle(page.getByTestId(`export-${format}`)), format).toBe(await middle(label))
  })

  it('at 150 % zoom the status bar wraps a long notice, shown whole, and cuts the timings with an ellipsis, given in full in their title', async () => {
    const { page, bridge } = app
    await page.setViewportSize(ZOOMED)
    bridge.dialogs.queue('saveFile', { folder: dir })
    await page.getByTestId('export-ase').click()
    const status = page.getByTestId('status') // the notice's live region
    await expect.poll(() => status.innerText()).toContain(`Exported ${dir}`)
    expect(await isOneLine(status)).toBe(false)
    expect(await cut(status)).toMatchObject({ cut: false })
    const timings = page.getByTestId('timings')
    expect(await cut(timings)).toEqual({ cut: true, ellipsis: true, title: await timings.innerText() })
  })

  it('cuts a long swatch name with an ellipsis and gives it in full in its title', async () => {
    const { page } = app
    const name = 'Warm sand highlight from the dunes at dusk'
    await page.getByTestId('swatch-name').nth(1).fill(name)
    await page.getByTestId('swatch-name').nth(1).press('Enter')
    await page.getByTestId('swatch-name').nth(1).blur()
    expect(await cut(page.getByTestId('swatch-name').nth(1))).toEqual({ cut: true, ellipsis: true, title: name })
  })

  it('keeps each answer of the question before an edited palette is replaced on one line at 150 % zoom', async () => {
    const { page } = app
    await openImage(page, 'bands.png')
    const question = page.getByTestId('replace-question')
    await question.waitFor()
    for (const answer of await question.getByRole('button').all()) expect(await isOneLine(answer), await answer.innerText()).toBe(true)
    await page.getByTestId('replace-cancel').click()
  })
})

describe('Compare board in a small window', () => {
  it('keeps each toolbar button’s label on one line at 150 % zoom', async () => {
    const { page, bridge } = app
    await page.setViewportSize(ZOOMED)
    await page.getByTestId('view-board').click()
    bridge.dialogs.queue('openImages', [LONG_A, 'bands.png', LONG_B].map((name) => join(dir, name)))
    await page.getByTestId('add-images').click()
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual([LONG_A, 'bands.png', LONG_B])
    for (const button of await page.getByRole('toolbar', { name: 'Board' }).getByRole('button').all())
      expect(await isOneLine(button), await button.innerText()).toBe(true)
  })

  it('gives every column one width whatever its name’s length; a long name is cut with an ellipsis and given in full in its title', async () => {
    const { page } = app
    const widths = await Promise.all((await page.getByTestId('board-column').all()).map(async (column) => (await column.boundingBox())?.width))
    expect(new Set(widths).size).toBe(1)
    const heading = page.getByTestId('column-handle').first().getByRole('heading')
    expect(await cut(heading)).toEqual({ cut: true, ellipsis: true, title: LONG_A })
  })

  it('keeps a column’s Undo and Redo on one row', async () => {
    const { page } = app
    const column = page.getByTestId('board-column').nth(1)
    expect(await middle(column.getByRole('button', { name: 'Redo in bands.png' }))).toBe(await middle(column.getByTestId('column-undo')))
  })

  it('reads out two palettes with long names on one line, each name cut with an ellipsis and given in full in its title', async () => {
    const { page } = app
    await page.getByTestId('board-column').nth(0).getByTestId('pick-a').first().click()
    await page.getByTestId('board-column').nth(2).getByTestId('pick-b').first().click()
    const a = page.getByTestId('readout-a')
    const b = page.getByTestId('readout-b')
    expect(await a.innerText()).toBe(`${LONG_A} — median cut`)
    expect(await middle(a)).toBe(await middle(b))
    expect(await cut(a)).toEqual({ cut: true, ellipsis: true, title: `${LONG_A} — median cut` })
    expect(app.pageErrors).toEqual([])
  })
})

/** The colour on screen at each point of the page, as CSS writes it ("rgb(255, 255, 255)"). */
async function coloursAt(page: Page, points: { x: number; y: number }[]): Promise<string[]> {
  const { data, info } = await sharp(await page.screenshot()).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return points.map(({ x, y }) => {
    const at = (Math.floor(y) * info.width + Math.floor(x)) * info.channels
    return `rgb(${data[at]}, ${data[at + 1]}, ${data[at + 2]})`
  })
}

/** The element's outline colour, and the middle of each side of its outline: top, right, bottom, left. */
const outlineOf = (target: Locator): Promise<{ colour: string; sides: { x: number; y: number }[] }> =>
  target.evaluate((el) => {
    const style = el.ownerDocument.defaultView!.getComputedStyle(el)
    const { top, right, bottom, left } = el.getBoundingClientRect()
    const out = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2 // to the outline's centre line
    const [x, y] = [(left + right) / 2, (top + bottom) / 2]
    const sides = [{ x, y: top - out }, { x: right + out, y }, { x, y: bottom + out }, { x: left - out, y }]
    return { colour: style.outlineColor, sides }
  })

/** The focused element's outline shows whole: the middle of each of its sides is the outline's colour. */
async function expectWholeRing(page: Page, target: Locator): Promise<void> {
  expect(await target.evaluate((el) => el.matches(':focus-visible'))).toBe(true)
  const { colour, sides } = await outlineOf(target)
  expect(await coloursAt(page, sides)).toEqual(sides.map(() => colour))
}

describe('Film view in a small window', () => {
  beforeAll(async () => {
    const { page } = app
    const film = await makeTestVideo(join(dir, 'film.webm'), 'webm-vp9')
    await page.setViewportSize(SMALL)
    await openFilm(app, film.path)
    await page.getByTestId('strip-count').fill('4')
    await page.getByTestId('sample-strip').click()
    await page.getByTestId('film-message').filter({ hasText: '4 frames sampled.' }).waitFor({ timeout: 90_000 })
  })

  it('wraps the controls in whole groups: the export buttons with their label and Add frames to board, each choice of sampling with its field, every button on one line', async () => {
    const { page } = app
    const controls = page.getByTestId('film-controls')
    const rowOf = (text: string) => middle(controls.getByText(text, { exact: true }))
    for (const size of [SMALL, ZOOMED]) {
      await page.setViewportSize(size)
      const exports = await middle(page.getByTestId('export-strip-png'))
      for (const testid of ['export-strip-json', 'export-strip-ase', 'export-strip-gpl', 'strip-to-board'])
        expect(await middle(page.getByTestId(testid)), `${testid} at ${size.width}`).toBe(exports)
      expect(await rowOf('Export')).toBe(exports)
      expect(await middle(page.getByTestId('strip-count'))).toBe(await rowOf('Sample'))
      expect(await rowOf('frames')).toBe(await rowOf('Sample'))
      expect(await middle(page.getByLabel('Seconds between frames'))).toBe(await rowOf('one every'))
      expect(await middle(page.getByLabel('Method for the strip'))).toBe(await middle(page.getByTestId('sample-strip')))
      const buttons = [...(await page.getByTestId('film-seek').getByRole('button').all()), ...(await controls.getByRole('button').all())]
      for (const button of buttons) expect(await isOneLine(button), await button.innerText()).toBe(true)
    }
  })

  it('rings a strip bar focused from the keyboard with the app’s whole focus outline, not cut by the strip’s edge or covered by the next bar', async () => {
    const { page } = app
    await page.setViewportSize(ZOOMED)
    const bars = page.getByTestId('strip-entry').getByRole('button')
    await bars.nth(0).focus()
    await page.keyboard.press('Tab') // from the keyboard: the outline shows
    await expectWholeRing(page, bars.nth(1)) // between two bars
    await page.keyboard.press('Shift+Tab')
    await expectWholeRing(page, bars.nth(0)) // at the strip's edge
    expect(app.pageErrors).toEqual([])
  })
})
