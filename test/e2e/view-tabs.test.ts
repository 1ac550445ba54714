// The view tabs as the WAI-ARIA tabs pattern has them: one Tab stop (the shown view's tab), the
// arrow keys, Home and End between the tabs, each showing its view at once, and tabs and panels
// tied to each other for screen readers; the window's title names what the shown view is about.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MenuCommand } from '../../src/shared/ipc-contract'
import { makeTestVideo } from '../tools/make-test-video'
import { openFilm } from './film-harness'
import { bandsForAll, dropFile } from './harness'
import { bandsPng, FIVE_BANDS, NIGHT_BANDS } from './images'

const { app, dir } = bandsForAll()

const focused = (): Promise<string | null> => app.page.evaluate(`document.activeElement.getAttribute('data-testid')`)
/** Focus on a control of `view`, as a keyboard user working there has it. */
async function workIn(view: 'image' | 'board' | 'film'): Promise<void> {
  await app.page.getByTestId(`view-${view}`).click()
  await app.page.locator(`#panel-${view} button:visible:not(:disabled)`).first().focus()
  expect(await app.page.evaluate(`document.getElementById('panel-${view}').contains(document.activeElement)`)).toBe(true)
}
const tabStops = (): Promise<string[]> =>
  app.page.evaluate(`[...document.querySelectorAll('[role="tab"]')].filter((t) => t.tabIndex >= 0).map((t) => t.dataset.testid)`)

describe('view tabs', () => {
  it('only the shown view’s tab is a Tab stop; ←, →, Home and End move between tabs and show their views', async () => {
    const { page } = app
    expect(await tabStops()).toEqual(['view-image'])
    await page.getByTestId('view-image').focus()
    await page.keyboard.press('ArrowRight')
    expect(await focused()).toBe('view-board')
    await expect.poll(() => page.getByRole('tabpanel', { name: 'Compare board view' }).isVisible()).toBe(true)
    expect(await tabStops()).toEqual(['view-board'])
    await page.keyboard.press('End')
    expect([await focused(), await page.getByTestId('view-film').getAttribute('aria-selected')]).toEqual(['view-film', 'true'])
    await page.keyboard.press('ArrowRight') // round to the first
    expect(await focused()).toBe('view-image')
    await page.keyboard.press('ArrowLeft') // round to the last
    expect(await focused()).toBe('view-film')
    await page.keyboard.press('Home')
    expect(await focused()).toBe('view-image')
    await expect.poll(() => page.getByRole('tabpanel', { name: 'Image view' }).isVisible()).toBe(true)
    // Tab leaves the tab list at once: the other tabs are not stops on the way.
    await page.keyboard.press('Tab')
    expect(await focused()).not.toMatch(/^view-/)
  })

  it('the View menu’s shortcuts leave focus on the shown view’s tab, as the tabs’ keys do, not lost to the page when its view hides', async () => {
    const { page } = app
    await page.getByTestId('view-image').click()
    await page.locator('#panel-image button').first().focus() // working in the Image view
    for (const [command, tab] of [
      ['compare', 'view-board'],
      ['show-film', 'view-film'],
      ['show-image', 'view-image']
    ] as const) {
      app.bridge.emit('onMenu', { command })
      await expect.poll(focused).toBe(tab)
      expect(await page.getByTestId(tab).getAttribute('aria-selected')).toBe('true')
    }
    // Tab goes on into the view shown.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(`document.getElementById('panel-image').contains(document.activeElement)`)).toBe(true)
  })

  it('each tab names the panel it controls, and each panel is named by its tab', async () => {
    const { page } = app
    for (const id of ['image', 'board', 'film']) {
      const panel = await page.getByTestId(`view-${id}`).getAttribute('aria-controls')
      expect(await page.locator(`#${panel}`).getAttribute('role')).toBe('tabpanel')
      expect(await page.locator(`#${panel}`).getAttribute('aria-labelledby')).toBe(await page.getByTestId(`view-${id}`).getAttribute('id'))
    }
  })

  it('names the open image over it and in the window’s title; the board and the film view title the window by what they show', async () => {
    const { page } = app
    await page.getByTestId('view-image').click()
    expect([await page.getByTestId('image-name').innerText(), await page.title()]).toEqual(['bands.png', 'bands.png — Palette Studio'])
    await page.getByTestId('view-board').click()
    await expect.poll(() => page.title()).toBe('Compare board — Palette Studio')
    await page.getByTestId('view-film').click()
    await expect.poll(() => page.title()).toBe('Palette Studio') // no film open
    await openFilm(app, (await makeTestVideo(join(dir(), 'dusk.webm'), 'webm-vp9')).path)
    await expect.poll(() => page.title()).toBe('dusk.webm — Palette Studio')
    await page.getByTestId('view-image').click()
    await expect.poll(() => page.title()).toBe('bands.png — Palette Studio')
    expect(app.pageErrors).toEqual([])
  })
})

