// Copy and Copy Palette in the format the designer chose, said on the status line each time, and
// the choice kept when the window opens again; the compare board's copies follow the same choice.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bandsForAll, hexesOf } from './harness'

const { app, dir } = bandsForAll()

const clipboard = async (): Promise<string> => app.bridge.clipboard.at(-1) ?? (await app.page.evaluate<string>('navigator.clipboard.readText()'))
const rgbOf = (hex: string): string => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(' ')})`

describe('copy formats', () => {
  it('Copy writes the format chosen, and a second copy of the same colour is said again', async () => {
    const { page } = app
    const hex = (await hexesOf(page, 'swatch'))[0]
    await page.getByTestId('copy-format').selectOption({ label: 'RGB' })
    await page.getByTestId('copy').nth(0).click()
    await expect.poll(clipboard).toBe(rgbOf(hex))
    const status = page.getByTestId('status') // the image view's live region (role=status)
    await expect.poll(() => status.innerText()).toContain(`Copied ${rgbOf(hex)}`)
    const first = await status.innerText()
    await page.getByTestId('copy').nth(0).click()
    // The live region's text changes, so a screen reader reads it again.
    await expect.poll(() => status.innerText()).not.toBe(first)
    expect(await status.innerText()).toContain(`Copied ${rgbOf(hex)} again`)
  })

  it('Copy Palette writes every swatch in the format chosen: CSS variables as the CSS export declares them', async () => {
    const { page, bridge } = app
    const name = page.getByTestId('swatch-name').nth(0)
    await name.fill('Brick red')
    await name.press('Enter')
    await page.getByTestId('copy-format').selectOption({ label: 'CSS variables' })
    app.bridge.emit('onMenu', { command: 'copy-palette' })
    await expect.poll(() => page.getByTestId('notice').innerText()).toBe('Copied the palette as CSS variables')
    const hexes = await hexesOf(page, 'swatch')
    const copied = await clipboard()
    expect(copied).toBe(hexes.map((hex, i) => `--bands-${i + 1}: ${hex}; /* ${i === 0 ? 'Brick red' : hex} */`).join('\n'))
    bridge.dialogs.queue('saveFile', { folder: dir() })
    bridge.emit('onMenu', { command: 'export-css' })
    await expect.poll(() => page.getByTestId('status').innerText()).toContain('bands.css')
    const exported = (await readFile(join(dir(), 'bands.css'), 'utf8')).split('\n').filter((line) => line.startsWith('  --'))
    expect(copied.split('\n')).toEqual(exported.map((line) => line.slice(2)))
  })

  it('the format chosen is kept when the window opens again', async () => {
    const { page, bridge } = app
    await page.getByTestId('copy-format').selectOption({ label: 'OKLCH' })
    await page.reload()
    bridge.dialogs.queue('openImages', [`${dir()}/bands.png`])
    bridge.emit('onMenu', { command: 'open-image' })
    await expect.poll(() => page.getByTestId('copy-format').inputValue()).toBe('oklch')
    await page.getByTestId('copy').nth(0).click()
    await expect.poll(clipboard).toMatch(/^oklch\(/)
    expect(app.pageErrors).toEqual([])
  })

  it('the compare board copies in the format chosen too: Ctrl+C on a chip (said again the second time) and Copy Palette', async () => {
    const { page, bridge } = app
    await page.getByTestId('copy-format').selectOption({ label: 'RGB' })
    await page.getByTestId('add-to-board').click()
    await expect.poll(() => page.getByTestId('status').innerText()).toContain('Added bands.png to the compare board')
    await page.getByTestId('view-board').click()
    const edited = page.getByTestId('board-column').nth(0).locator('[data-testid="palette-row"][data-kind="edited"]')
    const chip = edited.getByTestId('chip').nth(0)
    const hex = (await chip.getAttribute('data-hex')) ?? ''
    const notice = (): Promise<string> => page.getByTestId('board-notice').innerText()
    await chip.focus()
    await page.keyboard.press('Control+c')
    await expect.poll(notice).toBe(`Copied ${rgbOf(hex)}`)
    expect(await clipboard()).toBe(rgbOf(hex))
    await page.keyboard.press('Control+c')
    await expect.poll(notice).toBe(`Copied ${rgbOf(hex)} again`)
    bridge.emit('onMenu', { command: 'copy-palette' })
    await expect.poll(notice).toBe('Copied the palette of bands.png as RGB')
    const hexes = await edited.getByTestId('chip').evaluateAll((els) => els.map((el) => el.getAttribute('data-hex') ?? ''))
    expect(await clipboard()).toBe(hexes.map(rgbOf).join('\n'))
    expect(app.pageErrors).toEqual([])
  })

  it('the board copies CSS variables as its CSS export declares them: Copy Palette all of them, Ctrl+C on a chip its own', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-image').click()
    await page.getByTestId('copy-format').selectOption({ label: 'CSS variables' })
    await page.getByTestId('view-board').click()
    bridge.dialogs.queue('saveFile', { folder: dir() })
    bridge.emit('onMenu', { command: 'export-css' })
    const notice = (): Promise<string> => page.getByTestId('board-notice').innerText()
    await expect.poll(notice).toContain('board.css')
    const exported = (await readFile(join(dir(), 'board.css'), 'utf8')).split('\n').filter((line) => line.startsWith('  --')).map((line) => line.slice(2))
    expect(exported[1]).toMatch(/^--bands-2: #[0-9a-f]{6};/)
    bridge.emit('onMenu', { command: 'copy-palette' })
    await expect.poll(notice).toBe('Copied the palette of bands.png as CSS variables')
    expect((await clipboard()).split('\n')).toEqual(exported)
    const chip = page.getByTestId('board-column').nth(0).locator('[data-testid="palette-row"][data-kind="edited"] [data-testid="chip"]').nth(1)
    await chip.focus()
    await page.keyboard.press('Control+c')
    await expect.poll(clipboard).toBe(exported[1])
    expect(app.pageErrors).toEqual([])
  })
})
