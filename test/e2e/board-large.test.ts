// A full board (MAX_BOARD_COLUMNS columns, each with a photo-sized preview), restored from its
// autosave: an edit in one column serialises that column alone again (the board's content is
// read by the autosave, the undo guard and the menu after every change: serialising megabytes of
// previews each time made each step of a colour drag take a noticeable pause), and undo and the
// autosave still work at that size.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { MAX_BOARD_COLUMNS } from '../../src/renderer/src/board/project'
import { rgbToHex } from '../../src/renderer/src/lib/color'
import type { Rgb } from '../../src/shared/palette'
import { openApp, type App } from './harness'

let app: App
let dir: string

const swatches = (seed: number): { rgb: Rgb; hex: string; share: number }[] =>
  Array.from({ length: 8 }, (_, i) => {
    const rgb: Rgb = [(seed * 7 + i * 31) % 256, (seed * 13 + i * 17) % 256, (seed * 3 + i * 59) % 256]
    return { rgb, hex: rgbToHex(rgb), share: 1 / 8 }
  })

/** A noisy JPEG preview of about 50,000 characters, as a photo's usually is. */
async function preview(seed: number): Promise<string> {
  const [width, height] = [320, 220]
  const raw = Buffer.alloc(width * height * 3, 0).map((_, i) => (Math.sin(i * 0.001 * (seed + 1)) * 127 + 128 + ((i * 2654435761 + seed) % 97)) & 255)
  const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer()
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-large-'))
  const previews = await Promise.all(Array.from({ length: 10 }, (_, i) => preview(i)))
  const columns = Array.from({ length: MAX_BOARD_COLUMNS }, (_, i) => ({
    id: `c${i}`,
    name: `photo-${i}.jpg`,
    kind: 'image',
    path: `/photos/photo-${i}.jpg`,
    thumb: previews[i % previews.length],
    palettes: (['median-cut', 'kmeans', 'neural'] as const).map((method, m) => ({ method, swatches: swatches(i + m) })),
    edited: swatches(i).map(({ rgb, share }) => ({ rgb, name: '', locked: false, share }))
  }))
  const compare = { a: { column: 'c0', kind: 'median-cut' }, b: { column: 'c1', kind: 'median-cut' } }
  const board = { format: 'palette-studio-board', version: 1, columns, compare, savedPath: null, savedAt: null, dirty: true }
  await writeFile(join(dir, 'autosave.palette-studio'), JSON.stringify({ format: 'palette-studio-board', version: 1, savedAt: Date.now(), board }))
  app = await openApp({ width: 1400, height: 860 }, {}, { dataDir: dir })
  await app.page.getByTestId('view-board').click()
  await app.page.getByTestId('board-column').nth(MAX_BOARD_COLUMNS - 1).waitFor({ timeout: 60_000 })
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

it('a colour change in one column of a full board serialises no other column again; undo and the autosave still work', async () => {
  const { page } = app
  const column = page.getByTestId('board-column').nth(150)
  const chips = column.locator('[data-testid="palette-row"][data-kind="edited"] [data-testid="chip"]')
  const before = await chips.first().getAttribute('data-hex')
  // One step of a drag in the colour picker; counted until the page has handled it (the effects
  // it sets off run before this timeout, the autosave's own write 400 ms later).
  const others = await page.evaluate(`(async () => {
    const stringify = JSON.stringify
    let count = 0
    JSON.stringify = (...args) => {
      const text = stringify(...args)
      if (text?.includes('"photo-7.jpg"')) count++
      return text
    }
    const picker = document.querySelectorAll('[data-testid="board-column"]')[150].querySelector('input[type=color]')
    picker.value = '#123456'
    picker.dispatchEvent(new Event('input', { bubbles: true }))
    await new Promise((done) => setTimeout(done, 0))
    JSON.stringify = stringify
    return count
  })()`)
  expect(others).toBe(0)
  expect(await chips.first().getAttribute('data-hex')).toBe('#123456')
  // Writing megabytes of previews through the test bridge takes seconds on a busy machine.
  await expect.poll(() => page.getByTestId('autosave-state').innerText(), { timeout: 30_000 }).toBe('Unsaved changes (autosaved)')

  await page.getByTestId('column-undo').nth(150).click()
  expect(await chips.first().getAttribute('data-hex')).toBe(before)
  expect(app.pageErrors).toEqual([])
})
