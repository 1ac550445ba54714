// The palette editor's state stays whole as a designer works: keys on a focused chip act on its
// swatch, undo takes back a method change whole, Reset keeps locks and says so, the selection is
// never left past the last swatch, a copy gives the numbers typed, and a pick says what it took.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bandsPng, NIGHT_BANDS } from './images'
import { bandsForAll, hexesOf } from './harness'

const { app, dir } = bandsForAll()

const said = (): Promise<string> => app.page.getByTestId('notice').innerText()
const locks = (): Promise<(string | null)[]> => app.page.getByTestId('swatch').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-locked')))
const pressed = (): Promise<(string | null)[]> =>
  app.page.getByTestId('swatch-chip').evaluateAll((chips) => chips.map((c) => c.getAttribute('aria-pressed')))
const focusedChip = (): Promise<number> =>
  app.page.evaluate<number>(`[...document.querySelectorAll('[data-testid="swatch-chip"]')].indexOf(document.activeElement)`)
const clipboard = async (): Promise<string> => app.bridge.clipboard.at(-1) ?? (await app.page.evaluate<string>('navigator.clipboard.readText()'))

/** Opens `name` (four bands of colour) over the shown image, discarding edits if asked; whether it asked. */
async function openNight(name: string): Promise<boolean> {
  const { page, bridge } = app
  const path = join(dir(), name)
  await writeFile(path, await bandsPng(NIGHT_BANDS))
  bridge.dialogs.queue('openImages', [path])
  bridge.emit('onMenu', { command: 'open-image' })
  const shown = page.getByRole('img', { name: `Source image ${name}` })
  await shown.or(page.getByTestId('replace-question')).first().waitFor({ timeout: 60_000 })
  const asked = await page.getByTestId('replace-question').isVisible()
  if (asked) await page.getByTestId('replace-discard').click()
  await shown.waitFor({ timeout: 60_000 })
  await page.getByTestId('busy').waitFor({ state: 'detached', timeout: 60_000 })
  return asked
}

describe('the palette editor’s state', () => {
  it('a chip Tabbed to is the selected swatch: L, Delete and a digit key act on the swatch whose chip has focus', async () => {
    const { page } = app
    const chips = page.getByTestId('swatch-chip')
    const start = await hexesOf(page, 'swatch')
    await chips.nth(0).click()
    await chips.nth(2).focus()
    expect(await pressed()).toEqual(['false', 'false', 'true', 'false', 'false'])
    await page.keyboard.press('l')
    await expect.poll(locks).toEqual(['false', 'false', 'true', 'false', 'false'])
    expect(await said()).toBe('Swatch 3 locked')
    await page.keyboard.press('l')
    await page.keyboard.press('Delete')
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual([start[0], start[1], start[3], start[4]])
    expect(await said()).toBe(`Removed swatch 3 — ${start[2]}`)
    // A digit selects another swatch: focus goes with it, so Delete there removes that one.
    await page.keyboard.press('1')
    await expect.poll(focusedChip).toBe(0)
    expect(await pressed()).toEqual(['true', 'false', 'false', 'false'])
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z') // the removal, the unlock, the lock
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(start)
    expect(await locks()).not.toContain('true')
  })

  it('copies as OKLCH the numbers typed in the OKLCH fields', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(0).click()
    const fields = page.getByTestId('oklch-fields').locator('input')
    for (const [i, value] of ['0.7', '0.1', '200'].entries()) {
      await fields.nth(i).fill(value)
      await fields.nth(i).press('Enter')
    }
    await page.getByTestId('copy-format').selectOption('oklch')
    await page.getByTestId('copy').nth(0).click()
    await expect.poll(clipboard).toBe('oklch(0.7 0.1 200)')
    await page.getByTestId('copy-format').selectOption('hex')
  })

  it('an eyedropper pick says which swatch took which colour', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(1).click()
    await page.getByTestId('eyedropper').click()
    const box = await page.getByTestId('eyedropper-target').boundingBox()
    if (!box) throw new Error('no image on screen')
    await page.mouse.click(box.x + 5, box.y + box.height / 2)
    const picked = (await hexesOf(page, 'swatch'))[1]
    await expect.poll(said).toBe(`Swatch 2 picked ${picked}`)
  })

  it('undo takes a method change back whole: the method, its palette row, Reset’s palette, and no edit to ask about', async () => {
    const { page } = app
    const method = page.getByTestId('method')
    await page.getByTestId('reset').click()
    const first = await method.inputValue()
    const row = await page.getByTestId('our-palette').locator('h2').innerText()
    const extracted = await hexesOf(page, 'swatch')
    await page.getByTestId('lock').nth(0).click()
    await method.selectOption(first === 'kmeans' ? 'median-cut' : 'kmeans')
    await page.getByTestId('busy').waitFor({ state: 'detached', timeout: 60_000 })
    await page.evaluate('document.activeElement.blur()')
    await page.keyboard.press('Control+z')
    await expect.poll(() => method.inputValue()).toBe(first)
    expect(await page.getByTestId('our-palette').locator('h2').innerText()).toBe(row)
    expect(await hexesOf(page, 'swatch')).toEqual(extracted)
    await page.getByTestId('reset').click()
    await expect.poll(said).toBe('Reset to the extracted palette, keeping locked swatch 1')
    expect(await hexesOf(page, 'swatch')).toEqual(extracted)
    await page.keyboard.press('Control+z')
    await page.keyboard.press('Control+z') // the lock
    await expect.poll(locks).not.toContain('true')
    expect(await openNight('night.png')).toBe(false)
  })

  it('Reset after Add leaves the last swatch selected, its fields, L and Ctrl+V working, and says so', async () => {
    const { page } = app
    const extracted = await hexesOf(page, 'swatch')
    expect(extracted).toHaveLength(NIGHT_BANDS.length)
    await page.getByTestId('add-swatch').click()
    await expect.poll(pressed).toEqual([...extracted.map(() => 'false'), 'true'])
    await page.getByTestId('reset').click()
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(extracted)
    expect(await said()).toBe('Reset to the extracted palette')
    expect(await pressed()).toEqual([...extracted.slice(1).map(() => 'false'), 'true'])
    expect(await page.getByTestId('color-fields').locator('h2').textContent()).toBe(`Swatch ${extracted.length} — ${extracted.at(-1)}`)
    expect(await page.getByTestId('hex-field').isDisabled()).toBe(false)
    await page.evaluate('document.activeElement.blur()')
    await page.keyboard.press('l')
    await expect.poll(locks).toEqual([...extracted.slice(1).map(() => 'false'), 'true'])
    await page.keyboard.press('l')
    await page.evaluate(`navigator.clipboard.writeText('#123456')`)
    await page.keyboard.press('Control+v')
    await expect.poll(async () => (await hexesOf(page, 'swatch')).at(-1)).toBe('#123456')
  })

  it('threw no errors in the page', () => {
    expect(app.pageErrors).toEqual([])
  })
})
