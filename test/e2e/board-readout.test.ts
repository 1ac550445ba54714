// The compare board's A/B readout as a designer reads it, in Chromium against the real engine: its
// figures against ones computed here from the colours on screen (culori's CIEDE2000, ±15 on each
// channel, every one-to-one pairing tried, B the reference), palettes of different sizes, a
// transparent image, the same image twice, imported palettes larger than 8 swatches, many columns,
// and what the readout compares through moves, removals, undo and a saved board reopened.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bestPairing } from '../tools/best-pairing'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { encodeSwatchFile } from '../../src/main/formats'
import type { Rgb } from '../../src/shared/palette'
import { bandsPng, FIVE_BANDS, rgbOfHex } from './images'
import { columnNames, openApp, type App } from './harness'

let app: App
let dir: string

/** Twelve colours far apart, for swatch files larger than the 8 the shared scorer pairs. */
const TWELVE: Rgb[] = Array.from({ length: 12 }, (_, i) => [(i * 67) % 256, (i * 131 + 40) % 256, (i * 29 + 90) % 256])
const named = (rgbs: Rgb[], prefix: string) => rgbs.map((rgb, i) => ({ name: `${prefix} ${i + 1}`, rgb }))

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-readout-'))
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS, 150, 100))
  await writeFile(join(dir, 'three.png'), await bandsPng(FIVE_BANDS.slice(0, 3), 150, 100))
  await writeFile(join(dir, 'four.png'), await bandsPng(FIVE_BANDS.slice(0, 4), 150, 100))
  const clear = sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 90, g: 90, b: 90, alpha: 0 } } })
  await writeFile(join(dir, 'clear.png'), await clear.png().toBuffer())
  await writeFile(join(dir, 'twelve.json'), encodeSwatchFile('json', { name: 'Twelve', groups: [], loose: named(TWELVE, 'Tone') }))
  await writeFile(join(dir, 'twelve-reversed.gpl'), encodeSwatchFile('gpl', { name: 'Reversed', groups: [], loose: named([...TWELVE].reverse(), 'Tone') }))
  const groups = Array.from({ length: 18 }, (_, i) => ({ name: `Look ${i + 1}`, swatches: named([TWELVE[i % 12], TWELVE[(i + 5) % 12]], `Look ${i + 1}`) }))
  await writeFile(join(dir, 'looks.ase'), encodeSwatchFile('ase', { groups, loose: [] }))
  app = await openApp()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

const column = (page: Page, index: number) => page.getByTestId('board-column').nth(index)
const row = (page: Page, index: number, kind: string) => column(page, index).locator(`[data-testid="palette-row"][data-kind="${kind}"]`)
const rowRgbs = async (page: Page, index: number, kind: string): Promise<Rgb[]> =>
  (await row(page, index, kind).getByTestId('chip').evaluateAll((els) => els.map((el) => el.getAttribute('data-hex') ?? ''))).map(rgbOfHex)
const text = (page: Page, testid: string): Promise<string> => page.getByTestId(testid).innerText()
/** What the readout says A and B are: column, palette, swatches. */
const picks = async (page: Page): Promise<string[]> =>
  Promise.all(['readout-pick-a', 'readout-pick-b'].map(async (id) => (await text(page, id)).replace(/\s+/g, ' ')))
/** The readout's figures, as the page shows them. */
const figures = async (page: Page): Promise<{ correct: string; delta: number; pairs: string }> => ({
  correct: await text(page, 'readout-correct'),
  delta: Number(await text(page, 'readout-delta')),
  pairs: await text(page, 'readout-pairs')
})

