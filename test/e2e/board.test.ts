// The compare board in Chromium against the real engine: two images as columns, the difference
// readout against the engine's own scoring, reordering by button, keyboard and drag, removing,
// and every column exported as one ASE file with a group per column, read back by our reader.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeSwatchFile, readAse } from '../../src/main/formats'
import { scorePalette } from '../../src/shared/score'
import { bandsPng, channelDistance, FIVE_BANDS, NIGHT_BANDS, rgbOfHex } from './images'
import { columnNames, holdExtraction, openApp, type App } from './harness'
import type { Locator, Page } from 'playwright-core'

let app: App
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-board-'))
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS))
  await writeFile(join(dir, 'night.png'), await bandsPng(NIGHT_BANDS))
  const clear = sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 90, g: 90, b: 90, alpha: 0 } } })
  await writeFile(join(dir, 'clear.png'), await clear.png().toBuffer())
  app = await openApp()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})


/** The hex codes of one palette row (`kind`) of the column at `index`. */
const rowHexes = (page: Page, index: number, kind: string): Promise<string[]> =>
  page
    .getByTestId('board-column')
    .nth(index)
    .locator(`[data-testid="palette-row"][data-kind="${kind}"] [data-testid="chip"]`)
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-hex') ?? ''))

/** The accessible name (aria-label) of the element with focus. */
const focusedIn = (page: Page): Promise<string | null> => page.evaluate(`document.activeElement?.getAttribute('aria-label') ?? null`)

const row = (page: Page, index: number, kind: string) =>
  page.getByTestId('board-column').nth(index).locator(`[data-testid="palette-row"][data-kind="${kind}"]`)

