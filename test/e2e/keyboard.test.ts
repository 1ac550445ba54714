// The app as a designer who does not use a mouse meets it, in Chromium against the real engine:
// where focus goes when the control that had it goes or is disabled (a question answered, the
// eyedropper's target, a strip or batch started and ended, Undo at its first step, the swatch
// cards another palette replaces), Escape on a question, and focus rings that show whole and
// stand out from any picture. The shortcuts themselves are shortcuts.test.ts's.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { wcagContrast } from 'culori'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import type { Rgb } from '../../src/shared/palette'
import { makeTestVideo, type TestVideo } from '../tools/make-test-video'
import { bandsPng, FIVE_BANDS, hexOf, NIGHT_BANDS } from './images'
import { columnNames, hexesOf, openApp, type App } from './harness'

let app: App
let dir: string
/** A folder of the two images alone, for the batch. */
let folder: string
let film: TestVideo

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-keyboard-'))
  folder = join(dir, 'folder')
  await mkdir(folder)
  await writeFile(join(folder, 'bands.png'), await bandsPng(FIVE_BANDS))
  await writeFile(join(folder, 'night.png'), await bandsPng(NIGHT_BANDS))
  film = await makeTestVideo(join(dir, 'film.webm'), 'webm-vp9')
  app = await openApp({ width: 1100, height: 720 })
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

/** The accessible name of the element with focus, or 'BODY' when focus is nowhere. */
const focused = (page: Page): Promise<string> =>
  page.evaluate(`(() => {
    const el = document.activeElement
    return !el || el === document.body ? 'BODY' : el.getAttribute('aria-label') ?? el.textContent.trim()
  })()`)
const hasFocus = (target: Locator): Promise<boolean> => target.evaluate((el) => el === el.ownerDocument.activeElement)

/** Focuses `target` and presses `key` there, as a keyboard user who tabbed to it would. */
async function press(target: Locator, key: string): Promise<void> {
  await target.focus()
  await target.press(key)
}

/** The colour of the screen at each point. */
async function coloursAt(page: Page, points: { x: number; y: number }[]): Promise<Rgb[]> {
  const { data, info } = await sharp(await page.screenshot()).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return points.map(({ x, y }) => {
    const at = (Math.floor(y) * info.width + Math.floor(x)) * info.channels
    return [data[at], data[at + 1], data[at + 2]]
  })
}

/**
 * The middle of each side (top, right, bottom, left) of the element's focus ring, `out` pixels
 * further out from its centre line (negative: in), and the ring's colour.
 */
const ringOf = (target: Locator, out = 0): Promise<{ colour: Rgb; points: { x: number; y: number }[] }> =>
  target.evaluate((el, out) => {
    const style = el.ownerDocument.defaultView!.getComputedStyle(el)
    const { top, right, bottom, left } = el.getBoundingClientRect()
    const d = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2 + out
    const [x, y] = [(left + right) / 2, (top + bottom) / 2]
    const [r, g, b] = (style.outlineColor.match(/\d+/g) ?? []).map(Number)
    return { colour: [r, g, b] as Rgb, points: [{ x, y: top - d }, { x: right + d, y }, { x, y: bottom + d }, { x: left - d, y }] }
  }, out)

/** The focused element's ring shows whole: nothing beside it paints over the middle of any side. */
async function expectWholeRing(page: Page, target: Locator): Promise<void> {
  expect(await target.evaluate((el) => el.matches(':focus-visible'))).toBe(true)
  const { colour, points } = await ringOf(target)
  expect(await coloursAt(page, points)).toEqual(points.map(() => colour))
}

/**
 * The focused element's ring against what lies just inside and just outside it (2 px from its
 * centre line, past its 2 px), side by side: the lowest contrast ratio.
 */
async function ringContrast(page: Page, target: Locator): Promise<number> {
  const [ring, inside, outside] = await Promise.all([0, -2, 2].map(async (out) => (await ringOf(target, out)).points))
  const seen = await coloursAt(page, [...ring, ...inside, ...outside])
  const contrast = (a: Rgb, b: Rgb): number => wcagContrast(hexOf(a), hexOf(b))
  const sides = [0, 1, 2, 3].map((i) => Math.min(contrast(seen[i], seen[4 + i]), contrast(seen[i], seen[8 + i])))
  return Math.min(...sides)
}

