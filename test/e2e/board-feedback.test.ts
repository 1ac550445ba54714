// What the compare board shows and says as a designer works on it, in Chromium against the real
// engine: its own "Copy as" picker, copies that keep the numbers typed, what undo, redo and a
// keyboard move did (said on its status line), A and B buttons told apart by their columns, a
// frame's time shown once, previews of strips that are no hairlines, the readout in a narrow
// window, and a full board that says so before any dialog opens and stops saying so once it has room.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { encodeSwatchFile } from '../../src/main/formats'
import { MAX_BOARD_COLUMNS } from '../../src/renderer/src/board/project'
import { MIN_SHOWN_SIDE } from '../../src/renderer/src/board/preview-size'
import { bandsPng, FIVE_BANDS, NIGHT_BANDS } from './images'
import { columnNames, openApp, type App } from './harness'

const FRAME = 'A very long film name of the spring campaign shoot, director cut, graded master.webm @ 00:01.000'

/** A saved board of one film frame, as the Film view puts frames on the board. */
function frameBoard(): string {
  const swatch = { rgb: [10, 20, 30], hex: '#0a141e', share: 1 }
  const column = {
    id: 'frame-1',
    name: FRAME,
    kind: 'frame',
    time: 1,
    palettes: [{ method: 'median-cut', swatches: [swatch] }],
    edited: [{ rgb: swatch.rgb, name: '', locked: false, share: 1 }]
  }
  const board = { format: 'palette-studio-board', version: 1, columns: [column], compare: { a: null, b: null }, savedPath: null, savedAt: null, dirty: false }
  return JSON.stringify({ format: 'palette-studio-board', version: 1, savedAt: 1, board })
}

let dir: string
let app: App

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-board-feedback-'))
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS))
  await writeFile(join(dir, 'night.png'), await bandsPng(NIGHT_BANDS))
  await writeFile(join(dir, 'wide.png'), await bandsPng(NIGHT_BANDS, 4000, 8))
  await writeFile(join(dir, 'tall.png'), await bandsPng(NIGHT_BANDS, 8, 4000))
  await writeFile(join(dir, 'frame.palette-studio'), frameBoard())
  app = await openApp()
  await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await app.page.getByTestId('view-board').click()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

const column = (page: Page, index: number): Locator => page.getByTestId('board-column').nth(index)
const edited = (page: Page, index: number): Locator => column(page, index).locator('[data-testid="palette-row"][data-kind="edited"]')
const notice = (): Promise<string> => app.page.getByTestId('board-notice').innerText()
const clipboard = async (): Promise<string> => app.bridge.clipboard.at(-1) ?? (await app.page.evaluate<string>('navigator.clipboard.readText()'))

async function addImages(files: string[]): Promise<void> {
  const { page, bridge } = app
  const before = (await columnNames(page)).length
  bridge.dialogs.queue('openImages', files.map((file) => join(dir, file)))
  await page.getByTestId('add-images').click()
  await expect.poll(async () => (await columnNames(page)).length, { timeout: 60_000 }).toBe(before + files.length)
  await page.getByTestId('board-adding').waitFor({ state: 'detached', timeout: 60_000 })
}