describe('Compare board', () => {
  it('adds two images as columns, each with median cut, k-means and the user palette', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-board').click()
    await page.getByTestId('board-empty').waitFor()
    bridge.dialogs.queue('openImages', [join(dir, 'bands.png'), join(dir, 'night.png')])
    await page.getByTestId('add-images').click()
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['bands.png', 'night.png'])
    for (const kind of ['median-cut', 'kmeans', 'edited']) {
      const hexes = await rowHexes(page, 0, kind)
      expect(hexes, kind).toHaveLength(5)
      hexes.forEach((hex, i) => expect(channelDistance(rgbOfHex(hex), FIVE_BANDS[i].rgb), `${kind} ${hex}`).toBeLessThanOrEqual(15))
    }
    const night = await rowHexes(page, 1, 'median-cut')
    expect(night).toHaveLength(NIGHT_BANDS.length)
    night.forEach((hex, i) => expect(channelDistance(rgbOfHex(hex), NIGHT_BANDS[i].rgb)).toBeLessThanOrEqual(15))
    await app.shot('board-01-two-columns')
  })

  it('reads out how far apart any two palettes are, as the engine scores them', async () => {
    const { page } = app
    // Defaults: the first palettes of the first two columns.
    const a = (await rowHexes(page, 0, 'median-cut')).map(rgbOfHex)
    const b = (await rowHexes(page, 1, 'median-cut')).map(rgbOfHex)
    const expected = scorePalette(a, b)
    expect(expected.correct).toBeLessThan(expected.needed)
    await expect.poll(() => page.getByTestId('readout-correct').innerText()).toBe(`${expected.correct} of ${expected.needed}`)
    expect(Number(await page.getByTestId('readout-delta').innerText())).toBeCloseTo(expected.meanDeltaE00, 2)

    // k-means against median cut of the same flat-colour image: every swatch matches.
    await row(page, 0, 'kmeans').getByTestId('pick-a').click()
    await row(page, 0, 'median-cut').getByTestId('pick-b').click()
    const same = scorePalette((await rowHexes(page, 0, 'kmeans')).map(rgbOfHex), (await rowHexes(page, 0, 'median-cut')).map(rgbOfHex))
    expect(same.correct).toBe(5)
    await expect.poll(() => page.getByTestId('readout-correct').innerText()).toBe('5 of 5')
    expect(Number(await page.getByTestId('readout-delta').innerText())).toBeCloseTo(same.meanDeltaE00, 2)
    expect(await page.getByTestId('readout-a').innerText()).toBe('bands.png — k-means')
    await app.shot('board-02-readout')
  })

  it('edits a swatch of a column, and the readout follows the edit', async () => {
    const { page } = app
    const edited = row(page, 0, 'edited')
    await edited.getByTestId('pick-a').click()
    await expect.poll(() => page.getByTestId('readout-correct').innerText()).toBe('5 of 5')
    await edited.getByTestId('chip').nth(0).click()
    await edited.getByTestId('edited-hex').fill('#000000')
    await edited.getByTestId('edited-hex').press('Enter')
    await expect.poll(async () => (await rowHexes(page, 0, 'edited'))[0]).toBe('#000000')
    // An unnamed swatch is called by its hex code: said once, not as name and code both.
    expect(await edited.getByTestId('chip').nth(0).getAttribute('aria-label')).toBe('#000000')
    await expect.poll(() => page.getByTestId('readout-correct').innerText()).toBe('4 of 5')
    await page.getByTestId('board-column').nth(0).getByTestId('column-undo').click()
    await expect.poll(() => page.getByTestId('readout-correct').innerText()).toBe('5 of 5')
    // Redo and undo from the keyboard and the menu act on the column worked in last.
    await page.getByTestId('board-column').nth(0).getByTestId('column-handle').focus()
    await page.keyboard.press('Control+Shift+Z')
    await expect.poll(async () => (await rowHexes(page, 0, 'edited'))[0]).toBe('#000000')
    app.bridge.emit('onMenu', { command: 'undo' })
    await expect.poll(async () => (await rowHexes(page, 0, 'edited'))[0]).not.toBe('#000000')
    // The Edit menu follows the board (no image is open in the image view), and Copy Palette
    // copies the palette of that same column.
    // Undo has the pick of A, made before the edit, still to take back.
    await expect.poll(() => app.bridge.menuState()).toEqual({ canExport: true, canUndo: true, canRedo: true, canAddToBoard: false })
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    app.bridge.emit('onMenu', { command: 'copy-palette' })
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toBe('Copied the palette of bands.png as HEX')
    // The page's clipboard, or main's when the page may not write it.
    const copied = app.bridge.clipboard.at(-1) ?? (await page.evaluate<string>('navigator.clipboard.readText()'))
    expect(copied).toBe((await rowHexes(page, 0, 'edited')).join('\n'))
  })

  it('a hex code the board cannot read stays to mend, and gives way to the swatch’s own on Escape', async () => {
    const field = row(app.page, 0, 'edited').getByTestId('edited-hex')
    const kept = await field.inputValue()
    await field.fill('zzz')
    await field.press('Enter')
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true')
    expect(await field.inputValue()).toBe('zzz')
    await field.press('Escape')
    await expect.poll(() => field.inputValue()).toBe(kept)
    expect(await rowHexes(app.page, 0, 'edited')).toContain(kept)
  })

  it('marks a locked swatch with the Image view’s drawn padlock (no emoji, which a machine without an emoji font shows as a box), on the chip and on its pressed Lock button, whose words stay in its name', async () => {
    const { page } = app
    const edited = row(page, 0, 'edited')
    const chip = edited.getByTestId('chip').nth(1)
    const lock = edited.getByRole('button', { name: /^Lock / })
    await chip.click()
    await lock.click()
    await expect.poll(() => chip.getAttribute('aria-label')).toMatch(/, locked$/)
    expect([await chip.getByTestId('padlock').count(), await chip.innerText()]).toEqual([1, ''])
    // Speech input says the words it sees: "Lock" is in the name ("Lock Swatch 2") pressed or not.
    expect([await lock.innerText(), await lock.getAttribute('aria-pressed'), await lock.getByTestId('padlock').count()]).toEqual(['Lock', 'true', 1])
    expect(await lock.getAttribute('aria-label')).toMatch(/^Lock /)
    await lock.click()
    await expect.poll(() => chip.getByTestId('padlock').count()).toBe(0)
    expect([await lock.innerText(), await lock.getAttribute('aria-pressed'), await lock.getByTestId('padlock').count()]).toEqual(['Lock', 'false', 0])
    await edited.getByTestId('chip').nth(0).click() // as the test before left it
  })

  it('Ctrl+Z after the hex field took a code undoes the column’s palette, not the typing', async () => {
    const { page } = app
    const field = row(page, 0, 'edited').getByTestId('edited-hex')
    const old = await field.inputValue()
    await field.selectText()
    await page.keyboard.type('#ff00ff')
    await page.keyboard.press('Enter') // focus stays in the field
    await expect.poll(() => rowHexes(page, 0, 'edited')).toContain('#ff00ff')
    await page.keyboard.press('Control+z')
    await expect.poll(() => rowHexes(page, 0, 'edited')).toContain(old)
    expect(await rowHexes(page, 0, 'edited')).not.toContain('#ff00ff')
    expect(await field.inputValue()).toBe(old)
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => field.inputValue()).toBe('#ff00ff')
    await page.keyboard.press('Control+z')
    await expect.poll(() => field.inputValue()).toBe(old)
  })

  it('Ctrl+V on a column’s chip gives it the colour pasted, or a palette to it and the chips after it, one undo step each; Ctrl+C copies its hex', async () => {
    const { page, bridge } = app
    const night = row(page, 1, 'edited')
    const hexes = (): Promise<string[]> => rowHexes(page, 1, 'edited')
    const notice = (): Promise<string> => page.getByTestId('board-notice').innerText()
    const before = await hexes()
    const paste = async (chip: number, text: string): Promise<void> => {
      await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`)
      await night.getByTestId('chip').nth(chip).focus()
      await page.keyboard.press('Control+v')
    }
    await paste(0, '#ff0000\n#00ff00\n#0000ff\n') // as Copy Palette writes a palette
    await expect.poll(hexes).toEqual(['#ff0000', '#00ff00', '#0000ff', ...before.slice(3)])
    expect(await notice()).toBe('Pasted 3 colours')
    const last = before.length - 1
    await paste(last, '#010203, #040506')
    await expect.poll(async () => (await hexes())[last]).toBe('#010203')
    expect(await notice()).toBe('Pasted 1 of 2 colours (no swatch after the last for the other 1)')
    await paste(1, '#123456 nope')
    await expect.poll(notice).toBe('Nothing pasted. Not a colour: nope')
    expect((await hexes())[1]).toBe('#00ff00')
    await night.getByTestId('chip').nth(1).focus()
    await page.keyboard.press('Control+c')
    await expect.poll(notice).toBe('Copied #00ff00')
    expect(bridge.clipboard.at(-1) ?? (await page.evaluate<string>('navigator.clipboard.readText()'))).toBe('#00ff00')
    await page.keyboard.press('Control+z')
    await expect.poll(async () => (await hexes())[last]).toBe(before[last])
    await page.keyboard.press('Control+z')
    await expect.poll(hexes).toEqual(before)
  })

  it('Ctrl+V on a column’s header, Lock or Undo button pastes into its selected swatch; outside any column it does nothing', async () => {
    const { page } = app
    const night = page.getByTestId('board-column').nth(1)
    const hexes = (): Promise<string[]> => rowHexes(page, 1, 'edited')
    const notice = (): Promise<string> => page.getByTestId('board-notice').innerText()
    const paste = async (target: Locator, text: string): Promise<void> => {
      await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`)
      await target.focus()
      await page.keyboard.press('Control+v')
    }
    const before = await hexes()
    const other = await rowHexes(page, 0, 'edited')
    await row(page, 1, 'edited').getByTestId('chip').nth(2).click()
    await paste(night.getByTestId('column-handle'), '#abcdef')
    await expect.poll(async () => (await hexes())[2]).toBe('#abcdef')
    expect(await notice()).toBe('Pasted #abcdef')
    await paste(night.getByRole('button', { name: /^Lock / }), '#fedcba')
    await expect.poll(async () => (await hexes())[2]).toBe('#fedcba')
    await paste(night.getByTestId('column-undo'), '#111111, #222222')
    await expect.poll(hexes).toEqual([...before.slice(0, 2), '#111111', '#222222'])
    expect(await notice()).toBe('Pasted 2 colours')
    expect(await rowHexes(page, 0, 'edited')).toEqual(other) // the column with the focus took them, no other

    const columns = async (): Promise<string[][]> => [await rowHexes(page, 0, 'edited'), await hexes()]
    const pasted = await columns()
    await paste(page.getByTestId('add-images'), '#000000')
    expect(await columns()).toEqual(pasted)
    expect(await notice()).toBe('Pasted 2 colours')
    const first = page.getByTestId('board-column').nth(0)
    await paste(first.getByTestId('column-handle'), '#0a0b0c')
    await expect.poll(() => rowHexes(page, 0, 'edited')).toContain('#0a0b0c')
    expect(await hexes()).toEqual(pasted[1])
    await first.getByTestId('column-undo').click()
    await expect.poll(() => rowHexes(page, 0, 'edited')).toEqual(other)
    for (let i = 0; i < 3; i++) await night.getByTestId('column-undo').click()
    await expect.poll(hexes).toEqual(before)
    expect(app.pageErrors).toEqual([])
  })

  it('reorders columns with the buttons, the keyboard and by dragging', async () => {
    const { page } = app
    await page.getByTestId('board-column').nth(0).getByTestId('column-right').click()
    await expect.poll(() => columnNames(page)).toEqual(['night.png', 'bands.png'])
    await page.getByTestId('board-column').nth(1).getByTestId('column-handle').focus()
    await page.keyboard.press('Alt+ArrowLeft')
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'night.png'])
    await page.getByTestId('board-column').nth(1).getByTestId('column-handle').dragTo(page.getByTestId('board-column').nth(0))
    await expect.poll(() => columnNames(page)).toEqual(['night.png', 'bands.png'])
  })

  it('keeps focus on a column moved with its buttons or keys', async () => {
    const { page } = app
    await page.getByRole('button', { name: 'Move bands.png left' }).focus()
    await page.keyboard.press('Enter') // now first: its ◀ is disabled, so its header takes focus
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'night.png'])
    expect(await focusedIn(page)).toBe('bands.png')
    await page.keyboard.press('Alt+ArrowRight')
    await expect.poll(() => columnNames(page)).toEqual(['night.png', 'bands.png'])
    expect(await focusedIn(page)).toBe('bands.png')
  })

  it('exports all columns as one ASE file with a group per column', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('saveFile', { folder: dir })
    await page.getByTestId('export-all-ase').click()
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toContain('board.ase')
    const file = readAse(await readFile(join(dir, 'board.ase')))
    expect(file.groups.map((g) => g.name)).toEqual(['night', 'bands'])
    const onScreen = [await rowHexes(page, 0, 'edited'), await rowHexes(page, 1, 'edited')]
    file.groups.forEach((group, i) => {
      expect(group.swatches.map((s) => `#${s.rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`)).toEqual(onScreen[i])
    })
  })

  it('a transparent image’s column exports nothing and says why; Export all leaves it out and names it', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openImages', [join(dir, 'clear.png')])
    await page.getByTestId('add-images').click()
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['night.png', 'bands.png', 'clear.png'])
    const saveDialogs = () => bridge.dialogs.calls.filter((c) => c.kind === 'saveFile').length
    const asked = saveDialogs()
    await page.getByRole('button', { name: 'Export clear.png as ASE' }).click()
    await expect.poll(() => page.getByTestId('board-error').innerText()).toContain('clear.png has no colours to export: every pixel of it is transparent.')
    expect(saveDialogs()).toBe(asked)

    await rm(join(dir, 'board.ase'))
    bridge.dialogs.queue('saveFile', { folder: dir })
    await page.getByTestId('export-all-ase').click()
    await expect
      .poll(() => page.getByTestId('board-notice').innerText())
      .toBe(`Exported ${join(dir, 'board.ase')}; clear.png was left out: every pixel of it is transparent, so it has no colours`)
    expect(readAse(await readFile(join(dir, 'board.ase'))).groups.map((g) => g.name)).toEqual(['night', 'bands'])
    await page.getByRole('button', { name: 'Remove clear.png' }).click()
    await expect.poll(() => columnNames(page)).toEqual(['night.png', 'bands.png'])
    expect(app.pageErrors).toEqual([])
  })

  it('a removed column comes back with its edits, by Undo remove or by Ctrl+Z right after', async () => {
    const { page } = app
    const edited = row(page, 0, 'edited')
    await edited.getByTestId('chip').nth(0).click()
    await edited.getByTestId('edited-hex').fill('#123456')
    await edited.getByTestId('edited-hex').press('Enter')
    await expect.poll(async () => (await rowHexes(page, 0, 'edited'))[0]).toBe('#123456')
    await page.getByRole('button', { name: 'Remove night.png' }).click()
    await expect.poll(() => columnNames(page)).toEqual(['bands.png'])
    expect(await page.getByTestId('undo-remove-notice').innerText()).toContain('Removed night.png.')
    await page.getByTestId('undo-remove').click()
    await expect.poll(() => columnNames(page)).toEqual(['night.png', 'bands.png'])
    expect((await rowHexes(page, 0, 'edited'))[0]).toBe('#123456')
    expect(await page.getByTestId('undo-remove-notice').count()).toBe(0)
    await page.getByRole('button', { name: 'Remove night.png' }).click()
    await expect.poll(() => columnNames(page)).toEqual(['bands.png'])
    await page.keyboard.press('Control+z')
    await expect.poll(() => columnNames(page)).toEqual(['night.png', 'bands.png'])
    expect((await rowHexes(page, 0, 'edited'))[0]).toBe('#123456')
  })

  it('Delete on a column header removes it; focus goes to Undo remove, and back to the header after, and to Undo remove on redo', async () => {
    const { page } = app
    await page.getByRole('group', { name: 'night.png', exact: true }).focus()
    await page.keyboard.press('Delete')
    await expect.poll(() => columnNames(page)).toEqual(['bands.png'])
    expect(await focusedIn(page)).toBe('Undo remove of night.png')
    await page.keyboard.press('Enter')
    await expect.poll(() => columnNames(page)).toEqual(['night.png', 'bands.png'])
    expect(await focusedIn(page)).toBe('night.png')
    // Ctrl+Z, with focus on the Undo remove button, does what the button does.
    await page.keyboard.press('Delete')
    await expect.poll(() => columnNames(page)).toEqual(['bands.png'])
    await page.keyboard.press('Control+z')
    await expect.poll(() => columnNames(page)).toEqual(['night.png', 'bands.png'])
    expect(await focusedIn(page)).toBe('night.png')
    // Redo takes the focused column away again: focus goes to the Undo remove that comes back with it.
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => columnNames(page)).toEqual(['bands.png'])
    expect(await focusedIn(page)).toBe('Undo remove of night.png')
    await page.keyboard.press('Control+z')
    await expect.poll(() => columnNames(page)).toEqual(['night.png', 'bands.png'])
  })

  it('removes a column; the readout forgets its palettes', async () => {
    const { page } = app
    await page.getByRole('button', { name: 'Remove night.png' }).click()
    await expect.poll(() => columnNames(page)).toEqual(['bands.png'])
    expect(await page.getByTestId('readout-b').innerText()).toBe('bands.png — median cut')
    await app.shot('board-03-removed')
  })

  it('adds dropped image files as columns', async () => {
    const { page } = app
    const files = [
      { name: 'dropped-a.png', data: (await bandsPng(NIGHT_BANDS, 200, 100)).toString('base64') },
      { name: 'dropped-b.png', data: (await bandsPng(FIVE_BANDS, 200, 100)).toString('base64') }
    ]
    const transfer = await page.evaluateHandle(`(() => {
      const dt = new DataTransfer()
      for (const f of ${JSON.stringify(files)}) {
        dt.items.add(new File([Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0))], f.name, { type: 'image/png' }))
      }
      return dt
    })()`)
    await page.dispatchEvent('[data-testid="board"]', 'dragover', { dataTransfer: transfer })
    await page.dispatchEvent('[data-testid="board"]', 'drop', { dataTransfer: transfer })
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['bands.png', 'dropped-a.png', 'dropped-b.png'])
    const hexes = await rowHexes(page, 1, 'median-cut')
    hexes.forEach((hex, i) => expect(channelDistance(rgbOfHex(hex), NIGHT_BANDS[i].rgb)).toBeLessThanOrEqual(15))
    // The single-image view did not take the drop.
    expect(await page.getByTestId('image-canvas').count()).toBe(0)
    expect(app.pageErrors).toEqual([])
    await app.shot('board-04-dropped')
  })

  it('adding several files adds the good ones, then names every file that failed and why', async () => {
    const { page, bridge } = app
    await writeFile(join(dir, 'broken-1.png'), 'not a picture\n')
    await writeFile(join(dir, 'broken-2.png'), 'not a picture either\n')
    bridge.dialogs.queue('openImages', ['broken-1.png', 'night.png', 'broken-2.png'].map((f) => join(dir, f)))
    await page.getByTestId('add-images').click()
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['bands.png', 'dropped-a.png', 'dropped-b.png', 'night.png'])
    const error = await page.getByTestId('board-error').innerText()
    expect(error).toMatch(/^Could not add 2 of 3 files\. broken-1\.png: .+ · broken-2\.png: .+/)
    await app.shot('board-05-failed-files')
  })

  it('Ctrl+Z takes back choosing A, then the imported swatch file; Ctrl+Shift+Z and Ctrl+Y bring them back', async () => {
    const { page, bridge } = app
    const names = ['bands.png', 'dropped-a.png', 'dropped-b.png', 'night.png']
    const brand = join(dir, 'brand.gpl')
    await writeFile(brand, encodeSwatchFile('gpl', { name: 'Brand', groups: [], loose: [{ name: 'Ink', rgb: [20, 20, 20] }] }))
    bridge.dialogs.queue('openFile', brand)
    await page.getByTestId('import-swatches').click()
    await expect.poll(() => columnNames(page)).toEqual([...names, 'Brand — brand.gpl'])
    const pickedA = () => page.getByTestId('readout-a').innerText()
    const before = await pickedA()
    await row(page, 1, 'kmeans').getByTestId('pick-a').click()
    await expect.poll(pickedA).toBe('dropped-a.png — k-means')
    await page.keyboard.press('Control+z')
    await expect.poll(pickedA).toBe(before)
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(pickedA).toBe('dropped-a.png — k-means')
    await page.keyboard.press('Control+z')
    await expect.poll(pickedA).toBe(before)
    await page.keyboard.press('Control+z')
    await expect.poll(() => columnNames(page)).toEqual(names)
    await expect.poll(() => bridge.menuState()).toMatchObject({ canRedo: true })
    await page.keyboard.press('Control+y')
    await expect.poll(() => columnNames(page)).toEqual([...names, 'Brand — brand.gpl'])
    await page.keyboard.press('Control+y')
    await expect.poll(pickedA).toBe('dropped-a.png — k-means')
    await expect.poll(() => bridge.menuState()).toMatchObject({ canUndo: true, canRedo: false })
    expect(app.pageErrors).toEqual([])
  })

  it('Stop ends a long add of images after the image being read, keeps its column as one undo step, and says how many it added', async () => {
    const { page, bridge } = app
    const before = await columnNames(page)
    const hold = await holdExtraction(page, 0) // the first image is in the engine
    bridge.dialogs.queue('openImages', ['night.png', 'bands.png', 'night.png', 'bands.png'].map((f) => join(dir, f)))
    await page.getByTestId('add-images').click()
    await expect.poll(hold.holding).toBe(true)
    const progress = page.getByRole('progressbar', { name: 'Images added to the board' })
    expect([await progress.getAttribute('value'), await progress.getAttribute('max')]).toEqual(['0', '4'])
    expect(await page.getByTestId('board-adding').innerText()).toContain('Adding 1 of 4…')
    await page.getByRole('button', { name: 'Stop adding images to the board' }).click()
    await expect.poll(() => page.getByTestId('autosave-state').innerText()).toBe('Stopping…')
    await hold.release()
    await expect.poll(() => page.getByTestId('board-notice').innerText(), { timeout: 60_000 }).toBe('Stopped after adding 1 of 4 images.')
    expect(await columnNames(page)).toEqual([...before, 'night.png'])
    expect(await page.getByTestId('board-adding').count()).toBe(0)
    await page.getByTestId('board').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+z')
    await expect.poll(() => columnNames(page)).toEqual(before)
    expect(app.pageErrors).toEqual([])
  })
})
