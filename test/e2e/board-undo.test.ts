// Undo on the compare board, in Chromium against the real engine: one order for every change,
// wherever it was made. A change made while files are still being added is a step of its own, and
// Ctrl+Z takes back the most recent change anywhere, a column's colour edit or a structural step.
// Focus goes on from a column an undo takes away, and the board's notice (which says what an
// undo did) is a live region there from the start. The film view undoes the changes it made to
// the board (a frame taken, a strip added) where they were made.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { bandsPng, FIVE_BANDS, NIGHT_BANDS } from './images'
import { columnNames, holdExtraction, openApp, type App } from './harness'
import { openFilm } from './film-harness'
import { makeTestVideo } from '../tools/make-test-video'

let app: App
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-board-undo-'))
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS))
  await writeFile(join(dir, 'night.png'), await bandsPng(NIGHT_BANDS))
  await writeFile(join(dir, 'late.png'), await bandsPng([...NIGHT_BANDS].reverse()))
  app = await openApp()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

/** The accessible name of the element with focus, or 'BODY' when focus is nowhere. */
const focused = (page: Page): Promise<string> =>
  page.evaluate(`(() => {
    const el = document.activeElement
    return !el || el === document.body ? 'BODY' : el.getAttribute('aria-label') ?? el.textContent.trim()
  })()`)

const column = (page: Page, index: number): Locator => page.getByTestId('board-column').nth(index)
const row = (page: Page, index: number, kind: string): Locator => column(page, index).locator(`[data-testid="palette-row"][data-kind="${kind}"]`)
const firstEdited = (page: Page, index: number): Promise<string | null> => row(page, index, 'edited').getByTestId('chip').first().getAttribute('data-hex')

async function addImages(files: string[]): Promise<void> {
  app.bridge.dialogs.queue('openImages', files.map((f) => join(dir, f)))
  await app.page.getByTestId('add-images').click()
}

/** Gives the first swatch of the column at `index` the colour `hex` through its hex field. */
async function recolour(page: Page, index: number, hex: string): Promise<void> {
  const edited = row(page, index, 'edited')
  await edited.getByTestId('chip').first().click()
  await edited.getByTestId('edited-hex').fill(hex)
  await edited.getByTestId('edited-hex').press('Enter')
  await expect.poll(() => firstEdited(page, index)).toBe(hex)
}

