// The board survives: autosaved after every change and restored after a crash (a reload with no
// explicit save: nothing lost), saved to a project file, and reopened from it; unsaved changes are
// not replaced without asking, and a failed autosave says so. An edited palette in the Image view,
// which nothing autosaves, is asked about before the window closes, and kept on the board; a board
// change not autosaved yet is written before the window closes, asking nothing.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page, Route } from 'playwright-core'
import { bandsPng, FIVE_BANDS } from './images'
import { hexesOf, openApp, type App } from './harness'

let app: App
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-restore-'))
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS))
  app = await openApp()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

const editedHexes = (page: Page): Promise<string[]> =>
  page.locator('[data-testid="palette-row"][data-kind="edited"] [data-testid="chip"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-hex') ?? ''))
const state = (page: Page): Promise<string> => page.getByTestId('autosave-state').innerText()

describe('Board save and restore', () => {
  it('Save Board (Ctrl+S) on an empty board never saved says to add images first, and asks for no file', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-board').click()
    await page.getByTestId('board-empty').waitFor()
    bridge.emit('onMenu', { command: 'save-project' })
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toBe('The board is empty: add images first.')
    expect(bridge.dialogs.calls.filter((c) => c.kind === 'saveFile')).toEqual([])
  })

  it('after a crash (reload without saving) the board comes back with its edits, and says so', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-board').click()
    bridge.dialogs.queue('openImages', [join(dir, 'bands.png')])
    await page.getByTestId('add-images').click()
    await page.getByTestId('board-column').waitFor({ timeout: 60_000 })
    await page.getByTestId('edited-hex').fill('#123456')
    await page.getByTestId('edited-hex').press('Enter')
    await expect.poll(() => editedHexes(page)).toContain('#123456')
    await expect.poll(() => state(page)).toBe('Unsaved changes (autosaved)')
    const before = await editedHexes(page)

    await page.reload()
    await page.getByTestId('board-column').waitFor()
    expect(await editedHexes(page)).toEqual(before)
    expect(await page.getByTestId('board-notice').innerText()).toMatch(/^Restored your board with its unsaved changes/)
    expect(await state(page)).toBe('Unsaved changes (autosaved)')
    await app.shot('restore-01-after-reload')
  })

  it('saves to a project file; a reload then reopens the saved board', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('saveFile', { folder: dir })
    await page.getByTestId('save-board').click()
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toContain('board.palette-studio')
    await expect.poll(() => state(page)).toBe('Saved')
    const file = JSON.parse(await readFile(join(dir, 'board.palette-studio'), 'utf8'))
    expect(file.board.format).toBe('palette-studio-board')
    expect(file.board.columns.map((c: { name: string }) => c.name)).toEqual(['bands.png'])
    expect(file.board.columns[0].edited.map((s: { rgb: number[] }) => s.rgb)).toContainEqual([0x12, 0x34, 0x56])

    await page.reload()
    await page.getByTestId('board-column').waitFor()
    expect(await page.getByTestId('board-notice').innerText()).toContain('Reopened your board')
    expect(await state(page)).toBe('Saved')
  })

  it('asks before opening a saved board over unsaved changes: Cancel keeps them, Discard opens it', async () => {
    const { page, bridge } = app
    await page.getByTestId('column-remove').click()
    await page.getByTestId('board-empty').waitFor()
    await expect.poll(() => state(page)).toBe('Unsaved changes (autosaved)')
    bridge.dialogs.queue('openFile', join(dir, 'board.palette-studio'))
    await page.getByTestId('open-board').click()
    await page.getByTestId('unsaved-cancel').click()
    await expect.poll(() => page.getByTestId('unsaved-question').count()).toBe(0)
    expect(await page.getByTestId('board-empty').count()).toBe(1)
    await expect.poll(() => state(page)).toBe('Unsaved changes (autosaved)')

    bridge.dialogs.queue('openFile', join(dir, 'board.palette-studio'))
    await page.getByTestId('open-board').click()
    await app.shot('restore-02-unsaved-question')
    await page.getByTestId('unsaved-discard').click()
    await page.getByTestId('board-column').waitFor()
    expect(await editedHexes(page)).toContain('#123456')
    expect(await state(page)).toBe('Saved')
    expect(app.pageErrors).toEqual([])
  })

  it('a failed autosave shows why, and the board no longer claims to be autosaved', async () => {
    const { page } = app
    const failure = { ok: false, error: { code: 'IO_ERROR', message: 'ENOSPC: no space left on device' } }
    await page.route('**/__bridge/invoke/**', (route) =>
      route.request().url().includes('autosaveBoard') ? route.fulfill({ contentType: 'application/json', body: JSON.stringify(failure) }) : route.continue()
    )
    await page.getByTestId('edited-hex').fill('#654321')
    await page.getByTestId('edited-hex').press('Enter')
    await expect.poll(() => page.getByTestId('board-error').innerText()).toContain('Your changes are not being autosaved: ENOSPC')
    expect(await state(page)).toBe('Unsaved changes (not autosaved)')
    await page.unrouteAll()
  })
})