describe('The compare board as a designer and a screen reader meet it', () => {
  it('shows a film frame’s time once, keeping it in sight when the film’s long name is cut', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openFile', join(dir, 'frame.palette-studio'))
    await page.getByTestId('open-board').click()
    await expect.poll(() => columnNames(page), { timeout: 30_000 }).toEqual([FRAME])
    const handle = column(page, 0).getByTestId('column-handle')
    expect((await handle.innerText()).split('00:01.000')).toHaveLength(2)
    // Its heading is the name, whole, and nothing after it says the time again.
    expect(await handle.getByRole('heading', { name: FRAME, exact: true }).count()).toBe(1)
    expect(await handle.ariaSnapshot()).not.toContain('text:')
    const [shown, lead] = await Promise.all([handle.locator('.time').boundingBox(), handle.locator('.lead').evaluate((el) => el.scrollWidth > el.clientWidth)])
    const box = await handle.boundingBox()
    expect(lead).toBe(true) // the film's name is cut…
    expect((shown?.x ?? Infinity) + (shown?.width ?? 0)).toBeLessThanOrEqual((box?.x ?? 0) + (box?.width ?? 0) + 0.5) // …its time is not
  })

  it('has the window’s "Copy as" picker in its toolbar; Copy Palette copies the HSL numbers typed, as Ctrl+C on each chip does', async () => {
    const { page, bridge } = app
    const picker = page.getByRole('toolbar', { name: 'Board', exact: true }).getByTestId('board-copy-format')
    expect(await picker.isVisible()).toBe(true)
    expect(await picker.inputValue()).toBe('hex')
    await picker.selectOption({ label: 'HSL' })
    await addImages(['bands.png', 'night.png'])
    const row = edited(page, 1)
    for (const [chip, typed] of [[2, 'hsl(200 30% 40%)'], [3, 'hsl(210 0% 50%)']] as const) {
      await row.getByTestId('chip').nth(chip).click()
      await row.getByTestId('edited-hex').fill(typed)
      await row.getByTestId('edited-hex').press('Enter')
    }
    const chips: string[] = []
    const count = await row.getByTestId('chip').count()
    for (let i = 0; i < count; i++) {
      await page.evaluate('navigator.clipboard.writeText("")')
      await row.getByTestId('chip').nth(i).focus()
      await page.keyboard.press('Control+c')
      await expect.poll(clipboard).toMatch(/^hsl\(/)
      chips.push(await clipboard())
    }
    expect(chips.slice(2, 4)).toEqual(['hsl(200 30% 40%)', 'hsl(210 0% 50%)'])
    bridge.emit('onMenu', { command: 'copy-palette' })
    await expect.poll(notice).toBe('Copied the palette of bands.png as HSL')
    expect((await clipboard()).split('\n')).toEqual(chips)
    await picker.selectOption({ label: 'HEX' })
    expect(app.pageErrors).toEqual([])
  })

  it('says where Alt+→ moved a column, and what each undo and redo did, "again" when it is said twice', async () => {
    const { page } = app
    await column(page, 1).getByTestId('column-handle').focus()
    await page.keyboard.press('Alt+ArrowRight')
    await expect.poll(notice).toBe('Moved bands.png to position 3 of 3.')
    await page.keyboard.press('Alt+ArrowRight')
    await expect.poll(notice).toBe('bands.png is at position 3 of 3 already.')
    await page.keyboard.press('Control+z')
    await expect.poll(notice).toBe('Undid moving bands.png; it is at position 2 of 3.')
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(notice).toBe('Redid moving bands.png; it is at position 3 of 3.')
    await page.keyboard.press('Control+z')
    await expect.poll(() => columnNames(page)).toEqual([FRAME, 'bands.png', 'night.png'])
    // The two colours typed in the last test, each taken back: the second said "again".
    await page.keyboard.press('Control+z')
    await expect.poll(notice).toBe('Undid an edit in bands.png.')
    await page.keyboard.press('Control+z')
    await expect.poll(notice).toBe('Undid an edit in bands.png again.')
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(notice).toBe('Redid an edit in bands.png.')
    expect(app.pageErrors).toEqual([])
  })

  it('names each A and B button after its palette and its column', async () => {
    const names = await app.page.getByTestId('pick-a').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''))
    expect(new Set(names).size).toBe(names.length)
    expect(names).toContain('Compare Median cut for bands.png as A')
    expect(names).toContain('Compare Median cut for night.png as A')
    expect(names).toContain('Compare your palette for night.png as A')
  })

  it('keeps every figure of the readout in a window 520 px wide', async () => {
    const { page } = app
    await page.setViewportSize({ width: 520, height: 700 })
    try {
      await page.getByTestId('readout-delta').waitFor()
      const readout = page.getByRole('region', { name: 'Difference between two palettes' })
      expect(await readout.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0)
      for (const id of ['readout-correct', 'readout-delta', 'readout-pairs']) {
        const box = await page.getByTestId(id).boundingBox()
        expect((box?.x ?? Infinity) + (box?.width ?? 0), id).toBeLessThanOrEqual(520)
      }
    } finally {
      await page.setViewportSize({ width: 1400, height: 860 })
    }
  })

  it('shows the preview of a 4000 × 8 or 8 × 4000 image at least MIN_SHOWN_SIDE px across, not as a hairline', async () => {
    const { page } = app
    await addImages(['wide.png', 'tall.png'])
    /** The box an <img> draws its picture in (inside its padding), in CSS px. */
    const drawn = (index: number): Promise<{ width: number; height: number; fit: string }> =>
      column(page, index)
        .locator('img.thumb')
        .evaluate(async (el) => {
          await (el as unknown as { decode(): Promise<void> }).decode()
          const style = el.ownerDocument.defaultView!.getComputedStyle(el)
          const px = (side: string): number => parseFloat(style.getPropertyValue(`padding-${side}`))
          const box = el.getBoundingClientRect()
          return { width: box.width - px('left') - px('right'), height: box.height - px('top') - px('bottom'), fit: style.objectFit }
        })
    await expect.poll(() => drawn(3).then((d) => d.fit)).toBe('fill')
    const [wide, tall, bands] = [await drawn(3), await drawn(4), await drawn(1)]
    expect(wide.height).toBeCloseTo(MIN_SHOWN_SIDE, 0)
    expect(wide.width).toBeGreaterThan(200)
    expect(tall.width).toBeCloseTo(MIN_SHOWN_SIDE, 0)
    expect(tall.height).toBeGreaterThan(100)
    // An image of a usual shape is shown whole in its box, as before.
    expect(bands.fit).toBe('contain')
    expect(app.pageErrors).toEqual([])
  })

  it('on a full board, says so before a dialog opens, and stops saying so once an undo makes room', async () => {
    const { page, bridge } = app
    const before = await columnNames(page)
    const groups = Array.from({ length: MAX_BOARD_COLUMNS - before.length }, (_, i) => ({ name: `G${i + 1}`, swatches: [{ name: `s${i}`, rgb: [i % 256, 40, 90] as [number, number, number] }] }))
    await writeFile(join(dir, 'many.ase'), encodeSwatchFile('ase', { groups, loose: [] }))
    bridge.dialogs.queue('openFile', join(dir, 'many.ase'))
    await page.getByTestId('import-swatches').click()
    await expect.poll(async () => (await columnNames(page)).length, { timeout: 60_000 }).toBe(MAX_BOARD_COLUMNS)
    bridge.dialogs.reset()
    const error = page.getByTestId('board-error')
    await page.getByTestId('add-images').click()
    await expect.poll(() => error.innerText()).toContain('The board is full (it holds 300 columns): remove columns to make room before adding images.')
    await page.getByTestId('import-swatches').click()
    await expect.poll(() => error.innerText()).toContain('The board is full (it holds 300 columns): remove columns to make room before importing swatches.')
    expect(bridge.dialogs.calls).toEqual([])
    await page.getByTestId('board').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+z')
    await expect.poll(() => columnNames(page)).toEqual(before)
    await expect.poll(() => error.count()).toBe(0)
    expect(app.pageErrors).toEqual([])
  })
})