describe('Board undo', () => {
  it('the board’s notice is an empty live region that takes no room before its first notice, and the same element says it', async () => {
    const { page } = app
    await page.getByTestId('view-board').click()
    const notice = page.getByTestId('board-notice')
    expect(await notice.getAttribute('role')).toBe('status')
    expect(await notice.innerText()).toBe('')
    expect((await notice.boundingBox())?.height).toBe(0)
    // Marked, to tell whether the notice comes in this element or in a new one (which a screen reader may not read out).
    await notice.evaluate((el) => el.setAttribute('data-first', ''))
    await page.getByTestId('save-board').click() // nothing to save yet: a notice says so
    await expect.poll(() => notice.innerText()).toBe('The board is empty: add images first.')
    expect(await notice.getAttribute('data-first')).toBe('')
    expect((await notice.boundingBox())?.height).toBeGreaterThan(0)
  })

  it('a column removed while files are still being added stays removed when the add is undone, and comes back by its own undo', async () => {
    const { page } = app
    await page.getByTestId('view-board').click()
    await addImages(['bands.png', 'night.png'])
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['bands.png', 'night.png'])
    const hold = await holdExtraction(page, 0)
    await addImages(['late.png'])
    await expect.poll(hold.holding).toBe(true)
    // The add is still going on: the user removes a column meanwhile.
    await column(page, 0).getByTestId('column-remove').click()
    await expect.poll(() => columnNames(page)).toEqual(['night.png'])
    await hold.release()
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['night.png', 'late.png'])
    await page.getByTestId('board').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+z') // the add: its column only
    await expect.poll(() => columnNames(page)).toEqual(['night.png'])
    await page.keyboard.press('Control+z') // then the removal made during it
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'night.png'])
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => columnNames(page)).toEqual(['night.png'])
    await page.keyboard.press('Control+y')
    await expect.poll(() => columnNames(page)).toEqual(['night.png', 'late.png'])
    await page.keyboard.press('Control+z')
    await page.keyboard.press('Control+z')
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'night.png'])
    expect(app.pageErrors).toEqual([])
  })

  it('Ctrl+Z and Edit › Undo take back the latest change on the board, an edit in another column first, and show that column', async () => {
    const { page, bridge } = app
    const pickedA = (): Promise<string> => page.getByTestId('readout-a').innerText()
    const before = await pickedA()
    await row(page, 1, 'kmeans').getByTestId('pick-a').click()
    await expect.poll(pickedA).toBe('night.png — k-means')
    const old = await firstEdited(page, 0)
    await recolour(page, 0, '#000000')
    // The user works in the other column: its palette has no edit to take back.
    await column(page, 1).getByTestId('column-handle').focus()
    // Past KeyEcho's 300 ms after the last test's Ctrl+Z, so this Edit › Undo is not taken for its echo.
    await page.waitForTimeout(350)
    bridge.emit('onMenu', { command: 'undo' })
    await expect.poll(() => firstEdited(page, 0)).toBe(old)
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toBe('Undid an edit in bands.png.')
    expect(await pickedA()).toBe('night.png — k-means')
    await page.keyboard.press('Control+z')
    await expect.poll(pickedA).toBe(before)
    expect(await firstEdited(page, 0)).toBe(old)
    // Redo in reverse: the pick, then the edit.
    await column(page, 1).getByTestId('column-handle').focus()
    bridge.emit('onMenu', { command: 'redo' })
    await expect.poll(pickedA).toBe('night.png — k-means')
    expect(await firstEdited(page, 0)).toBe(old)
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => firstEdited(page, 0)).toBe('#000000')
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toBe('Redid an edit in bands.png.')
    await expect.poll(() => bridge.menuState()).toMatchObject({ canUndo: true, canRedo: false })
    expect(app.pageErrors).toEqual([])
  })

  it('focus on a column whose add is undone goes to the header of the column before it', async () => {
    const { page } = app
    await addImages(['late.png'])
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['bands.png', 'night.png', 'late.png'])
    await column(page, 2).getByTestId('column-handle').focus()
    await page.keyboard.press('Control+z')
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'night.png'])
    expect(await focused(page)).toBe('night.png')
    expect(app.pageErrors).toEqual([])
  })

  it('in the film view, Ctrl+Z and Edit › Undo take back a frame taken and a strip added, and the status says what', async () => {
    const { page, bridge } = app
    const film = await makeTestVideo(join(dir, 'film.webm'), 'webm-vp9')
    await openFilm(app, film.path, { length: /\/ 00:06\.0\d\d$/ })
    const status = (): Promise<string> => page.getByTestId('film-message').innerText()
    // The board's latest change was made on the board: that is the board's to undo.
    await expect.poll(() => bridge.menuState()).toMatchObject({ canUndo: false, canRedo: false })

    await page.getByTestId('take-frame').click()
    await expect.poll(status, { timeout: 60_000 }).toBe('Added film.webm @ 00:00.000 to the board.')
    await expect.poll(() => bridge.menuState()).toMatchObject({ canUndo: true, canRedo: false })
    await page.keyboard.press('Control+z')
    await expect.poll(status).toBe('Undid adding film.webm @ 00:00.000 to the board.')
    expect(await columnNames(page)).toEqual(['bands.png', 'night.png'])
    await expect.poll(() => bridge.menuState()).toMatchObject({ canUndo: false, canRedo: true })
    bridge.emit('onMenu', { command: 'redo' })
    await expect.poll(status).toBe('Redid adding film.webm @ 00:00.000 to the board.')
    expect(await columnNames(page)).toEqual(['bands.png', 'night.png', 'film.webm @ 00:00.000'])

    await page.getByTestId('strip-count').fill('3')
    await page.getByTestId('sample-strip').click()
    await expect.poll(status, { timeout: 90_000 }).toBe('3 frames sampled.')
    await page.getByTestId('strip-to-board').click()
    expect(await page.getByTestId('board-column').count()).toBe(6)
    bridge.emit('onMenu', { command: 'undo' })
    await expect.poll(status).toBe('Undid adding 3 frames to the board.')
    expect(await columnNames(page)).toEqual(['bands.png', 'night.png', 'film.webm @ 00:00.000'])
    // Taken off the board, the strip is kept nowhere again: a new one asks first.
    await page.getByTestId('sample-strip').click()
    await page.getByTestId('strip-question').waitFor()
    await page.getByTestId('strip-cancel').click()
    expect(app.pageErrors).toEqual([])
  })
})
