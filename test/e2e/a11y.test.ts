// An accessibility audit of the renderer with axe-core (WCAG 2.0 and 2.1, levels A and AA), in
// Chromium against the real engine, in the states a designer meets: the empty image view, an
// image with its palettes, a swatch selected and the eyedropper on, the compare board with two
// columns and a folder batch, the film view with a sampled strip, and the questions asked before
// unkept work is replaced. A failure names each rule broken, how badly, and where.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { makeTestVideo, type TestVideo } from '../tools/make-test-video'
import { bandsPng, FIVE_BANDS, NIGHT_BANDS } from './images'
import { openFilm } from './film-harness'
import { columnNames, openApp, type App } from './harness'

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

let app: App
let dir: string
let film: TestVideo

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-a11y-'))
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS))
  await writeFile(join(dir, 'night.png'), await bandsPng(NIGHT_BANDS))
  film = await makeTestVideo(join(dir, 'film.webm'), 'webm-vp9')
  app = await openApp()
  // Evaluated rather than added as a <script>: the app's Content-Security-Policy (script-src 'self')
  // refuses inline scripts, and evaluation from the test is not a page script.
  await app.page.evaluate(await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'))
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

/**
 * What axe-core finds broken in the page as it is, one line per rule: its id, impact, help and the
 * selectors of every element that breaks it. A state with a question is audited, then closed, then
 * judged: a failure leaves the next state as it would be.
 */
function audit(page: Page): Promise<string[]> {
  // Runs in the page (this file is type-checked without the DOM library, hence a string).
  return page.evaluate<string[]>(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_AA)} } }).then((results) =>
    results.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.map((n) => n.target.join(' ')).join(', '))
  )`)
}

const focusedTestId = (page: Page): Promise<string> => page.evaluate<string>(`document.activeElement?.getAttribute('data-testid') ?? ''`)

/** An element's accessible description as Chromium gives it to screen readers. */
async function description(page: Page, testId: string): Promise<string> {
  const cdp = await page.context().newCDPSession(page)
  try {
    const { root } = await cdp.send('DOM.getDocument')
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: `[data-testid="${testId}"]` })
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false })
    return String(nodes[0]?.description?.value ?? '')
  } finally {
    await cdp.detach()
  }
}

describe('Accessibility (axe-core, WCAG 2.1 AA)', () => {
  it('the empty image view', async () => {
    await app.page.getByTestId('drop-hint').waitFor()
    expect(await audit(app.page)).toEqual([])
  })

  it('the palette tools, off before any image, are reached with Tab and say why, and do nothing', async () => {
    const { page } = app
    const tools = ['reset', 'eyedropper', 'add-to-board', 'export-ase', 'export-gpl', 'export-json', 'export-css']
    await page.getByTestId('open').focus()
    const reached: string[] = []
    for (let i = 0; i < 12 && reached.length < tools.length; i++) {
      await page.keyboard.press('Tab')
      const id = await focusedTestId(page)
      if (tools.includes(id)) reached.push(id)
    }
    expect(reached).toEqual(tools)
    for (const id of tools) expect([id, await description(page, id)]).toEqual([id, 'Open an image first.'])
    await page.getByTestId('reset').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('eyedropper').focus()
    await page.keyboard.press('Enter')
    expect(await page.getByTestId('eyedropper').getAttribute('aria-pressed')).toBe('false')
    expect(await page.getByTestId('drop-hint').count()).toBe(1)
  })

  it('an off tool shows its reason while it has keyboard focus, and is described by it once', async () => {
    const { page } = app
    const reason = page.getByTestId('reason-eyedropper')
    await page.getByTestId('open').focus()
    expect(await reason.isVisible()).toBe(false)
    await page.getByTestId('reset').focus()
    await page.keyboard.press('Tab')
    expect(await focusedTestId(page)).toBe('eyedropper')
    const box = await reason.boundingBox()
    expect(box !== null && box.width > 0 && box.height > 0).toBe(true)
    expect(await reason.innerText()).toBe('Open an image first.')
    expect(await page.getByTestId('reason-reset').isVisible()).toBe(false)
    expect(await description(page, 'eyedropper')).toBe('Open an image first.')
    expect(await audit(page)).toEqual([])
    // Escape hides it without moving focus (WCAG 1.4.13), until the button next takes focus.
    await page.keyboard.press('Escape')
    expect(await reason.isVisible()).toBe(false)
    expect(await focusedTestId(page)).toBe('eyedropper')
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Tab')
    expect(await reason.isVisible()).toBe(true)
  })

  it('an off tool at the window’s right edge shows its reason inside the window', async () => {
    const { page } = app
    const size = page.viewportSize()
    // A window just wide enough for the bar on one line: the last Export button at its right edge.
    const button = await page.getByTestId('export-css').boundingBox()
    const width = Math.ceil((button?.x ?? 0) + (button?.width ?? 0)) + 40
    await page.setViewportSize({ width, height: 600 })
    try {
      await page.getByTestId('export-json').focus()
      await page.keyboard.press('Tab')
      expect(await focusedTestId(page)).toBe('export-css')
      const box = await page.getByTestId('reason-export-css').boundingBox()
      expect(box).not.toBeNull()
      expect(box && [box.x >= 0, box.x + box.width <= width]).toEqual([true, true])
    } finally {
      if (size) await page.setViewportSize(size)
    }
  })

  it('an image with its palettes, a swatch selected and the eyedropper on', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openImages', [join(dir, 'bands.png')])
    await page.getByTestId('open').click()
    await page.getByTestId('our-palette-swatch').nth(4).waitFor()
    await page.getByTestId('busy').waitFor({ state: 'detached' })
    await page.getByTestId('swatch-chip').nth(1).click()
    await page.getByTestId('eyedropper').click()
    await page.getByTestId('eyedropper-target').waitFor()
    const found = await audit(page)
    await page.getByTestId('eyedropper').click()
    expect(found).toEqual([])
  })

  it('the question before another image replaces an edited palette', async () => {
    const { page, bridge } = app
    await page.getByTestId('hex-field').fill('#123456')
    await page.getByTestId('hex-field').press('Enter')
    bridge.dialogs.queue('openImages', [join(dir, 'night.png')])
    await page.getByTestId('open').click()
    await page.getByTestId('replace-question').waitFor()
    const found = await audit(page)
    await page.getByTestId('replace-cancel').click()
    expect(found).toEqual([])
  })

  it('the empty compare board', async () => {
    await app.page.getByTestId('view-board').click()
    await app.page.getByTestId('board-empty').waitFor()
    expect(await audit(app.page)).toEqual([])
  })

  it('the compare board with two columns and the readout', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openImages', [join(dir, 'bands.png'), join(dir, 'night.png')])
    await page.getByTestId('add-images').click()
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['bands.png', 'night.png'])
    await page.getByTestId('readout-correct').waitFor()
    expect(await audit(page)).toEqual([])
  })

  it('the batch panel of a folder done', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openFolder', dir)
    await page.getByTestId('add-folder').click()
    await expect.poll(() => page.getByTestId('batch-counts').innerText(), { timeout: 60_000 }).toMatch(/^2 of 2 images/)
    await page.getByTestId('batch-add').waitFor()
    expect(await audit(page)).toEqual([])
  })

  it('the question before a saved board replaces unsaved changes', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('saveFile', { folder: dir })
    await page.getByTestId('save-board').click()
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toContain('board.palette-studio')
    // Said once, by the board's notice: the state beside the tabs ("Saved") is read, not said.
    expect(await page.getByRole('status').filter({ hasText: /^Saved/ }).allInnerTexts()).toEqual([`Saved ${join(dir, 'board.palette-studio')}`])
    await page.getByRole('button', { name: 'Remove night.png' }).click()
    bridge.dialogs.queue('openFile', join(dir, 'board.palette-studio'))
    await page.getByTestId('open-board').click()
    await page.getByTestId('unsaved-question').waitFor()
    const found = await audit(page)
    await page.getByTestId('unsaved-cancel').click()
    expect(found).toEqual([])
  })

  it('the empty film view', async () => {
    await app.page.getByTestId('view-film').click()
    expect(await audit(app.page)).toEqual([])
  })

  it('the film view with a film and its sampled strip', async () => {
    const { page } = app
    await openFilm(app, film.path, { length: /\/ 00:06\.0\d\d$/ })
    await page.getByTestId('strip-count').fill('4')
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe('4 frames sampled.')
    expect(await audit(page)).toEqual([])
  })

  it('the question before a new strip replaces one kept nowhere', async () => {
    const { page } = app
    await page.getByTestId('sample-strip').click()
    await page.getByTestId('strip-question').waitFor()
    const found = await audit(page)
    await page.getByTestId('strip-cancel').click()
    expect(found).toEqual([])
  })

  it('threw no errors in the page', () => {
    expect(app.pageErrors).toEqual([])
  })
})
