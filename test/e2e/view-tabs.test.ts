// The view tabs as the WAI-ARIA tabs pattern has them: one Tab stop (the shown view's tab), the
// arrow keys, Home and End between the tabs, each showing its view at once, and tabs and panels
// tied to each other for screen readers; the window's title names what the shown view is about.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeTestVideo } from '../tools/make-test-video'
import { openFilm } from './film-harness'
import { bandsForAll } from './harness'

const { app, dir } = bandsForAll()

const focused = (): Promise<string | null> => app.page.evaluate(`document.activeElement.getAttribute('data-testid')`)
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