describe('The A/B readout', () => {
  it('three colours against five: the figures of the best pairing, with what was left unpaired', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-board').click()
    bridge.dialogs.queue('openImages', ['three.png', 'bands.png', 'clear.png', 'bands.png'].map((f) => join(dir, f)))
    await page.getByTestId('add-images').click()
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['three.png', 'bands.png', 'clear.png', 'bands.png'])

    const three = await rowRgbs(page, 0, 'median-cut')
    const five = await rowRgbs(page, 1, 'median-cut')
    expect([three.length, five.length]).toEqual([3, 5])
    // The first palettes of the first two columns, until the designer picks.
    expect(await picks(page)).toEqual(['A column 1 three.png — median cut 3 swatches', 'B column 2 bands.png — median cut 5 swatches'])
    const want = bestPairing(three, five)
    const shown = await figures(page)
    expect(shown).toMatchObject({ correct: `${want.correct} of 5`, pairs: '3 pairs' })
    expect(shown.delta).toBeCloseTo(want.meanDeltaE00, 2)
    expect(await text(page, 'readout-pairing')).toContain('2 of B’s swatches left unpaired')

    // The other way round: B, the reference, has three; two of A's are left out.
    await row(page, 1, 'median-cut').getByTestId('pick-a').click()
    await row(page, 0, 'median-cut').getByTestId('pick-b').click()
    const back = bestPairing(five, three)
    expect(await figures(page)).toMatchObject({ correct: `${back.correct} of 3`, pairs: '3 pairs' })
    expect((await figures(page)).delta).toBeCloseTo(back.meanDeltaE00, 2)
    expect(await text(page, 'readout-pairing')).toContain('2 of A’s swatches left unpaired')
    await app.shot('readout-01-three-against-five')
  })

  it('tells the same image added twice apart by its column, and says when A and B are one palette', async () => {
    const { page } = app
    expect(await page.getByTestId('column-number').allInnerTexts()).toEqual(['1', '2', '3', '4'])
    await row(page, 3, 'kmeans').getByTestId('pick-b').click()
    expect(await picks(page)).toEqual(['A column 2 bands.png — median cut 5 swatches', 'B column 4 bands.png — k-means 5 swatches'])
    await row(page, 1, 'median-cut').getByTestId('pick-b').click()
    expect(await figures(page)).toMatchObject({ correct: '5 of 5', delta: 0 })
    expect(await text(page, 'readout-pairing')).toBe('A and B are the same palette.')
  })

  it('a transparent image has no colours: its rows say so, and the readout gives no figures for it', async () => {
    const { page } = app
    const rows = await column(page, 2).getByTestId('palette-row').count()
    expect(rows).toBeGreaterThanOrEqual(3) // median cut, k-means (and neural where it runs), and the user's
    expect(await column(page, 2).getByTestId('palette-none').allInnerTexts()).toEqual(new Array(rows).fill('No colours'))
    await row(page, 2, 'median-cut').getByTestId('pick-a').click()
    expect(await picks(page)).toEqual(['A column 3 clear.png — median cut no colours', 'B column 2 bands.png — median cut 5 swatches'])
    expect(await text(page, 'readout-missing')).toBe('A has no colours to compare.')
    expect(await page.getByTestId('readout-delta').count()).toBe(0)
    await app.shot('readout-02-transparent')
  })

  it('follows its columns when they move, and when the column of A is removed and brought back', async () => {
    const { page } = app
    await row(page, 0, 'median-cut').getByTestId('pick-a').click()
    const before = await figures(page)
    await column(page, 0).getByTestId('column-handle').focus()
    await page.keyboard.press('Alt+ArrowRight')
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'three.png', 'clear.png', 'bands.png'])
    expect(await picks(page)).toEqual(['A column 2 three.png — median cut 3 swatches', 'B column 1 bands.png — median cut 5 swatches'])
    expect(await figures(page)).toEqual(before)

    await page.keyboard.press('Delete')
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'clear.png', 'bands.png'])
    expect(await picks(page)).toEqual(['A not picked: press A on a palette', 'B column 1 bands.png — median cut 5 swatches'])
    expect(await text(page, 'readout-missing')).toBe('Press A on one palette and B on another to compare them.')
    await page.keyboard.press('Control+z')
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'three.png', 'clear.png', 'bands.png'])
    expect(await picks(page)).toEqual(['A column 2 three.png — median cut 3 swatches', 'B column 1 bands.png — median cut 5 swatches'])
    expect(await figures(page)).toEqual(before)
  })

  it('Ctrl+Z right after a move moves the column back, not the colour edited before it; Ctrl+Shift+Z moves it again', async () => {
    const { page } = app
    const edited = row(page, 1, 'edited')
    await edited.getByTestId('chip').nth(0).click()
    await edited.getByTestId('edited-hex').fill('#101010')
    await edited.getByTestId('edited-hex').press('Enter')
    await expect.poll(async () => (await rowRgbs(page, 1, 'edited'))[0]).toEqual([16, 16, 16])
    const handle = column(page, 1).getByTestId('column-handle')
    await handle.focus()
    await page.keyboard.press('Alt+ArrowLeft')
    await expect.poll(() => columnNames(page)).toEqual(['three.png', 'bands.png', 'clear.png', 'bands.png'])
    await page.keyboard.press('Control+z')
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'three.png', 'clear.png', 'bands.png'])
    expect((await rowRgbs(page, 1, 'edited'))[0]).toEqual([16, 16, 16])
    // The Edit menu's Redo is on for the move (no colour edit was undone).
    await expect.poll(() => app.bridge.menuState().canRedo).toBe(true)
    // Focus stays on the column's header, for the next key.
    expect(await page.evaluate(`document.activeElement?.getAttribute('aria-label')`)).toBe('three.png')
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => columnNames(page)).toEqual(['three.png', 'bands.png', 'clear.png', 'bands.png'])
    await page.keyboard.press('Control+z')
    await page.keyboard.press('Control+z') // the move is undone: the edit is next
    await expect.poll(async () => (await rowRgbs(page, 1, 'edited'))[0]).not.toEqual([16, 16, 16])
    expect(await columnNames(page)).toEqual(['bands.png', 'three.png', 'clear.png', 'bands.png'])
  })

  it('pairs every swatch of imported palettes larger than 8 (JSON against GPL), beside the image columns', async () => {
    const { page, bridge } = app
    for (const [file, palette] of [['twelve.json', 'Twelve'], ['twelve-reversed.gpl', 'Reversed']]) {
      bridge.dialogs.queue('openFile', join(dir, file))
      await page.getByTestId('import-swatches').click()
      await expect.poll(() => columnNames(page)).toContain(`${palette} — ${file}`)
    }
    await row(page, 4, 'edited').getByTestId('pick-a').click()
    await row(page, 5, 'edited').getByTestId('pick-b').click()
    expect(await picks(page)).toEqual(['A column 5 Twelve — twelve.json — imported palette 12 swatches', 'B column 6 Reversed — twelve-reversed.gpl — imported palette 12 swatches'])
    expect(await figures(page)).toEqual({ correct: '12 of 12', delta: 0, pairs: '12 pairs' })

    // Against an image's five: every one of them is paired, and the figures are the best pairing's.
    await row(page, 0, 'median-cut').getByTestId('pick-a').click()
    const want = bestPairing(await rowRgbs(page, 0, 'median-cut'), TWELVE.slice().reverse())
    expect(await figures(page)).toMatchObject({ correct: `${want.correct} of 12`, pairs: '5 pairs' })
    expect((await figures(page)).delta).toBeCloseTo(want.meanDeltaE00, 2)
    expect(await text(page, 'readout-pairing')).toContain('7 of B’s swatches left unpaired')
    await app.shot('readout-03-imported')
  })

  it('a saved board reopens as it was: names, order, edits, and which palettes are A and B', async () => {
    const { page, bridge } = app
    const snapshot = async () => ({
      names: await columnNames(page),
      edited: await Promise.all((await page.getByTestId('board-column').all()).map((_, i) => rowRgbs(page, i, 'edited'))),
      picks: await picks(page),
      figures: await figures(page)
    })
    const saved = await snapshot()
    bridge.dialogs.queue('saveFile', { folder: dir })
    await page.getByTestId('save-board').click()
    await expect.poll(() => page.getByTestId('autosave-state').innerText()).toBe('Saved')
    // Changes after the save, which reopening the file leaves behind.
    await column(page, 0).getByTestId('column-right').click()
    await row(page, 1, 'kmeans').getByTestId('pick-a').click()
    await page.getByRole('button', { name: 'Remove Twelve — twelve.json' }).click()
    expect(await snapshot()).not.toEqual(saved)
    bridge.dialogs.queue('openFile', join(dir, 'board.palette-studio'))
    await page.getByTestId('open-board').click()
    await page.getByTestId('unsaved-discard').click()
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toContain('Opened')
    expect(await snapshot()).toEqual(saved)
  })

  it('with many columns, names the column of a palette far along the board, and moves none past the ends', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openFile', join(dir, 'looks.ase'))
    await page.getByTestId('import-swatches').click()
    await expect.poll(async () => (await columnNames(page)).length).toBe(24)
    const last = column(page, 23)
    await last.scrollIntoViewIfNeeded()
    await row(page, 23, 'edited').getByTestId('pick-b').click()
    expect((await picks(page))[1]).toBe('B column 24 Look 18 — looks.ase — imported palette 2 swatches')
    await last.getByTestId('column-handle').focus()
    await page.keyboard.press('Alt+ArrowRight')
    await column(page, 0).getByTestId('column-handle').focus()
    await page.keyboard.press('Alt+ArrowLeft')
    const names = await columnNames(page)
    expect([names[0], names[23]]).toEqual(['bands.png', 'Look 18 — looks.ase'])
    // Dragged from the last place onto the column before it, the column takes its place; the readout follows.
    await last.getByTestId('column-handle').dragTo(column(page, 22))
    await expect.poll(async () => (await columnNames(page)).slice(22)).toEqual(['Look 18 — looks.ase', 'Look 17 — looks.ase'])
    expect((await picks(page))[1]).toBe('B column 23 Look 18 — looks.ase — imported palette 2 swatches')
    expect(app.pageErrors).toEqual([])
    await app.shot('readout-04-many-columns')
  })

  it('four colours against five: one of B’s swatches left unpaired, in words that read', async () => {
    const { page, bridge } = app
    const before = await columnNames(page)
    bridge.dialogs.queue('openImages', [join(dir, 'four.png')])
    await page.getByTestId('add-images').click()
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual([...before, 'four.png'])
    await row(page, before.length, 'median-cut').getByTestId('pick-a').click()
    await row(page, before.indexOf('bands.png'), 'median-cut').getByTestId('pick-b').click()
    await expect.poll(() => text(page, 'readout-pairing')).toContain('; 1 of B’s swatches left unpaired.')
  })
})
