// The swatch editor's fields as a designer types into them: what the hex field takes and how it
// says no, Escape, the number fields' ranges, steps and read-back, and names.
import { describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { bandsForAll, hexesOf } from './harness'

const { app } = bandsForAll()

const swatchHex = async (i: number): Promise<string> => (await hexesOf(app.page, 'swatch'))[i]
/** Types `text` over a field's own and commits it with Enter, as a user does. */
async function enter(field: Locator, text: string): Promise<void> {
  await field.fill(text)
  await field.press('Enter')
}

describe('the swatch editor’s fields', () => {
  it('the hex field refuses a colour with transparency, says why and keeps the text to mend; an emptied field goes back without a word', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(0).click()
    const hex = page.getByTestId('hex-field')
    await enter(hex, 'ABCDEF')
    await expect.poll(() => swatchHex(0)).toBe('#abcdef')
    await enter(hex, '#12345680') // #123456 at 50 %: a swatch has no alpha to keep it in
    await expect.poll(() => page.getByTestId('hex-error').count()).toBe(1)
    expect(await page.getByTestId('hex-error').innerText()).toBe('Swatches are opaque: #12345680 is 50% transparent; #123456 without it')
    expect(await swatchHex(0)).toBe('#abcdef')
    // The text refused, its message and the invalid state agree: the typo is there to mend.
    expect(await hex.inputValue()).toBe('#12345680')
    expect(await hex.getAttribute('aria-invalid')).toBe('true')
    await enter(hex, '')
    await expect.poll(() => page.getByTestId('hex-error').count()).toBe(0)
    expect(await hex.inputValue()).toBe('#abcdef')
    await enter(hex, 'rebeccapurple')
    await expect.poll(() => hex.inputValue()).toBe('#663399')
  })

  it('an undo while a hex entry stands refused shows the swatch it brings back, no longer marked invalid', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(2).click()
    const hex = page.getByTestId('hex-field')
    const before = await swatchHex(2)
    await enter(hex, '#123456')
    await expect.poll(() => swatchHex(2)).toBe('#123456')
    await enter(hex, '#12345') // refused: five digits
    await expect.poll(() => page.getByTestId('hex-error').count()).toBe(1)
    await page.keyboard.press('Control+z')
    await expect.poll(() => swatchHex(2)).toBe(before)
    expect([await hex.inputValue(), await hex.getAttribute('aria-invalid'), await page.getByTestId('hex-error').count()]).toEqual([before, 'false', 0])
  })

  it('Escape takes back what was typed in the hex and name fields; leaving then commits nothing', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(1).click()
    const hex = page.getByTestId('hex-field')
    const kept = await swatchHex(1)
    await hex.fill('#00ff00')
    await page.keyboard.press('Escape')
    expect(await hex.inputValue()).toBe(kept)
    await page.keyboard.press('Tab')
    expect(await swatchHex(1)).toBe(kept)
    await enter(hex, 'nope')
    await expect.poll(() => page.getByTestId('hex-error').count()).toBe(1)
    expect(await hex.inputValue()).toBe('nope')
    await page.keyboard.press('Escape') // the refusal has been read: Escape puts it away, and the text
    await expect.poll(() => page.getByTestId('hex-error').count()).toBe(0)
    expect(await hex.inputValue()).toBe(kept)
    expect(await hex.getAttribute('aria-invalid')).toBe('false')
    const name = page.getByTestId('swatch-name').nth(1)
    const named = await name.inputValue()
    await name.fill('Moss')
    await page.keyboard.press('Escape')
    expect(await name.inputValue()).toBe(named)
    await page.keyboard.press('Tab')
    expect(await page.getByTestId('swatch-name').nth(1).inputValue()).toBe(named)
  })

  it('a swatch name stops at the 200 characters an export carries while it is typed, not only once committed', async () => {
    const name = app.page.getByTestId('swatch-name').nth(3)
    await name.fill('')
    await name.pressSequentially('n'.repeat(230))
    expect(await name.inputValue()).toBe('n'.repeat(200))
    await name.press('Enter')
    await expect.poll(() => app.page.getByTestId('swatch-name').nth(3).inputValue()).toBe('n'.repeat(200))
  })

  it('RGB takes whole numbers: 12.5 is 13', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(2).click()
    const red = page.getByLabel('RGB R')
    await enter(red, '12.5')
    await expect.poll(() => red.inputValue()).toBe('13')
    expect((await swatchHex(2)).slice(0, 3)).toBe('#0d')
  })

  it('a hue turns round the circle, ↑ steps it by one and Shift+↑ by ten, and a run of steps is one undo', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(2).click()
    const hue = page.getByLabel('HSL H')
    await enter(page.getByTestId('hex-field'), '#cc3333') // hue 0
    await enter(hue, '-30')
    await expect.poll(() => hue.inputValue()).toBe('330')
    await enter(hue, '370')
    await expect.poll(() => hue.inputValue()).toBe('10')
    const at10 = await swatchHex(2)
    await page.keyboard.press('ArrowUp')
    await expect.poll(() => hue.inputValue()).toBe('11')
    await page.keyboard.press('Shift+ArrowUp')
    await expect.poll(() => hue.inputValue()).toBe('21')
    await page.keyboard.press('Control+z')
    await expect.poll(() => swatchHex(2)).toBe(at10)
    expect(await hue.inputValue()).toBe('10')
  })

  it('the wheel over a focused number field steps as the arrow keys do: round the hue, from the number shown, one undo step', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(2).click()
    const [hue, saturation] = [page.getByLabel('HSL H'), page.getByLabel('HSL S')]
    await enter(hue, '0')
    await enter(saturation, '12.5')
    const before = await swatchHex(2)
    await hue.hover()
    await hue.focus()
    await page.mouse.wheel(0, 100) // down: the browser's own step stopped at 0
    await expect.poll(() => hue.inputValue()).toBe('359')
    await page.mouse.wheel(0, 100)
    await expect.poll(() => hue.inputValue()).toBe('358')
    await saturation.hover()
    await saturation.focus()
    await page.mouse.wheel(0, -100) // up: the browser's own step snapped 12.5 to 13
    await expect.poll(() => saturation.inputValue()).toBe('13.5')
    await page.keyboard.press('Control+z')
    await page.keyboard.press('Control+z')
    await expect.poll(() => swatchHex(2)).toBe(before)
    expect(await hue.inputValue()).toBe('0')
  })

  it('OKLCH numbers read back as typed, and committing again and again does not move the colour', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(3).click()
    const [l, c, h] = ['OKLCH L', 'OKLCH C', 'OKLCH H'].map((label) => page.getByLabel(label))
    await enter(l, '0.6')
    await enter(c, '0.1')
    await enter(h, '30')
    await expect.poll(async () => [await l.inputValue(), await c.inputValue(), await h.inputValue()]).toEqual(['0.6', '0.1', '30'])
    const first = await swatchHex(3)
    for (const hue of ['40', '50', '30', '40', '30']) await enter(h, hue)
    await expect.poll(() => h.inputValue()).toBe('30')
    expect(await swatchHex(3)).toBe(first)
    expect([await l.inputValue(), await c.inputValue()]).toEqual(['0.6', '0.1'])
  })

  it('the OKLCH L field takes a percent as CSS writes it: 62 or 62% is 0.62, and says so', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(3).click()
    const l = page.getByLabel('OKLCH L')
    await enter(l, '62')
    await expect.poll(() => l.inputValue()).toBe('0.62')
    const at62 = await swatchHex(3)
    expect(at62).not.toBe('#ffffff')
    await enter(l, '0.3')
    await expect.poll(() => l.inputValue()).toBe('0.3')
    await enter(l, '62%')
    await expect.poll(() => l.inputValue()).toBe('0.62')
    expect(await swatchHex(3)).toBe(at62)
    await l.press('ArrowUp') // the arrows step as before
    await expect.poll(() => l.inputValue()).toBe('0.63')
    expect(await l.getAttribute('title')).toBe('L from 0 to 1, or a percent (62 or 62% is 0.62)')
  })

  it('a hue and saturation typed on black stay for the lightness typed next', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(4).click()
    await enter(page.getByLabel('HSL H'), '200')
    await enter(page.getByLabel('HSL S'), '60')
    await enter(page.getByLabel('HSL L'), '0')
    await expect.poll(() => swatchHex(4)).toBe('#000000')
    expect(await page.getByLabel('HSL H').inputValue()).toBe('200')
    await enter(page.getByLabel('HSL L'), '50')
    await expect.poll(() => swatchHex(4)).toBe('#3399cc')
  })

  it('a hue shows as typed or stepped after another OKLCH or HSL number is typed: no float noise', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(1).click()
    const [l, c, h] = ['OKLCH L', 'OKLCH C', 'OKLCH H'].map((label) => page.getByLabel(label, { exact: true }))
    const hue = await h.inputValue()
    await enter(l, '0.5')
    await expect.poll(() => l.inputValue()).toBe('0.5')
    expect(await h.inputValue()).toBe(hue) // was 259.43000000000006
    await h.press('ArrowUp')
    await expect.poll(() => h.inputValue()).toBe(String(Number(hue) + 1))
    await enter(c, '0.05')
    await expect.poll(() => c.inputValue()).toBe('0.05')
    expect(await h.inputValue()).toBe(String(Number(hue) + 1))
    const hslH = page.getByLabel('HSL H', { exact: true })
    await enter(page.getByLabel('HSL S', { exact: true }), '40')
    await enter(hslH, '259.43')
    await expect.poll(() => hslH.inputValue()).toBe('259.43')
    await enter(hslH, '-100.57')
    await expect.poll(() => hslH.inputValue()).toBe('259.43')
  })

  it('hsl() typed in the hex field keeps its numbers in the HSL fields, as typed there', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(2).click()
    await enter(page.getByTestId('hex-field'), 'hsl(200 50% 50%)')
    const fields = ['HSL H', 'HSL S', 'HSL L'].map((label) => page.getByLabel(label, { exact: true }))
    await expect.poll(() => Promise.all(fields.map((f) => f.inputValue()))).toEqual(['200', '50', '50']) // was 199.8, 49.8
    await enter(page.getByTestId('hex-field'), 'oklch(0.6 0.1 30)')
    const oklch = ['OKLCH L', 'OKLCH C', 'OKLCH H'].map((label) => page.getByLabel(label, { exact: true }))
    await expect.poll(() => Promise.all(oklch.map((f) => f.inputValue()))).toEqual(['0.6', '0.1', '30'])
  })

  it('an emptied name takes the name away: the swatch is called by its hex code again', async () => {
    const { page } = app
    const name = page.getByTestId('swatch-name').nth(0)
    await enter(name, 'Sky 🌤')
    await expect.poll(() => page.getByTestId('swatch-chip').nth(0).getAttribute('aria-label')).toContain('Sky 🌤')
    await enter(name, '   ')
    const hex = await swatchHex(0)
    await expect.poll(() => name.inputValue()).toBe(hex)
    // Its hex code said once, not twice over as name and code.
    expect(await page.getByTestId('swatch-chip').nth(0).getAttribute('aria-label')).toBe(`Swatch 1, ${hex}. Select; drag to reorder`)
    expect(app.pageErrors).toEqual([])
  })
})