describe('Image view from the keyboard', () => {
  beforeAll(async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openImages', [join(folder, 'bands.png')])
    await press(page.getByTestId('open'), 'Enter')
    await page.getByTestId('swatch').nth(4).waitFor()
    await page.getByTestId('busy').waitFor({ state: 'detached' })
  })

  it('rings a focused marker so that it stands out from any picture, the selected one too', async () => {
    const { page } = app
    const markers = page.getByTestId('marker')
    await expect.poll(() => markers.count()).toBe(5)
    await markers.nth(3).focus()
    await page.keyboard.press('Tab') // swatch 5's, on the near-white band
    expect(await ringContrast(page, markers.nth(4))).toBeGreaterThanOrEqual(3)
    await markers.nth(1).focus()
    await page.keyboard.press('Shift+Tab') // swatch 1's, the selected one, with a white ring of its own
    expect(await markers.nth(0).getAttribute('class')).toContain('selected')
    expect(await ringContrast(page, markers.nth(0))).toBeGreaterThanOrEqual(3)
  })

  it('the eyedropper’s target and the markers hand focus to each other as they take turns', async () => {
    const { page } = app
    await press(page.getByTestId('marker').nth(1), 'i') // the eyedropper on: the markers go
    expect(await focused(page)).toBe('Pick a colour from the image for swatch 1')
    await page.keyboard.press('Enter') // picks the middle of the picture, and the eyedropper is off
    await expect.poll(() => page.getByTestId('eyedropper').getAttribute('aria-pressed')).toBe('false')
    expect(await focused(page)).toMatch(/^Where the image has swatch 1 \(/)
    await page.keyboard.press('i')
    expect(await focused(page)).toBe('Pick a colour from the image for swatch 1')
    await page.keyboard.press('Escape')
    expect(await focused(page)).toMatch(/^Where the image has swatch 1 \(/)
  })

  it('Escape on the question about an edited palette answers Cancel, and focus goes back to Open image', async () => {
    const { page, bridge } = app
    await page.getByTestId('hex-field').fill('#123456')
    await page.getByTestId('hex-field').press('Enter')
    const edited = await hexesOf(page, 'swatch')
    bridge.dialogs.queue('openImages', [join(folder, 'night.png')])
    await press(page.getByTestId('open'), 'Enter')
    await page.getByTestId('replace-question').waitFor()
    expect(await hasFocus(page.getByTestId('replace-add'))).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('replace-question').count()).toBe(0)
    expect(await focused(page)).toBe('Open image')
    await page.getByTestId('busy').waitFor({ state: 'detached' })
    expect(await hexesOf(page, 'swatch')).toEqual(edited)
  })

  it('Undo pressed back to the first step hands focus to Redo', async () => {
    const { page } = app
    await page.getByTestId('undo').focus()
    for (let i = 0; i < 10 && (await focused(page)) === 'Undo'; i++) await page.keyboard.press('Enter')
    expect(await page.getByTestId('undo').isDisabled()).toBe(true)
    expect(await focused(page)).toBe('Redo')
  })

  it('Dismiss on an error hands focus to Open image', async () => {
    const { page, bridge } = app
    await writeFile(join(dir, 'notes.png'), 'a text file, not a picture\n')
    bridge.dialogs.queue('openImages', [join(dir, 'notes.png')])
    await press(page.getByTestId('open'), 'Enter')
    await page.getByTestId('error').waitFor()
    await press(page.getByRole('button', { name: 'Dismiss error' }), 'Enter')
    await expect.poll(() => page.getByTestId('error').count()).toBe(0)
    expect(await hasFocus(page.getByTestId('open'))).toBe(true)
  })

  it('focus on a chip stays at its place when another method, undo, redo or another image brings new swatches', async () => {
    const { page, bridge } = app
    const chips = page.getByTestId('swatch-chip')
    // The chip with focus is marked: the chip focused after the change must be a new one, at the same place.
    const mark = (): Promise<void> => page.evaluate(`document.activeElement.setAttribute('data-before', '')`)
    const focusedChip = async (): Promise<string> =>
      (await page.evaluate<boolean>(`document.activeElement.hasAttribute('data-before')`)) ? 'the old chip' : (await focused(page)).split(',')[0]
    await chips.nth(1).focus()
    await mark()
    await page.keyboard.press('m')
    await expect.poll(focusedChip, { timeout: 30_000 }).toBe('Swatch 2')
    await page.getByTestId('busy').waitFor({ state: 'detached' })
    for (const key of ['Control+z', 'Control+y']) {
      await mark()
      await page.keyboard.press(key)
      expect(await focusedChip(), key).toBe('Swatch 2')
    }
    // night.png has four colours: focus on the fifth chip goes to the fourth, the nearest.
    await chips.nth(4).focus()
    await mark()
    bridge.dialogs.queue('openImages', [join(folder, 'night.png')])
    await page.keyboard.press('Control+o')
    await expect.poll(focusedChip, { timeout: 30_000 }).toBe('Swatch 4')
    expect(await chips.count()).toBe(NIGHT_BANDS.length)
  })

  it('the Method picker keeps focus while the method chosen with an arrow key extracts, for the next arrow', async () => {
    const { page } = app
    const picker = page.getByTestId('method')
    const methods = await picker.locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('value')))
    const first = await picker.inputValue()
    const at = methods.indexOf(first)
    // night.png has only its own method's palette so far: the one beside it is extracted.
    const [key, back, next] = at > 0 ? ['ArrowUp', 'ArrowDown', methods[at - 1]] : ['ArrowDown', 'ArrowUp', methods[at + 1]]
    const info = page.getByTestId('method-info')
    const shown = await info.innerText()
    await picker.focus()
    await page.keyboard.press(key)
    await expect.poll(() => info.innerText(), { timeout: 60_000 }).not.toBe(shown)
    await page.getByTestId('busy').waitFor({ state: 'detached', timeout: 60_000 })
    expect(await picker.inputValue()).toBe(next)
    expect(await hasFocus(picker)).toBe(true)
    await page.keyboard.press(back)
    await expect.poll(() => picker.inputValue()).toBe(first)
    expect(await hasFocus(picker)).toBe(true)
  })

  it('undo and redo, by key or toolbar button, say so on the status line', async () => {
    const { page } = app
    const notice = page.getByTestId('notice')
    await page.getByTestId('swatch-chip').nth(0).click()
    for (const hex of ['#123456', '#654321']) {
      await page.getByTestId('hex-field').fill(hex)
      await page.getByTestId('hex-field').press('Enter')
    }
    await page.getByTestId('swatch-chip').nth(0).focus()
    await page.keyboard.press('Control+z')
    await expect.poll(() => notice.innerText()).toBe('Undid an edit to the palette.')
    // Said in other words a second time, or the live region would not say it again.
    await page.keyboard.press('Control+z')
    await expect.poll(() => notice.innerText()).toBe('Undid another edit to the palette.')
    await page.keyboard.press('Control+y')
    await expect.poll(() => notice.innerText()).toBe('Redid an edit to the palette.')
    await press(page.getByTestId('undo'), 'Enter')
    await expect.poll(() => notice.innerText()).toBe('Undid an edit to the palette.')
    await press(page.getByTestId('redo'), 'Enter')
    await expect.poll(() => notice.innerText()).toBe('Redid an edit to the palette.')
  })
})

