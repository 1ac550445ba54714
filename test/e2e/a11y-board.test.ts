// The compare board and its questions as a screen reader user and a keyboard user meet them, in
// Chromium against the real engine: what the board says as it changes (a save and a failed
// autosave, not every edit), what a column's header claims to be, a question that keeps focus
// and says its message, and the columns at 200 % in the smallest window.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { bandsPng, FIVE_BANDS, NIGHT_BANDS } from './images'
import { columnNames, openApp, type App } from './harness'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-a11y-board-'))
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS))
  await writeFile(join(dir, 'night.png'), await bandsPng(NIGHT_BANDS))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** An element's role, name and description as Chromium gives them to screen readers. */
async function axOf(page: Page, selector: string): Promise<{ role: string; name: string; description: string }> {
  const cdp = await page.context().newCDPSession(page)
  try {
    const { root } = await cdp.send('DOM.getDocument')
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector })
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false })
    const text = (value: unknown): string => String((value as { value?: unknown } | undefined)?.value ?? '')
    return { role: text(nodes[0]?.role), name: text(nodes[0]?.name), description: text(nodes[0]?.description) }
  } finally {
    await cdp.detach()
  }
}

const focusedTestId = (page: Page): Promise<string> => page.evaluate<string>(`document.activeElement?.getAttribute('data-testid') ?? ''`)

/**
 * Starts noting what the page's shown live regions (statuses, alerts) say: each new text of each,
 * as a screen reader hears it. `said` gives what they said since.
 */
async function listen(page: Page): Promise<{ said: () => Promise<string[]> }> {
  // Runs in the page (this file is type-checked without the DOM library, hence a string).
  await page.evaluate(`(() => {
    const live = '[role=status], [role=alert], [role=log], [aria-live]:not([aria-live=off])'
    const textOf = (el) => el.textContent.replace(/\\s+/g, ' ').trim()
    const last = new Map([...document.querySelectorAll(live)].map((el) => [el, textOf(el)]))
    window.__said = []
    new MutationObserver(() => {
      for (const el of document.querySelectorAll(live)) {
        const text = textOf(el)
        if (el.checkVisibility() && text !== '' && text !== last.get(el)) window.__said.push(text)
        last.set(el, text)
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true })
  })()`)
  return { said: () => page.evaluate<string[]>(`window.__said`) }
}

