// The image view's keys and status line as speech input, a screen reader and 200 % zoom meet them,
// in Chromium against the real engine: the plain keys act only with focus on what they act on
// (WCAG 2.1.4), what they and the swatch tools do is said in a live region that holds the message
// alone (4.1.3), and the status bar stuck at the foot of a zoomed window neither hides the focused
// control (2.4.11) nor cuts a long message.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { bandsForAll } from './harness'
import { isOneLine } from './layout-probes'

const { app, dir } = bandsForAll()

/** The index of the selected swatch (its chip is pressed). */
const selected = (): Promise<number> =>
  app.page.getByTestId('swatch-chip').evaluateAll((chips) => chips.findIndex((chip) => chip.getAttribute('aria-pressed') === 'true'))
const locks = (): Promise<(string | null)[]> => app.page.getByTestId('swatch').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-locked')))
/** The image view's live region: what a screen reader says as the status line changes. */
const live = (page: Page): ReturnType<Page['locator']> => page.locator('footer [role="status"]')
const said = (page: Page): Promise<string> => live(page).innerText()

describe('the image view’s plain keys and status line', () => {
  it('1–9, I, L and M act with focus on the image, a swatch’s chip or nothing, not on a button such as Copy (WCAG 2.1.4)', async () => {
    const { page } = app
    const method = await page.getByTestId('method').inputValue()
    // A speech-input user's words, typed as keys while Copy or Reset has focus, do nothing.
    for (const button of [page.getByTestId('copy').nth(0), page.getByTestId('reset')]) {
      await button.focus()
      for (const key of ['3', 'l', 'i', 'm']) await page.keyboard.press(key)
    }
    // The chip's 3 acts, so the keys before it have had their turn.
    await page.getByTestId('swatch-chip').nth(0).focus()
    await page.keyboard.press('3')
    await expect.poll(selected).toBe(2)
    expect(await locks()).not.toContain('true')
    expect(await page.getByTestId('eyedropper').getAttribute('aria-pressed')).toBe('false')
    expect(await page.getByTestId('method').inputValue()).toBe(method)
    expect(await page.getByTestId('undo').isDisabled()).toBe(true)
    // Focus on nothing (a click on the picture) and on a marker of the image: the keys act.
    await page.evaluate('document.activeElement.blur()')
    await page.keyboard.press('2')
    await expect.poll(selected).toBe(1)
    await page.getByTestId('marker').nth(4).focus()
    await page.keyboard.press('l')
    await expect.poll(locks).toEqual(['false', 'true', 'false', 'false', 'false'])
    await page.keyboard.press('Control+z')
    await expect.poll(locks).not.toContain('true')
  })

  it('says what each key and swatch tool did in a live region that holds the message alone (WCAG 4.1.3)', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(0).focus()
    for (const [key, message] of [
      ['3', 'Swatch 3 selected'],
      ['l', 'Swatch 3 locked'],
      ['l', 'Swatch 3 unlocked'],
      ['i', 'Eyedropper on'],
      ['Escape', 'Eyedropper off']
    ]) {
      await page.keyboard.press(key)
      await expect.poll(() => said(page), { message: key }).toBe(message)
    }
    await page.getByTestId('nudge-up').nth(2).press('Enter')
    await expect.poll(() => said(page)).toMatch(/^Swatch 3 lightened to #[0-9a-f]{6}$/)
    await page.getByTestId('nudge-down').nth(2).press('Enter')
    await expect.poll(() => said(page)).toMatch(/^Swatch 3 darkened to #[0-9a-f]{6}$/)
    await page.getByTestId('swatch-chip').nth(2).press('Alt+ArrowLeft')
    await expect.poll(() => said(page)).toBe('Swatch 3 moved to 2')
    await page.getByRole('button', { name: 'Move swatch 2 right' }).press('Enter')
    await expect.poll(() => said(page)).toBe('Swatch 2 moved to 3')
    // One live region, and the method and timings beside it are in none: not read with every message.
    expect(await live(page).count()).toBe(1)
    const inLiveRegion = (testId: string): Promise<boolean> =>
      page.getByTestId(testId).evaluate((el) => el.closest('[role="status"], [role="alert"], [aria-live]') !== null)
    expect([await inLiveRegion('method-info'), await inLiveRegion('timings')]).toEqual([false, false])
  })

  it('at 200 % zoom no control that Tab reaches is under the status bar stuck at the view’s foot (WCAG 2.4.11)', async () => {
    const { page } = app
    await page.setViewportSize({ width: 640, height: 430 }) // a 1280×860 window at 200 %
    await page.getByTestId('open').focus()
    const hidden: string[] = []
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab')
      const seen = await page.evaluate<{ name: string; under: boolean } | null>(`(() => {
        const el = document.activeElement
        const footer = document.querySelector('footer')
        if (!el || !footer || !footer.parentElement.contains(el) || footer.contains(el)) return null
        const box = el.getBoundingClientRect()
        return { name: el.getAttribute('aria-label') ?? el.textContent.trim(), under: box.bottom > footer.getBoundingClientRect().top + 0.5 }
      })()`)
      if (!seen) break // past the image view
      if (seen.under) hidden.push(seen.name)
    }
    expect(hidden).toEqual([])
  })

  it('at 200 % zoom a long message wraps and shows whole; a short one keeps the status bar one line', async () => {
    const { page, bridge } = app
    const folder = join(dir(), 'Client work', 'Spring campaign 2025', 'Palettes')
    await mkdir(folder, { recursive: true })
    bridge.dialogs.queue('saveFile', { folder })
    await page.getByTestId('export-ase').click()
    await expect.poll(() => said(page)).toBe(`Exported ${join(folder, 'bands.ase')}`)
    // The message's last character is on screen, not cut off by the bar or the window.
    const endShows = await page.getByTestId('notice').evaluate((el) => {
      const text = el.firstChild!
      const range = el.ownerDocument.createRange()
      range.setStart(text, text.textContent!.length - 1)
      range.setEnd(text, text.textContent!.length)
      const box = range.getBoundingClientRect()
      const hit = el.ownerDocument.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
      return hit !== null && el.contains(hit)
    })
    expect(endShows).toBe(true)
    await page.getByTestId('swatch-chip').nth(0).focus()
    await page.keyboard.press('1')
    await expect.poll(() => said(page)).toBe('Swatch 1 selected')
    expect(await isOneLine(live(page))).toBe(true)
    expect(app.pageErrors).toEqual([])
  })
})
