// Swatch files onto the compare board, and the board's File menu, in Chromium against the real
// engine: a brand palette imported by the board's button or File › Import Swatches… becomes
// columns to compare A/B against an extracted one and to edit; a bad file says why; the board
// exports JSON and CSS from the menu, and Save Board As… asks for a new file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { encodeSwatchFile, loadSwatchFile } from '../../src/main/formats'
import type { Rgb } from '../../src/shared/palette'
import { bandsPng, FIVE_BANDS, hexOf } from './images'
import { columnNames, openApp, type App } from './harness'

const BRAND: { name: string; rgb: Rgb }[] = [
  { name: 'Signal red', rgb: [230, 0, 40] },
  { name: 'Ink', rgb: [20, 20, 20] },
  { name: 'Paper', rgb: [245, 240, 230] }
]

let app: App
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-import-'))
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS))
  await writeFile(join(dir, 'brand.gpl'), encodeSwatchFile('gpl', { name: 'Brand', groups: [], loose: BRAND }))
  await writeFile(
    join(dir, 'brand.ase'),
    encodeSwatchFile('ase', { groups: [{ name: 'Primary', swatches: BRAND.slice(0, 1) }, { name: 'Neutrals', swatches: BRAND.slice(1) }], loose: [] })
  )
  await writeFile(join(dir, 'one.ase'), encodeSwatchFile('ase', { groups: [{ name: 'Primary', swatches: BRAND }], loose: [] }))
  await writeFile(join(dir, 'broken.ase'), 'this is not a swatch file\n')
  // Hand-written, as GIMP opens it: one value past 255, clamped with a word to the user.
  await writeFile(join(dir, 'hand.gpl'), 'GIMP Palette\nName: Hand\n#\n300  10  10\tSky\n 20  20  20\tInk\n')
  app = await openApp()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

const editedHexes = (page: Page, index: number): Promise<string[]> =>
  page
    .getByTestId('board-column')
    .nth(index)
    .locator('[data-testid="palette-row"][data-kind="edited"] [data-testid="chip"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-hex') ?? ''))
const lastAnswer = (kind: string): unknown => app.bridge.dialogs.calls.filter((c) => c.kind === kind).at(-1)?.answer