describe('Compare board from the keyboard', () => {
  beforeAll(async () => {
    await press(app.page.getByTestId('view-board'), 'Enter')
  })

  it('the batch’s Cancel hands focus to its Close as the batch ends', async () => {
    const { page, bridge } = app
    let release = (): void => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    const batches = (url: URL): boolean => url.pathname.endsWith('extractFolder')
    await page.route(batches, async (route) => {
      await released
      await route.continue()
    })
    try {
      bridge.dialogs.queue('openFolder', folder)
      await press(page.getByTestId('add-folder'), 'Enter')
      await page.getByTestId('batch-cancel').focus()
      release()
      await expect.poll(() => page.getByTestId('batch-counts').innerText(), { timeout: 60_000 }).toMatch(/^2 of 2 images/)
      await expect.poll(() => page.getByTestId('batch-cancel').count()).toBe(0)
      expect(await focused(page)).toBe('Close the batch')
    } finally {
      await page.unroute(batches)
    }
  })

  it('Add to the board, disabled once pressed, hands focus to the first column it added', async () => {
    const { page } = app
    await press(page.getByTestId('batch-add'), 'Enter')
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toHaveLength(2)
    await expect.poll(() => page.getByTestId('batch-add').innerText()).toBe('Added 2 to the board')
    expect(await focused(page)).toBe((await columnNames(page))[0])
  })

  it('closing the batch hands focus to Add folder…', async () => {
    const { page } = app
    await press(page.getByLabel('Close the batch'), 'Enter')
    await expect.poll(() => page.getByTestId('batch-panel').count()).toBe(0)
    expect(await focused(page)).toBe('Add folder of images to the board')
  })

  it('a column’s Undo pressed back to the first step hands focus to its Redo', async () => {
    const { page } = app
    const [name] = await columnNames(page)
    const hex = page.getByTestId('edited-hex').nth(0)
    await hex.fill('#ff00ff')
    await hex.press('Enter')
    await press(page.getByRole('button', { name: `Undo in ${name}` }), 'Enter')
    await expect.poll(() => page.getByRole('button', { name: `Undo in ${name}` }).isDisabled()).toBe(true)
    expect(await focused(page)).toBe(`Redo in ${name}`)
  })

  it('rings a focused view tab and a focused chip of your palette whole, over the tab and chip beside them', async () => {
    const { page } = app
    await page.getByTestId('view-board').focus()
    await page.keyboard.press('ArrowLeft') // the tabs' own keys: only the shown view's tab is a Tab stop
    await expectWholeRing(page, page.getByTestId('view-image'))
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.getByTestId('view-board').getAttribute('aria-selected')).toBe('true')
    const chips = page.getByTestId('board-column').nth(0).locator('[data-testid="palette-row"][data-kind="edited"] [data-testid="chip"]')
    await chips.nth(0).focus()
    await page.keyboard.press('Tab')
    await expectWholeRing(page, chips.nth(1))
  })

  it('an answer to the question about unsaved changes gives focus back to Open board…', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('saveFile', { folder: dir })
    await press(page.getByTestId('save-board'), 'Enter')
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toContain('board.palette-studio')
    await press(page.getByTestId('column-handle').nth(0), 'Alt+ArrowRight') // a change left unsaved
    bridge.dialogs.queue('openFile', join(dir, 'board.palette-studio'))
    await press(page.getByTestId('open-board'), 'Enter')
    await page.getByTestId('unsaved-question').waitFor()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter') // Discard changes
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toContain('Opened')
    expect(await focused(page)).toBe('Open board from a saved file')
  })

  it('Dismiss on a board message hands focus to Add images…', async () => {
    const { page, bridge } = app
    await writeFile(join(dir, 'broken.ase'), 'not a swatch file')
    bridge.dialogs.queue('openFile', join(dir, 'broken.ase'))
    await press(page.getByTestId('import-swatches'), 'Enter')
    await page.getByTestId('board-error').waitFor()
    await press(page.getByRole('button', { name: 'Dismiss the message' }), 'Enter')
    await expect.poll(() => page.getByTestId('board-error').count()).toBe(0)
    expect(await hasFocus(page.getByTestId('add-images'))).toBe(true)
  })
})

