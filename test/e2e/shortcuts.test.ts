// The image view's keyboard shortcuts, pressed as a designer presses them: digits select swatches,
// I is the eyedropper, L the lock, M the next method, Ctrl+C copies a swatch, and none of these
// keys is taken from a field being typed in.
import { describe, expect, it } from 'vitest'
import { bandsForAll, hexesOf } from './harness'

const { app } = bandsForAll()

/** The index of the selected swatch (its chip is pressed). */
const selected = (): Promise<number> =>
  app.page.getByTestId('swatch-chip').evaluateAll((chips) => chips.findIndex((chip) => chip.getAttribute('aria-pressed') === 'true'))
const locks = (): Promise<(string | null)[]> => app.page.getByTestId('swatch').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-locked')))
const eyedropperOn = async (): Promise<string | null> => app.page.getByTestId('eyedropper').getAttribute('aria-pressed')
/** Keys go to the page, not to a field: focus on a swatch's chip, as after clicking it. */
const focusChip = (): Promise<void> => app.page.getByTestId('swatch-chip').nth(0).focus()

describe('keyboard shortcuts of the image view', () => {
  it('1–9 select that swatch, 1–5 on this five-colour palette; a digit past the palette selects nothing else', async () => {
    const { page } = app
    await focusChip()
    await page.keyboard.press('3')
    await expect.poll(selected).toBe(2)
    await expect.poll(() => page.getByTestId('color-fields').getByRole('heading').textContent()).toMatch(/^Swatch 3/)
    await page.keyboard.press('9')
    expect(await selected()).toBe(2)
    expect(await page.getByTestId('color-fields').getByRole('heading').textContent()).toMatch(/^Swatch 3/)
    await page.keyboard.press('5')
    await expect.poll(selected).toBe(4)
    await page.keyboard.press('1')
    await expect.poll(selected).toBe(0)
  })

  it('a digit with Shift selects too, as AZERTY keyboards type their digits', async () => {
    const { page } = app
    await focusChip()
    await page.keyboard.press('Shift+Digit2') // '@' on this (US) keyboard
    await expect.poll(selected).toBe(1)
    await page.keyboard.press('1')
    await expect.poll(selected).toBe(0)
  })

  it('typing a digit into the hex or name field does not change the selection', async () => {
    const { page } = app
    await focusChip()
    await page.keyboard.press('2')
    await expect.poll(selected).toBe(1)
    // Letters too: none of I, L, M acts while typed into a field.
    for (const [field, text] of [
      [page.getByTestId('swatch-name').nth(3), '4ilm'],
      [page.getByTestId('hex-field'), '5'],
      [page.getByLabel('RGB R'), '3']
    ] as const) {
      const old = await field.inputValue()
      await field.click()
      await page.keyboard.press('End')
      await page.keyboard.type(text)
      await expect.poll(() => field.inputValue()).toBe(old + text)
      expect(await selected()).toBe(1)
      await field.fill(old) // as it was, so that leaving the field edits nothing
    }
    expect(await eyedropperOn()).toBe('false')
    expect(await locks()).not.toContain('true')
  })

  it('a letter typed into the method picker is its own, not the eyedropper’s', async () => {
    const { page } = app
    const method = await page.getByTestId('method').inputValue()
    expect(await eyedropperOn()).toBe('false')
    await page.getByTestId('method').focus()
    await page.keyboard.press('i') // no method starts with I: the picker keeps its method
    expect(await eyedropperOn()).toBe('false')
    expect(await page.getByTestId('method').inputValue()).toBe(method)
  })

  it('I toggles the eyedropper, and Escape leaves it', async () => {
    const { page } = app
    await focusChip()
    await page.keyboard.press('i')
    await expect.poll(eyedropperOn).toBe('true')
    await page.keyboard.press('i')
    await expect.poll(eyedropperOn).toBe('false')
    await page.keyboard.press('i')
    await expect.poll(eyedropperOn).toBe('true')
    await page.keyboard.press('Escape')
    await expect.poll(eyedropperOn).toBe('false')
  })

  it('L locks and unlocks the selected swatch, one undo step each', async () => {
    const { page } = app
    await focusChip()
    await page.keyboard.press('2')
    await page.keyboard.press('l')
    await expect.poll(locks).toEqual(['false', 'true', 'false', 'false', 'false'])
    await page.keyboard.press('Control+z')
    await expect.poll(locks).toEqual(['false', 'false', 'false', 'false', 'false'])
    await page.keyboard.press('l')
    await expect.poll(locks).toEqual(['false', 'true', 'false', 'false', 'false'])
    await page.keyboard.press('l')
    await expect.poll(locks).toEqual(['false', 'false', 'false', 'false', 'false'])
  })

  it('Ctrl+C copies the selected swatch’s hex, and a field’s selected text in the field', async () => {
    const { page, bridge } = app
    const clipboard = async (): Promise<string | undefined> => bridge.clipboard.at(-1) ?? page.evaluate<string>('navigator.clipboard.readText()')
    const hex = (await hexesOf(page, 'swatch'))[3]
    await focusChip()
    await page.keyboard.press('4')
    await page.keyboard.press('Control+c')
    await expect.poll(() => page.getByTestId('notice').innerText()).toBe(`Copied ${hex}`)
    expect(await clipboard()).toBe(hex)
    const name = page.getByTestId('swatch-name').nth(0)
    const oldName = await name.inputValue()
    await name.fill('Brick')
    await name.press('Enter')
    await name.selectText()
    await page.keyboard.press('Control+c')
    await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()')).toBe('Brick')
    expect(await page.getByTestId('notice').innerText()).toBe(`Copied ${hex}`)
    await page.keyboard.press('Control+z') // the field took the name: Ctrl+Z takes it back
    await expect.poll(() => name.inputValue()).toBe(oldName)
  })

  it('Copy puts the hex in the copy event itself, which needs no clipboard permission', async () => {
    const { page, bridge } = app
    const hex = (await hexesOf(page, 'swatch'))[2]
    const copied = bridge.clipboard.length
    await focusChip()
    await page.keyboard.press('3')
    await expect.poll(selected).toBe(2)
    // As Edit › Copy sends it: the page's copy event, whose data is what the clipboard gets.
    const data = await page.evaluate(`(() => {
      const copy = new ClipboardEvent('copy', { clipboardData: new DataTransfer(), bubbles: true, cancelable: true })
      document.activeElement.dispatchEvent(copy)
      return { text: copy.clipboardData.getData('text/plain'), taken: copy.defaultPrevented }
    })()`)
    expect(data).toEqual({ text: hex, taken: true })
    expect(bridge.clipboard).toHaveLength(copied) // not written again through main
    await expect.poll(() => page.getByTestId('notice').innerText()).toBe(`Copied ${hex}`)
  })

  it('M re-extracts with the next method in the picker, round to the first again', async () => {
    const { page } = app
    const methods = await page.getByTestId('method').locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('value')))
    expect(methods.length).toBeGreaterThan(1) // median cut and k-means are always there
    const first = await page.getByTestId('method').inputValue()
    const start = methods.indexOf(first)
    for (let step = 1; step <= methods.length; step++) {
      await focusChip()
      await page.keyboard.press('m')
      const next = methods[(start + step) % methods.length]
      await expect.poll(() => page.getByTestId('method').inputValue(), { timeout: 60_000 }).toBe(next)
      await expect.poll(() => page.getByTestId('busy').count(), { timeout: 60_000 }).toBe(0)
    }
  })

  it('keys are not the image view’s while another view shows', async () => {
    const { page } = app
    await focusChip()
    await page.keyboard.press('1')
    await page.getByTestId('view-board').click()
    await page.keyboard.press('3')
    await page.keyboard.press('l')
    await page.getByTestId('view-image').click()
    expect(await selected()).toBe(0)
    expect(await locks()).not.toContain('true')
  })

  it('toolbar tooltips name each button’s shortcut', async () => {
    const { page } = app
    const titles = await page.locator('header[aria-label="Toolbar"]').locator('[title]').evaluateAll((els) =>
      Object.fromEntries(els.map((el) => [el.getAttribute('data-testid') ?? el.className, el.getAttribute('title')]))
    )
    expect(titles).toMatchObject({
      open: expect.stringContaining('(Ctrl+O)'),
      undo: expect.stringContaining('(Ctrl+Z)'),
      redo: expect.stringContaining('(Ctrl+Shift+Z)'),
      eyedropper: expect.stringContaining('(I;'),
      'add-to-board': expect.stringContaining('(Ctrl+B)'),
      'export-ase': expect.stringContaining('(Ctrl+E)'),
      'export-gpl': expect.stringContaining('(Ctrl+Shift+E)')
    })
    expect(Object.values(titles)).toContainEqual(expect.stringContaining('(M:'))
  })

  it('View › Image, Compare Board and Film (Ctrl+1, 2, 3) switch views, and the tabs name those keys', async () => {
    const { page, bridge } = app
    const shown = (): Promise<string | null> => page.getByRole('tab', { selected: true }).getAttribute('data-testid')
    for (const [command, tab] of [['show-film', 'view-film'], ['compare', 'view-board'], ['show-image', 'view-image']] as const) {
      bridge.emit('onMenu', { command })
      await expect.poll(shown).toBe(tab)
    }
    await page.getByTestId('swatch').nth(4).waitFor() // the image view is back with its palette
    const tips = await page.getByRole('tab').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('title')))
    expect(tips).toEqual(['Image (Ctrl+1)', 'Compare board (Ctrl+2)', 'Film (Ctrl+3)'])
  })
})