describe('the column worked in', () => {
  it('comes back after a crash: Copy Palette then copies the column last worked in, not the last one added', async () => {
    const data = await mkdtemp(join(tmpdir(), 'palette-active-'))
    const own = await openApp(undefined, {}, { dataDir: data })
    try {
      const { page, bridge } = own
      await writeFile(join(data, 'other.png'), await bandsPng([...FIVE_BANDS].reverse()))
      await page.getByTestId('view-board').click()
      bridge.dialogs.queue('openImages', [join(dir, 'bands.png'), join(data, 'other.png')])
      await page.getByTestId('add-images').click()
      await page.getByTestId('board-column').nth(1).waitFor({ timeout: 60_000 })
      await page.getByTestId('board-column').nth(0).getByTestId('column-handle').focus() // works in the first: nothing to save
      const saved = async (): Promise<boolean> => {
        const { board } = JSON.parse(await readFile(join(data, 'autosave.palette-studio'), 'utf8').catch(() => '{}'))
        return board !== undefined && board.activeColumn === board.columns[0].id
      }
      await expect.poll(saved, { timeout: 10_000 }).toBe(true)
      await page.reload()
      await page.getByTestId('board-column').nth(1).waitFor()
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
      bridge.emit('onMenu', { command: 'copy-palette' })
      await expect.poll(() => page.getByTestId('board-notice').innerText()).toBe('Copied the palette of bands.png as HEX')
    } finally {
      await own.close()
      await rm(data, { recursive: true, force: true })
    }
  })
})

describe('an edited palette in the Image view', () => {
  it('is asked about when the window closes; Add to board keeps it on the board, which the next launch brings back', async () => {
    const data = await mkdtemp(join(tmpdir(), 'palette-close-'))
    const own = await openApp(undefined, {}, { dataDir: data })
    try {
      const { page, bridge } = own
      bridge.dialogs.queue('openImages', [join(dir, 'bands.png')])
      bridge.emit('onMenu', { command: 'open-image' })
      await page.getByTestId('swatch').nth(4).waitFor({ timeout: 60_000 })
      expect(bridge.window().asksBeforeClose).toBe(false) // as extracted: nothing to lose
      await page.getByTestId('swatch-chip').nth(2).click()
      await page.getByTestId('hex-field').fill('#abcdef')
      await page.getByTestId('hex-field').press('Enter')
      await expect.poll(() => bridge.window().asksBeforeClose).toBe(true)

      // Closed from the board: the question shows in the Image view, and Cancel keeps the window.
      await page.getByTestId('view-board').click()
      bridge.emit('onCloseRequest', {})
      await page.getByTestId('close-question').waitFor()
      expect(await page.getByTestId('view-image').getAttribute('aria-selected')).toBe('true')
      expect(await page.getByTestId('close-question').innerText()).toContain('The palette of bands.png has edits')
      await own.shot('restore-03-close-question')
      await page.getByTestId('close-cancel').click()
      await expect.poll(() => page.getByTestId('close-question').count()).toBe(0)
      expect(bridge.window().closed).toBe(0)
      expect(await hexesOf(page, 'swatch')).toContain('#abcdef')

      bridge.emit('onCloseRequest', {})
      await page.getByTestId('close-add').click()
      await expect.poll(() => bridge.window().closed).toBe(1)
      // The autosave holds the palette added as the window closed.
      const { board } = JSON.parse(await readFile(join(data, 'autosave.palette-studio'), 'utf8'))
      expect(board.columns.map((c: { name: string }) => c.name)).toEqual(['bands.png'])
      expect(board.columns[0].edited.map((s: { rgb: number[] }) => s.rgb)).toContainEqual([0xab, 0xcd, 0xef])
      await expect.poll(() => bridge.window().asksBeforeClose).toBe(false) // kept now

      await page.reload() // the next launch
      await page.getByTestId('board-column').waitFor()
      expect(await editedHexes(page)).toContain('#abcdef')
      expect(own.pageErrors).toEqual([])
    } finally {
      await own.close()
      await rm(data, { recursive: true, force: true })
    }
  })

  it('Add to board while the board cannot be autosaved (a full disk): the window stays open on the board, saying why; closing again closes', async () => {
    const own = await openApp()
    try {
      const { page, bridge } = own
      bridge.dialogs.queue('openImages', [join(dir, 'bands.png')])
      bridge.emit('onMenu', { command: 'open-image' })
      await page.getByTestId('swatch').nth(4).waitFor({ timeout: 60_000 })
      await page.getByTestId('swatch-chip').nth(2).click()
      await page.getByTestId('hex-field').fill('#abcdef')
      await page.getByTestId('hex-field').press('Enter')
      await expect.poll(() => bridge.window().asksBeforeClose).toBe(true)
      const failure = { ok: false, error: { code: 'IO_ERROR', message: 'ENOSPC: no space left on device' } }
      await page.route('**/__bridge/invoke/**', (route) =>
        route.request().url().includes('autosaveBoard') ? route.fulfill({ contentType: 'application/json', body: JSON.stringify(failure) }) : route.continue()
      )

      bridge.emit('onCloseRequest', {})
      await page.getByTestId('close-add').click()
      await expect.poll(() => page.getByTestId('view-board').getAttribute('aria-selected')).toBe('true')
      expect(await page.getByTestId('board-error').innerText()).toContain(
        'Palette Studio stayed open: the board could not be kept for next time. Your changes are not being autosaved: ENOSPC: no space left on device ' +
          'Save the board to a file of your own meanwhile. To close without your changes, close it again.'
      )
      expect(bridge.window().closed).toBe(0)
      expect(await editedHexes(page)).toContain('#abcdef') // on the board, to be saved to a file

      bridge.emit('onCloseRequest', {})
      await expect.poll(() => bridge.window().closed).toBe(1)
    } finally {
      await own.close()
    }
  })
})