describe('Film view from the keyboard', () => {
  beforeAll(async () => {
    const { page, bridge } = app
    await press(page.getByTestId('view-film'), 'Enter')
    bridge.dialogs.queue('openVideo', film.path)
    await press(page.getByTestId('open-video'), 'Enter')
    await page.getByTestId('film-time').filter({ hasText: /\/ 00:06\.0\d\d$/ }).waitFor({ timeout: 30_000 })
    await page.getByTestId('strip-count').fill('4')
  })

  it('Take this frame, disabled while it takes, has focus again once the frame is on the board', async () => {
    const { page } = app
    await press(page.getByTestId('take-frame'), 'Enter')
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 30_000 }).toMatch(/^Added film\.webm @ .* to the board\.$/)
    expect(await hasFocus(page.getByTestId('take-frame'))).toBe(true)
  })

  it('focus goes from Make strip to its Cancel as the strip starts, and back as it ends', async () => {
    const { page } = app
    await press(page.getByTestId('sample-strip'), 'Enter')
    await expect.poll(() => focused(page)).toBe('Cancel the strip')
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe('4 frames sampled.')
    expect(await hasFocus(page.getByTestId('sample-strip'))).toBe(true)
  })

  it('threw no errors in the page', () => {
    expect(app.pageErrors).toEqual([])
  })
})
