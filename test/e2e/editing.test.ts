// The editing tools one by one: reorder (drag and keys), eyedropper, copy, reset, the neural
// method's provider, and accessible names on every control.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { wcagContrast } from 'culori'
import { describe, expect, it } from 'vitest'
import type { Rgb } from '../../src/shared/palette'
import { allColours, loadSwatchFile } from '../../src/main/formats'
import { channelDistance, FIVE_BANDS, hexOf, rgbOfHex } from './images'
import { bandsForAll, hexesOf } from './harness'

const { app, dir } = bandsForAll()

/**
 * Shaded dark, mid and light greys with a yellow light over 2% of the picture: median cut gives three
 * greys (its yellow box is averaged into the dark grey), so the palette lacks the yellow.
 */
const CLOCK_YELLOW: Rgb = [232, 212, 74]
function greyClockPng(width = 300, height = 200): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const shade = (x * 7 + y * 13) % 20
      const v = x < 120 ? 50 + shade : x < 260 ? 160 + shade : 235 + shade
      const yellow = x >= 20 && x < 40 && y >= 20 && y < 60
      data.set(yellow ? CLOCK_YELLOW : [v, v, v - 3], (y * width + x) * 3)
    }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer()
}

describe('editing tools', () => {
  it('reorders by dragging a swatch onto another, and back with the move buttons', async () => {
    const { page } = app
    const start = await hexesOf(page, 'swatch')
    await page.getByTestId('swatch-chip').nth(0).dragTo(page.getByTestId('swatch-chip').nth(2))
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual([start[1], start[2], start[0], start[3], start[4]])
    await page.getByRole('button', { name: 'Move swatch 3 left' }).click()
    await page.getByRole('button', { name: 'Move swatch 2 left' }).click()
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(start)
  })

  it('the eyedropper takes the colour under the click for the selected swatch', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(4).click()
    await page.getByTestId('eyedropper').click()
    const target = page.getByTestId('eyedropper-target')
    const box = await target.boundingBox()
    if (!box) throw new Error('no image on screen')
    // The blue band spans 34%..60% of the width.
    await target.click({ position: { x: box.width * 0.47, y: box.height / 2 } })
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[4]).toBe(hexOf(FIVE_BANDS[1].rgb))
    expect(await page.getByTestId('eyedropper').getAttribute('aria-pressed')).toBe('false')
    await app.shot('10-eyedropper')
  })

  it('copies a colour as hex', async () => {
    const { page, bridge } = app
    const hex = (await hexesOf(page, 'swatch'))[0]
    await page.getByTestId('copy').nth(0).click()
    await expect.poll(() => page.getByTestId('notice').innerText()).toBe(`Copied ${hex}`)
    const copied = bridge.clipboard.at(-1) ?? (await page.evaluate<string>('navigator.clipboard.readText()'))
    expect(copied).toBe(hex)
  })

  it('Ctrl+V with no field focused gives the selected swatch the colour pasted, in the forms designers copy, as one undo step', async () => {
    const { page } = app
    const swatchHex = async (i: number): Promise<string> => (await hexesOf(page, 'swatch'))[i]
    const paste = async (text: string): Promise<void> => {
      await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`)
      await page.getByTestId('swatch-chip').nth(1).focus()
      await page.keyboard.press('Control+v')
    }
    await page.getByTestId('swatch-chip').nth(1).click()
    const before = await swatchHex(1)
    await paste('background: #3A7BD5;\n')
    await expect.poll(() => swatchHex(1)).toBe('#3a7bd5')
    expect(await page.getByTestId('notice').innerText()).toBe('Pasted #3a7bd5')
    await paste('RGB(1 2 3 / 50%)')
    await expect.poll(() => page.getByTestId('notice').innerText()).toBe(
      'Nothing pasted. Swatches are opaque: RGB(1 2 3 / 50%) is 50% transparent; #010203 without it'
    )
    expect(await swatchHex(1)).toBe('#3a7bd5')
    await page.keyboard.press('Control+z')
    await expect.poll(() => swatchHex(1)).toBe(before)
  })

  it('Ctrl+V with a palette copied as text gives its colours to the selected swatch and the unlocked ones after it, as one undo step', async () => {
    const { page } = app
    const paste = async (text: string): Promise<void> => {
      await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`)
      await page.getByTestId('swatch-chip').nth(1).focus()
      await page.keyboard.press('Control+v')
    }
    await page.getByTestId('swatch-chip').nth(1).click()
    const before = await hexesOf(page, 'swatch')
    await paste('#264653\n#2a9d8f\n#e9c46a\nbanana')
    await expect.poll(() => page.getByTestId('notice').innerText()).toBe('Nothing pasted. Not a colour: banana')
    expect(await hexesOf(page, 'swatch')).toEqual(before)
    await paste('--a: #264653;\n--b: #2a9d8f;\n--c: #e9c46a;\n--d: #f4a261;\n--e: #e76f51;')
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual([before[0], '#264653', '#2a9d8f', '#e9c46a', '#f4a261'])
    expect(await page.getByTestId('notice').innerText()).toBe('Pasted 4 of 5 colours (no swatch after the last for the other 1)')
    await page.keyboard.press('Control+z')
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(before)
  })

  it('resets to the extracted palette, and the reset can be undone, once for a key and its menu echo', async () => {
    const { page, bridge } = app
    const extracted = await hexesOf(page, 'our-palette-swatch')
    const edited = await hexesOf(page, 'swatch')
    expect(edited).not.toEqual(extracted)
    await page.getByTestId('reset').click()
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(extracted)
    await page.keyboard.press('Control+z')
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(edited)
    // Electron's menu may report the same Ctrl+Z as Edit › Undo: dropped, so the Redo after it
    // redoes the reset (a second undo would have taken back an edit before it).
    bridge.emit('onMenu', { command: 'undo' })
    bridge.emit('onMenu', { command: 'redo' })
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(extracted)
  })

  it('Ctrl+Z and Edit > Undo in a text field undo the typing there, not the palette', async () => {
    const { page, bridge } = app
    await page.getByTestId('nudge-up').nth(1).click() // a palette edit that a palette undo would take back
    const edited = await hexesOf(page, 'swatch')
    const name = page.getByTestId('swatch-name').nth(3)
    const before = await name.inputValue()
    await name.click()
    await page.keyboard.press('End')
    await page.keyboard.type(' sky')
    bridge.emit('onMenu', { command: 'undo' })
    await expect.poll(() => name.inputValue()).toBe(before)
    bridge.emit('onMenu', { command: 'redo' })
    await expect.poll(() => name.inputValue()).toBe(`${before} sky`)
    await page.keyboard.type(' sea')
    await page.keyboard.press('Control+z')
    await expect.poll(() => name.inputValue()).toBe(`${before} sky`)
    expect(await hexesOf(page, 'swatch')).toEqual(edited)
    // (Out of a field the menu's Undo is the palette's: app.test.ts.)
    await name.fill(before)
    await page.getByTestId('swatch-chip').nth(1).focus()
  })

  it('writes a swatch’s hex code in whichever ink reads better on it, bright green included', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(0).click()
    await page.getByTestId('hex-field').fill('#00e800')
    await page.getByTestId('hex-field').press('Enter')
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[0]).toBe('#00e800')
    const ink = await page.evaluate<string>(`getComputedStyle(document.querySelector('[data-testid="swatch-chip"]')).color`)
    expect(wcagContrast(ink, '#00e800')).toBeGreaterThan(4.5)
  })

  it('a field whose text the swatch did not take shows what the swatch kept', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(0).click()
    await page.getByTestId('hex-field').fill('#ff0000')
    await page.getByTestId('hex-field').press('Enter')
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[0]).toBe('#ff0000')
    const red = page.getByLabel('RGB R')
    await red.fill('300') // clamped to 255, which red already is
    await red.press('Enter')
    await expect.poll(() => red.inputValue()).toBe('255')
    const name = page.getByTestId('swatch-name').nth(0)
    const kept = await name.inputValue()
    await name.fill('') // a swatch always has a name
    await name.press('Enter')
    await expect.poll(() => name.inputValue()).toBe(kept)
    expect(await page.getByTestId('swatch-chip').nth(0).getAttribute('aria-label')).toContain(kept)
  })

  it('Ctrl+Z after a colour field took its value undoes the palette, and Redo still redoes it', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(2).click()
    const hex = page.getByTestId('hex-field')
    const old = await hex.inputValue()
    await hex.selectText()
    await page.keyboard.type('#ff00ff')
    await page.keyboard.press('Enter') // focus stays in the field
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[2]).toBe('#ff00ff')
    await page.keyboard.press('Control+z')
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[2]).toBe(old)
    expect(await hex.inputValue()).toBe(old)
    await page.keyboard.press('Tab') // leaving the field must not take its text as a new edit
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[2]).toBe('#ff00ff')
    const red = page.getByLabel('RGB R')
    await red.selectText()
    await page.keyboard.type('16')
    await page.keyboard.press('Enter')
    await expect.poll(() => hex.inputValue()).toBe('#1000ff')
    await page.keyboard.press('Control+z')
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[2]).toBe('#ff00ff')
    expect(await red.inputValue()).toBe('255')
    await page.keyboard.press('Control+y')
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[2]).toBe('#1000ff')
  })

  it('a run of arrow-key steps in a number field is one undo step', async () => {
    const { page } = app
    const red = page.getByLabel('RGB R') // swatch 3, red at 16
    await red.focus()
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp')
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[2]).toBe('#1500ff')
    await page.keyboard.press('Control+z')
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[2]).toBe('#1000ff')
    expect(await red.inputValue()).toBe('16')
  })

  it('keeps focus on a swatch moved with the keyboard', async () => {
    const { page } = app
    const focused = (): Promise<string | null> => page.evaluate(`document.activeElement?.getAttribute('aria-label') ?? null`)
    const start = await hexesOf(page, 'swatch')
    await page.getByRole('button', { name: 'Move swatch 3 right' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual([start[0], start[1], start[3], start[2], start[4]])
    expect(await focused()).toBe('Move swatch 4 right')
    await page.keyboard.press('Enter') // now last: its ▶ is disabled, so its chip takes focus
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual([start[0], start[1], start[3], start[4], start[2]])
    expect(await focused()).toMatch(new RegExp(`^Swatch 5, .*${start[2]}`))
    await page.keyboard.press('Alt+ArrowLeft')
    await page.keyboard.press('Alt+ArrowLeft')
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(start)
    expect(await focused()).toMatch(new RegExp(`^Swatch 3, .*${start[2]}`))
  })

  it('says so when a hex code cannot be read, until the next good one', async () => {
    const { page } = app
    const hex = page.getByTestId('hex-field')
    const kept = await hex.inputValue()
    await hex.fill('#12345')
    await hex.press('Enter')
    await expect.poll(() => hex.getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByTestId('hex-error').innerText()).toMatch(/#12345/)
    expect(await hex.inputValue()).toBe('#12345') // kept to mend
    await page.keyboard.type('z') // still unreadable: the message stays
    await expect.poll(() => page.getByTestId('hex-error').count()).toBe(1)
    await hex.fill(kept)
    await expect.poll(() => page.getByTestId('hex-error').count()).toBe(0)
    expect(await hex.getAttribute('aria-invalid')).not.toBe('true')
    await hex.fill('nope')
    await hex.press('Enter')
    await expect.poll(() => page.getByTestId('hex-error').count()).toBe(1)
    await page.keyboard.press('Tab')
    await expect.poll(() => page.getByTestId('hex-error').count()).toBe(0)
    expect(await hex.inputValue()).toBe(kept)
  })

  it('names the image and the swatch tools for everyone', async () => {
    const { page } = app
    expect(await page.getByRole('img', { name: 'Source image bands.png' }).count()).toBe(1)
    const tools = await page.getByTestId('swatch').nth(1).getByRole('button').evaluateAll((els) =>
      els.filter((el) => /[◀▶L]$/.test(el.textContent ?? '')).map((el) => [el.getAttribute('aria-label'), el.getAttribute('title')])
    )
    expect(tools).toEqual([
      ['Move swatch 2 left', 'Move swatch 2 left'],
      ['Move swatch 2 right', 'Move swatch 2 right'],
      ['−L: darken swatch 2', 'Darken swatch 2'],
      ['+L: lighten swatch 2', 'Lighten swatch 2']
    ])
  })

  it('gives every control an accessible name', async () => {
    const unnamed = await app.page.evaluate<string[]>(`[...document.querySelectorAll('button, input, select')]
      .filter((el) => !el.getAttribute('aria-label') && !el.labels?.length && !el.closest('label') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
      .map((el) => el.outerHTML.slice(0, 80))`)
    expect(unnamed).toEqual([])
  })

  it('shows a focus ring on every control reached with Tab', async () => {
    const { page } = app
    // From the Image view's tab, first in the window's order: 40 Tabs stay within the view's controls.
    await page.getByTestId('view-image').focus()
    const seen: string[] = []
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab')
      const focused = await page.evaluate<{ name: string; outline: string }>(`(() => {
        const el = document.activeElement
        const style = getComputedStyle(el)
        return { name: el.getAttribute('aria-label') || el.id || el.tagName, outline: style.outlineStyle + ' ' + style.outlineWidth }
      })()`)
      if (i === 12) await app.shot('12-keyboard-focus')
      expect(focused.outline, focused.name).toBe('solid 2px')
      seen.push(focused.name)
    }
    // Tab reaches the toolbar, the swatches and their tools.
    expect(seen).toEqual(expect.arrayContaining(['Undo', 'Move swatch 2 left', 'Lock swatch 1', 'Name of swatch 3']))
  })

  it('lists the neural method only when the engine has it, with its provider and time', async (ctx) => {
    const { page, bridge } = app
    const options = await page.getByTestId('method').locator('option').allInnerTexts()
    const methods = await bridge.engine.methods()
    expect(options.some((o) => o.startsWith('Neural'))).toBe(methods.includes('neural'))
    if (!methods.includes('neural')) ctx.skip()
    await page.getByTestId('method').selectOption('neural')
    await expect.poll(() => page.getByTestId('method-info').innerText(), { timeout: 60_000 }).toMatch(/Neural.* on [A-Z]+/)
    await expect.poll(() => page.getByTestId('timings').innerText()).toMatch(/total \d+ ms/)
    // One colour can show two shares, median cut's and the neural palette's: each says how it counts.
    expect(await page.getByTestId('ground-truth-swatch').first().getAttribute('title')).toMatch(/^#[0-9a-f]{6}: [\d.]+ percent of the image in its median-cut box$/)
    expect(await page.getByTestId('our-palette-swatch').first().getAttribute('title')).toMatch(/^#[0-9a-f]{6}: [\d.]+ percent of the image nearest this colour$/)
    await app.shot('11-neural')
  })

  it('adds the swatch a short palette lacks in the image’s yellow, exports it, and removes it', async () => {
    const { page, bridge } = app
    const path = join(dir(), 'grey-clock.png')
    await writeFile(path, await greyClockPng())
    await page.getByTestId('method').selectOption('median-cut')
    await page.getByTestId('busy').waitFor({ state: 'detached', timeout: 60_000 })
    bridge.dialogs.queue('openImages', [path])
    bridge.emit('onMenu', { command: 'open-image' })
    const shown = page.getByRole('img', { name: 'Source image grey-clock.png' })
    await shown.or(page.getByTestId('replace-question')).first().waitFor({ timeout: 60_000 })
    if (await page.getByTestId('replace-question').isVisible()) await page.getByTestId('replace-discard').click()
    await shown.waitFor({ timeout: 60_000 })
    await page.getByTestId('busy').waitFor({ state: 'detached', timeout: 60_000 })
    await expect.poll(() => page.getByTestId('marker').count()).toBe(3)
    const greys = await hexesOf(page, 'swatch')
    expect(greys).toHaveLength(3)

    await page.getByRole('button', { name: 'Add swatch' }).click()
    await expect.poll(() => hexesOf(page, 'swatch')).toHaveLength(4)
    const added = (await hexesOf(page, 'swatch'))[3]
    expect(channelDistance(rgbOfHex(added), CLOCK_YELLOW)).toBeLessThanOrEqual(8)
    expect(await page.getByTestId('notice').innerText()).toBe(`Added swatch 4 — ${added}`)
    expect(await page.getByTestId('swatch-chip').nth(3).getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => page.getByTestId('marker').nth(3).getAttribute('aria-label')).toBe(`Where the image has swatch 4 (${added}); select it`)

    bridge.dialogs.queue('saveFile', { folder: dir() })
    await page.getByTestId('export-json').click()
    await expect.poll(() => page.getByTestId('status').innerText()).toContain('grey-clock.json')
    const exported = allColours(await loadSwatchFile(join(dir(), 'grey-clock.json')))
    expect(exported.map((c) => [c.name, hexOf(c.rgb)])).toEqual([...greys, added].map((hex) => [hex, hex]))

    await page.getByTestId('swatch-chip').nth(3).focus()
    await page.keyboard.press('Delete')
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(greys)
    expect(await page.getByTestId('notice').innerText()).toBe(`Removed swatch 4 — ${added}`)
    await page.keyboard.press('Control+z')
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual([...greys, added])
    await page.getByRole('button', { name: 'Remove swatch 1' }).click()
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual([...greys.slice(1), added])
    expect(app.pageErrors).toEqual([])
  })
})