describe('The compare board for a screen reader and the keyboard', () => {
  let app: App
  const state = (): Promise<string> => app.page.getByTestId('autosave-state').innerText()
  /** Runs `change` and waits until the board's autosave after it is written (or refused). */
  async function autosaved(change: () => Promise<void>): Promise<void> {
    const written = app.page.waitForResponse((response) => response.url().includes('autosaveBoard'))
    await change()
    await written
  }
  async function setHex(hex: string): Promise<void> {
    const field = app.page.getByTestId('edited-hex').first()
    await field.fill(hex)
    await field.press('Enter')
  }

  beforeAll(async () => {
    app = await openApp()
    const { page, bridge } = app
    await page.getByTestId('view-board').click()
    bridge.dialogs.queue('openImages', [join(dir, 'bands.png'), join(dir, 'night.png')])
    await page.getByTestId('add-images').click()
    await page.getByTestId('readout-correct').waitFor({ timeout: 60_000 })
    await page.getByTestId('autosave-state').filter({ hasText: /^Unsaved changes \(autosaved\)$/ }).waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('says nothing of its autosaves as it is edited; a save is said once, a failed autosave once, and the autosaves coming back', async () => {
    const { page, bridge } = app
    const { said } = await listen(page)
    /** What was said of saving, from the `from`th thing said on. */
    const ofSaving = async (from = 0): Promise<string[]> => (await said()).slice(from).filter((text) => /sav/i.test(text))
    await autosaved(() => setHex('#2255bb'))
    await autosaved(() => setHex('#2255cc'))
    await autosaved(() => page.getByTestId('board-column').first().getByTestId('pick-a').nth(2).press('Enter'))
    await expect.poll(state).toBe('Unsaved changes (autosaved)')
    expect(await ofSaving()).toEqual([])

    bridge.dialogs.queue('saveFile', { folder: dir })
    await page.getByTestId('save-board').click()
    await expect.poll(state).toBe('Saved')
    expect(await ofSaving()).toEqual([`Saved ${join(dir, 'board.palette-studio')}`])

    const saidBefore = (await said()).length
    const failure = { ok: false, error: { code: 'IO_ERROR', message: 'ENOSPC: no space left on device' } }
    await page.route('**/__bridge/invoke/**', (route) =>
      route.request().url().includes('autosaveBoard') ? route.fulfill({ contentType: 'application/json', body: JSON.stringify(failure) }) : route.continue()
    )
    await autosaved(() => setHex('#2255dd'))
    await autosaved(() => setHex('#2255ee'))
    expect(await state()).toBe('Unsaved changes (not autosaved)')
    await page.unrouteAll({ behavior: 'wait' })
    await autosaved(() => setHex('#2255ff'))
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toBe('Your changes are autosaved again.')
    expect(await ofSaving(saidBefore)).toEqual([expect.stringMatching(/^Your changes are not being autosaved: ENOSPC/), 'Your changes are autosaved again.'])
  })

  it('a column’s header is no button Enter would press: it is named by its column and described by its keys, which still work', async () => {
    const { page } = app
    const handle = page.getByTestId('column-handle').first()
    expect(await axOf(page, '[data-testid="column-handle"]')).toEqual({
      role: 'group',
      name: 'bands.png',
      description: 'Alt+Left or Alt+Right moves this column, Delete removes it'
    })
    expect(await handle.getAttribute('aria-keyshortcuts')).toBe('Alt+ArrowLeft Alt+ArrowRight Delete Backspace')
    await handle.focus()
    await handle.press('Alt+ArrowRight')
    expect(await columnNames(page)).toEqual(['night.png', 'bands.png'])
    expect(await axOf(page, '[data-testid="column-handle"]')).toMatchObject({ role: 'group', name: 'night.png' })
  })

  it('a question says its message, keeps Tab among its answers, cancels on Escape from any of them, and gives focus back', async () => {
    const { page } = app
    await page.getByTestId('open-board').focus()
    await page.keyboard.press('Enter') // the board has changes not saved: the question comes first
    await page.getByTestId('unsaved-question').waitFor()
    expect(await axOf(page, '[data-testid="unsaved-question"]')).toEqual({
      role: 'alertdialog',
      name: 'Unsaved changes',
      description: 'This board has changes you have not saved. Save them before opening another board?'
    })
    expect(await focusedTestId(page)).toBe('unsaved-save')
    const walk: string[] = []
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key)
      walk.push(await focusedTestId(page))
    }
    expect(walk).toEqual(['unsaved-discard', 'unsaved-cancel', 'unsaved-save', 'unsaved-cancel', 'unsaved-discard'])
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('unsaved-question').count()).toBe(0)
    expect(await focusedTestId(page)).toBe('open-board')
    expect(await columnNames(page)).toEqual(['night.png', 'bands.png'])
    expect(app.pageErrors).toEqual([])
  })
})

describe('the board at 200 % in the smallest window (450×300 CSS pixels), with a batch panel and the readout', () => {
  let app: App
  beforeAll(async () => {
    const folder = join(dir, 'shoot')
    await mkdir(folder)
    for (let i = 0; i < 4; i++) await writeFile(join(folder, `photo-${i}.png`), await bandsPng(i % 2 ? FIVE_BANDS : NIGHT_BANDS, 120, 80))
    await writeFile(join(folder, 'broken-1.jpg'), 'not a jpeg')
    await writeFile(join(folder, 'broken-2.png'), 'not a png')
    app = await openApp({ width: 450, height: 300 }, { deviceScaleFactor: 2 })
    app.bridge.dialogs.queue('openFolder', folder)
    app.bridge.emit('onMenu', { command: 'open-folder' })
    await app.page.getByTestId('batch-add').click({ timeout: 60_000 })
    await app.page.getByTestId('board-column').nth(3).waitFor()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('scrolls the whole board rather than squeezing the columns: they keep the board’s height, and a chip focused shows', async () => {
    const { page } = app
    const heightOf = (testid: string): Promise<number> => page.getByTestId(testid).evaluate((el) => el.getBoundingClientRect().height)
    const board = await heightOf('board')
    expect(board).toBeGreaterThan(200)
    expect(await heightOf('board-columns')).toBeGreaterThanOrEqual(board)
    const chip = page.getByTestId('board-column').first().locator('[data-testid="palette-row"][data-kind="edited"] [data-testid="chip"]').last()
    await chip.focus()
    expect(await focusedTestId(page)).toBe('chip')
    const box = await chip.boundingBox()
    expect(box && box.y >= 0 && box.y + box.height <= 300).toBe(true)
    await app.shot('a11y-board-200')
    expect(app.pageErrors).toEqual([])
  })
})