describe('Importing swatches onto the board', () => {
  it('Import swatches… adds the GPL as a column named by its palette and the file, compared with the extracted one', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-board').click()
    bridge.dialogs.queue('openImages', [join(dir, 'bands.png')])
    await page.getByTestId('add-images').click()
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['bands.png'])
    bridge.dialogs.queue('openFile', join(dir, 'brand.gpl'))
    await page.getByTestId('import-swatches').click()
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'Brand — brand.gpl'])
    expect(await editedHexes(page, 1)).toEqual(BRAND.map((s) => hexOf(s.rgb)))
    expect(await page.getByTestId('board-notice').innerText()).toBe('Imported brand.gpl')
    expect(await page.getByTestId('readout-b').innerText()).toContain('brand.gpl')
    await page.getByTestId('readout-correct').waitFor()
    await app.shot('import-01-gpl')
  })

  it('a GPL value past 255 is clamped, and the notice names the colour', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openFile', join(dir, 'hand.gpl'))
    await page.getByTestId('import-swatches').click()
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'Brand — brand.gpl', 'Hand — hand.gpl'])
    expect(await editedHexes(page, 2)).toEqual(['#ff0a0a', '#141414'])
    expect(await page.getByTestId('board-notice').innerText()).toBe(
      'Imported hand.gpl. 1 colour in "hand.gpl" had values outside 0–255 and was clamped: "Sky".'
    )
    await page.getByRole('button', { name: 'Remove Hand — hand.gpl' }).click()
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'Brand — brand.gpl'])
  })

  it('the imported palette is edited like any other', async () => {
    const { page } = app
    const column = page.getByTestId('board-column').nth(1)
    await column.getByTestId('chip').nth(1).click()
    await column.getByTestId('edited-hex').fill('#334455')
    await column.getByTestId('edited-hex').press('Enter')
    await expect.poll(() => editedHexes(page, 1)).toEqual([hexOf(BRAND[0].rgb), '#334455', hexOf(BRAND[2].rgb)])
  })

  it('File › Import Swatches… from the image view shows the board with a column per ASE group', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-image').click()
    bridge.dialogs.queue('openFile', join(dir, 'brand.ase'))
    bridge.emit('onMenu', { command: 'import-swatches' })
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'Brand — brand.gpl', 'Primary — brand.ase', 'Neutrals — brand.ase'])
    expect(await page.getByTestId('board').isVisible()).toBe(true)
    expect(await editedHexes(page, 3)).toEqual(BRAND.slice(1).map((s) => hexOf(s.rgb)))
    expect(await page.getByTestId('board-notice').innerText()).toBe('Imported brand.ase as 2 columns')
  })

  it('a file that is not a swatch file says so and adds nothing', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openFile', join(dir, 'broken.ase'))
    await page.getByTestId('import-swatches').click()
    await expect.poll(() => page.getByTestId('board-error').innerText()).toMatch(/ASE file cannot be read/)
    expect(await columnNames(page)).toHaveLength(4)
    await app.shot('import-02-bad-file')
  })

  it('a file of one named group, exported from its column as ASE and as GPL, keeps the group’s name', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openFile', join(dir, 'one.ase'))
    await page.getByTestId('import-swatches').click()
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'Brand — brand.gpl', 'Primary — brand.ase', 'Neutrals — brand.ase', 'Primary — one.ase'])
    const column = page.getByTestId('board-column').nth(4)
    bridge.dialogs.queue('saveFile', { folder: dir })
    await column.getByTestId('column-export-ase').click()
    await expect.poll(() => lastAnswer('saveFile')).toBe(join(dir, 'Primary.ase'))
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toBe(`Exported ${join(dir, 'Primary.ase')}`)
    expect((await loadSwatchFile(join(dir, 'Primary.ase'))).groups.map((g) => g.name)).toEqual(['Primary'])
    bridge.dialogs.queue('saveFile', { folder: dir })
    await column.getByTestId('column-export-gpl').click()
    await expect.poll(() => lastAnswer('saveFile')).toBe(join(dir, 'Primary.gpl'))
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toBe(`Exported ${join(dir, 'Primary.gpl')}`)
    expect((await loadSwatchFile(join(dir, 'Primary.gpl'))).name).toBe('Primary')
    // Left as the tests after it expect the board.
    await page.getByRole('button', { name: 'Remove Primary — one.ase' }).click()
    await expect.poll(() => columnNames(page)).toHaveLength(4)
  })
})

describe('The board from the File menu', () => {
  it('Export JSON… writes every column into one file, and Export CSS… one file per column', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('saveFile', { folder: dir })
    bridge.emit('onMenu', { command: 'export-json' })
    await expect.poll(() => lastAnswer('saveFile')).toBe(join(dir, 'board.json'))
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toContain('board.json')
    const json = await loadSwatchFile(join(dir, 'board.json'))
    // An imported file's groups keep their own names, so the file can be imported again as it was.
    expect(json.groups.map((g) => g.name)).toEqual(['bands', 'Brand', 'Primary', 'Neutrals'])
    expect(json.groups[1].swatches.map((c) => [c.name, hexOf(c.rgb)])).toEqual([
      ['Signal red', hexOf(BRAND[0].rgb)],
      ['Ink', '#334455'],
      ['Paper', hexOf(BRAND[2].rgb)]
    ])
    bridge.dialogs.queue('openFolder', dir)
    bridge.emit('onMenu', { command: 'export-css' })
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toBe('Exported 4 files')
    expect(await readFile(join(dir, 'board - Brand.css'), 'utf8')).toContain('#334455')
  })

  it('Save Board As… asks for a new file even once the board has one', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('saveFile', join(dir, 'first.palette-studio'))
    bridge.emit('onMenu', { command: 'save-project' })
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toBe(`Saved ${join(dir, 'first.palette-studio')}`)
    bridge.dialogs.queue('saveFile', join(dir, 'second.palette-studio'))
    bridge.emit('onMenu', { command: 'save-project-as' })
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toBe(`Saved ${join(dir, 'second.palette-studio')}`)
    const saved = JSON.parse(await readFile(join(dir, 'second.palette-studio'), 'utf8')) as { board: { columns: { kind: string }[] } }
    expect(saved.board.columns.map((c) => c.kind)).toEqual(['image', 'imported', 'imported', 'imported'])
  })

  it('threw no errors in the page', () => {
    expect(app.pageErrors).toEqual([])
  })
})