describe('a board change not autosaved yet as the window closes', () => {
  it('is written before the window closes, with no question, and the next launch brings it back', async () => {
    const data = await mkdtemp(join(tmpdir(), 'palette-close-'))
    const own = await openApp(undefined, {}, { dataDir: data })
    try {
      const { page, bridge } = own
      await page.getByTestId('view-board').click()
      bridge.dialogs.queue('openImages', [join(dir, 'bands.png')])
      await page.getByTestId('add-images').click()
      await page.getByTestId('board-column').waitFor({ timeout: 60_000 })
      await expect.poll(() => state(page)).toBe('Unsaved changes (autosaved)')
      await expect.poll(() => bridge.window().asksBeforeClose).toBe(false) // all written: nothing to wait for

      // A slow disk (a large board): the autosave's writes wait until let go.
      const held: Route[] = []
      let holding = true
      await page.route('**/__bridge/invoke/**', (route) =>
        holding && route.request().url().includes('autosaveBoard') ? void held.push(route) : route.continue()
      )
      await page.getByTestId('edited-hex').fill('#123456')
      await page.getByTestId('edited-hex').press('Enter')
      await expect.poll(() => held.length).toBe(1) // its write is running
      await page.getByTestId('edited-hex').fill('#654321')
      await page.getByTestId('edited-hex').press('Enter') // the last change waits for that write
      await expect.poll(() => bridge.window().asksBeforeClose).toBe(true)

      bridge.emit('onCloseRequest', {})
      holding = false
      for (const route of held) await route.continue()
      await expect.poll(() => bridge.window().closed).toBe(1)
      expect(await page.getByTestId('close-question').count()).toBe(0)
      const { board } = JSON.parse(await readFile(join(data, 'autosave.palette-studio'), 'utf8'))
      expect(board.columns[0].edited.map((s: { rgb: number[] }) => s.rgb)).toContainEqual([0x65, 0x43, 0x21])

      await page.reload() // the next launch
      await page.getByTestId('board-column').waitFor()
      expect(await editedHexes(page)).toContain('#654321')
      expect(own.pageErrors).toEqual([])
    } finally {
      await own.close()
      await rm(data, { recursive: true, force: true })
    }
  })
})