// Commands that show another view than the one worked in, from menus, the OS or the view itself,
// leave focus as the View menu's shortcuts do: on the shown view's tab, not lost to the page as
// the view that had it hides, unless what the command shows takes it (a question).
describe('commands that show another view', () => {
  it('opening a board, swatches, a film, a folder or an image (File menu, Open Recent) from another view leaves focus on the shown view’s tab', async () => {
    const { page, bridge } = app
    const recent = (kind: 'project' | 'video' | 'folder' | 'image', name: string): MenuCommand => ({
      command: 'open-recent',
      item: { path: join(dir(), name), name, kind, openedAt: Date.now() }
    })
    // Each file dialog cancelled, each recent file gone: the view shows all the same, to say why.
    for (const [from, menu, to] of [
      ['image', { command: 'open-project' }, 'board'],
      ['board', { command: 'open-video' }, 'film'],
      ['film', { command: 'import-swatches' }, 'board'],
      ['board', { command: 'open-image' }, 'image'],
      ['image', { command: 'open-folder' }, 'board'],
      ['board', recent('video', 'gone.webm'), 'film'],
      ['film', recent('project', 'gone.palette-studio'), 'board'],
      ['board', recent('image', 'gone.png'), 'image'],
      ['image', recent('folder', 'gone'), 'board']
    ] as const) {
      await workIn(from)
      bridge.emit('onMenu', menu)
      await expect.poll(focused, { message: `${menu.command} from the ${from} view` }).toBe(`view-${to}`)
      expect(await page.getByTestId(`view-${to}`).getAttribute('aria-selected')).toBe('true')
    }
    // The view shown already: focus stays where the user works.
    await workIn('film')
    const working = await focused()
    const asked = bridge.dialogs.calls.length
    bridge.emit('onMenu', { command: 'open-video' })
    await expect.poll(() => bridge.dialogs.calls.length).toBe(asked + 1)
    expect(await focused()).toBe(working)
  })

  it('files opened with the running app leave focus on the tab of the view they open in', async () => {
    const bands = join(dir(), 'bands.png')
    await workIn('board')
    await app.bridge.launch([bands])
    await expect.poll(focused).toBe('view-image')
    await workIn('image')
    await app.bridge.launch([bands, bands]) // side by side on the board
    await expect.poll(focused).toBe('view-board')
  })

  it('an image dropped or pasted on the film view opens in the Image view with focus on its tab', async () => {
    const { page } = app
    await workIn('film')
    await dropFile(page, '[data-testid="film"]', { name: 'still.png', type: 'image/png', bytes: await bandsPng(FIVE_BANDS) })
    await expect.poll(focused).toBe('view-image')
    await page.getByTestId('busy').waitFor({ state: 'detached', timeout: 60_000 })
    await workIn('film')
    const night = (await bandsPng(NIGHT_BANDS, 300, 200)).toString('base64')
    await page.evaluate(`(() => {
      const dt = new DataTransfer()
      dt.items.add(new File([Uint8Array.from(atob('${night}'), (c) => c.charCodeAt(0))], 'image.png', { type: 'image/png' }))
      document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }))
    })()`)
    await expect.poll(focused).toBe('view-image')
    await page.getByTestId('busy').waitFor({ state: 'detached', timeout: 60_000 })
  })

  it('closing from the board with an edited palette asks in the Image view; cancelled, focus is on its tab, not lost', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-image').click()
    await page.getByTestId('swatch-chip').nth(2).click()
    await page.getByTestId('hex-field').fill('#abcdef')
    await page.getByTestId('hex-field').press('Enter')
    await expect.poll(() => bridge.window().asksBeforeClose).toBe(true)
    await workIn('board')
    bridge.emit('onCloseRequest', {})
    await expect.poll(focused).toBe('close-add') // the question takes it
    await page.keyboard.press('Escape')
    await expect.poll(focused).toBe('view-image')
    expect(bridge.window().closed).toBe(0)
    expect(app.pageErrors).toEqual([])
  })
})
