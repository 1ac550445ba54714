// The designer's path through the app, in Chromium against the real engine: open an image, see
// both palettes, edit and undo, export files our readers read back, survive a bad file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAse, readGpl, allColours, loadSwatchFile } from '../../src/main/formats'
import { bandsPng, channelDistance, FIVE_BANDS, hexOf, rgbOfHex } from './images'
import { hexesOf, openApp, valuesOf, type App } from './harness'

let app: App
let dir: string
const image = (): string => join(dir, 'five-bands.png')

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-e2e-'))
  await writeFile(image(), await bandsPng(FIVE_BANDS))
  await writeFile(join(dir, 'holiday.png'), 'this is a text file, not a picture\n')
  app = await openApp()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

const expectColours = (hexes: string[]): void => {
  expect(hexes).toHaveLength(FIVE_BANDS.length)
  hexes.forEach((hex, i) => expect(channelDistance(rgbOfHex(hex), FIVE_BANDS[i].rgb)).toBeLessThanOrEqual(15))
}

/** Each of the palette's tools that cannot act, with its tooltip (which says why). */
const idleTools = (page: App['page']): Promise<string[][]> =>
  page
    .locator(['reset', 'eyedropper', 'add-to-board', 'export-ase', 'export-gpl', 'export-json', 'export-css'].map((id) => `[data-testid="${id}"]`).join(', '))
    .evaluateAll((els) => els.filter((el) => el.getAttribute('aria-disabled') === 'true').map((el) => [el.getAttribute('data-testid') ?? '', el.getAttribute('title') ?? '']))

describe('Palette Studio in Chromium', () => {
  it('before any image, every palette tool is disabled and its tooltip says to open an image first', async () => {
    await app.page.getByTestId('drop-hint').waitFor()
    const tools = await idleTools(app.page)
    expect(tools.map(([id]) => id)).toEqual(['reset', 'eyedropper', 'add-to-board', 'export-ase', 'export-gpl', 'export-json', 'export-css'])
    tools.forEach(([, title]) => expect(title).toBe('Open an image first.'))
    // The menu's Add Image to Board too: with no image it could do nothing.
    await expect.poll(() => app.bridge.menuState().canAddToBoard).toBe(false)
  })

  it('opens an image: ground truth and our palette show its five colours and their shares', async () => {
    const { page, bridge } = app
    await page.getByTestId('drop-hint').waitFor()
    await app.shot('01-empty')
    // The colours checked here are the image's exact bands, which the deterministic methods find;
    // the neural model's accuracy is the evaluation's business (npm run eval), not this test's.
    await page.getByTestId('method').selectOption('median-cut')
    bridge.dialogs.queue('openImages', [image()])
    await page.getByTestId('open').click()
    await page.getByTestId('our-palette-swatch').nth(4).waitFor()
    expectColours(await hexesOf(page, 'ground-truth-swatch'))
    expectColours(await hexesOf(page, 'our-palette-swatch'))
    expectColours(await hexesOf(page, 'swatch'))
    await expect.poll(() => bridge.menuState()).toMatchObject({ canExport: true, canAddToBoard: true })
    // On the (empty) board the menu still adds the image view's image, and has nothing to export.
    bridge.emit('onMenu', { command: 'compare' })
    await expect.poll(() => bridge.menuState()).toMatchObject({ canExport: false, canAddToBoard: true })
    bridge.emit('onMenu', { command: 'show-image' })
    await expect.poll(() => bridge.menuState()).toMatchObject({ canExport: true, canAddToBoard: true })
    const shares = await page.getByTestId('ground-truth-swatch').allInnerTexts()
    shares.forEach((text, i) => {
      const percent = Number(/([\d.]+)%/.exec(text)?.[1])
      expect(Math.abs(percent - FIVE_BANDS[i].share * 100)).toBeLessThan(1.5)
    })
    await expect.poll(() => page.getByTestId('timings').innerText()).toMatch(/total \d+ ms/)
    await app.shot('02-opened')
  })

  it('puts a marker on a pixel of each swatch colour; clicking one selects its swatch', async () => {
    const { page } = app
    await expect.poll(() => page.getByTestId('marker').count()).toBe(5)
    // The pixel under each marker, read from the canvas the app drew (browser code, as a string:
    // this file is type-checked without the DOM library).
    const under = await page.evaluate<[number, number, number][]>(`(() => {
      const canvas = document.querySelector('[data-testid="image-canvas"]')
      const ctx = canvas.getContext('2d')
      return [...document.querySelectorAll('[data-testid="marker"]')].map((m) => {
        const x = Math.floor((parseFloat(m.style.left) / 100) * canvas.width)
        const y = Math.floor((parseFloat(m.style.top) / 100) * canvas.height)
        return [...ctx.getImageData(x, y, 1, 1).data.slice(0, 3)]
      })
    })()`)
    under.forEach((rgb, i) => expect(channelDistance(rgb, FIVE_BANDS[i].rgb)).toBeLessThanOrEqual(15))
    await page.getByTestId('marker').nth(3).click()
    await expect.poll(() => page.getByTestId('swatch-chip').nth(3).getAttribute('aria-pressed')).toBe('true')
  })

  it('edits a swatch and undoes it with the button, the menu and the keyboard', async () => {
    const { page, bridge } = app
    const original = await hexesOf(page, 'swatch')
    await page.getByTestId('swatch-chip').nth(0).click()
    await page.getByTestId('hex-field').fill('#123456')
    await page.getByTestId('hex-field').press('Enter')
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(['#123456', ...original.slice(1)])
    await app.shot('03-edited')
    await page.getByTestId('undo').click()
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(original)
    // The menu before the keys: a menu Undo in the 300 ms after Ctrl+Z is that key's echo (KeyEcho).
    await page.getByTestId('nudge-up').nth(2).click()
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[2]).not.toBe(original[2])
    const nudged = (await hexesOf(page, 'swatch'))[2]
    bridge.emit('onMenu', { command: 'undo' })
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(original)
    await expect.poll(() => bridge.menuState().canRedo).toBe(true)
    await page.getByTestId('swatch-chip').nth(0).focus()
    await page.keyboard.press('Control+Shift+Z')
    await expect.poll(async () => (await hexesOf(page, 'swatch'))[2]).toBe(nudged)
    await page.keyboard.press('Control+z')
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(original)
  })

  it('keeps a locked swatch when the method changes, and shows that method’s timings', async () => {
    const { page } = app
    const before = await hexesOf(page, 'swatch')
    const lock = page.getByTestId('lock').nth(1)
    await lock.click()
    // Pressed, it shows the padlock; its words stay "Lock", as in its name, for speech input.
    expect([await lock.innerText(), await lock.getAttribute('aria-label'), await lock.getAttribute('aria-pressed'), await lock.getByTestId('padlock').count()]).toEqual([
      'Lock',
      'Lock swatch 2',
      'true',
      1
    ])
    await page.getByTestId('method').selectOption('kmeans')
    await expect.poll(() => page.getByTestId('method-info').innerText()).toContain('k-means')
    const after = await hexesOf(page, 'swatch')
    expect(after[1]).toBe(before[1])
    expectColours(after)
    await expect.poll(() => page.getByTestId('timings').innerText()).toMatch(/total \d+ ms/)
    await app.shot('04-kmeans-locked')
  })

  it('exports ASE and GPL with names that our readers read back to the same colours', async () => {
    const { page, bridge } = app
    await page.getByTestId('swatch-name').nth(0).fill('Brick')
    await page.getByTestId('swatch-name').nth(0).press('Enter')
    const hexes = await hexesOf(page, 'swatch')
    const names = await valuesOf(page, 'swatch-name')
    expect(names[0]).toBe('Brick')
    for (const format of ['ase', 'gpl'] as const) {
      bridge.dialogs.queue('saveFile', { folder: dir })
      await page.getByTestId(`export-${format}`).click()
      await expect.poll(() => page.getByTestId('status').innerText()).toContain(`.${format}`)
      const path = bridge.dialogs.calls.filter((c) => c.kind === 'saveFile').at(-1)?.answer
      expect(typeof path).toBe('string')
      const data = await readFile(path as string)
      const colours = allColours(format === 'ase' ? readAse(data) : readGpl(data))
      expect(colours.map((c) => hexOf(c.rgb))).toEqual(hexes)
      expect(colours.map((c) => c.name)).toEqual(names)
    }
  })

  it('File › Export JSON… and Export CSS… write the palette, names and colours', async () => {
    const { page, bridge } = app
    const hexes = await hexesOf(page, 'swatch')
    const names = await valuesOf(page, 'swatch-name')
    bridge.dialogs.queue('saveFile', { folder: dir })
    bridge.emit('onMenu', { command: 'export-json' })
    await expect.poll(() => page.getByTestId('status').innerText()).toContain('five-bands.json')
    const json = allColours(await loadSwatchFile(join(dir, 'five-bands.json')))
    expect(json.map((c) => [c.name, hexOf(c.rgb)])).toEqual(names.map((name, i) => [name, hexes[i]]))
    bridge.dialogs.queue('saveFile', { folder: dir })
    bridge.emit('onMenu', { command: 'export-css' })
    await expect.poll(() => page.getByTestId('status').innerText()).toContain('five-bands.css')
    const css = await readFile(join(dir, 'five-bands.css'), 'utf8')
    hexes.forEach((hex) => expect(css).toContain(hex))
    expect(css).toContain('/* Brick */')
  })

  it('Cancel in the status bar stops a waiting extraction: the image and palette stay, and it says Cancelled', async () => {
    const { page, bridge } = app
    const before = await hexesOf(page, 'swatch')
    // Big jobs of the test's own keep the engine busy, so the app's extraction waits behind them
    // for as long as the test needs, as behind a large TIFF on the neural method without a GPU.
    // Three, one after another: on a loaded machine one can end before the click lands.
    const big = join(dir, 'big.png')
    const blockers = [1, 2, 3].map((n) => ({ requestId: `test-blocker-${n}`, source: { kind: 'path', path: big }, method: 'neural', forceCpu: true }) as const)
    await writeFile(big, await bandsPng(FIVE_BANDS, 4000, 3000))
    const blocking = Promise.all(blockers.map((blocker) => bridge.engine.extract(blocker).catch(() => undefined)))
    try {
      bridge.dialogs.queue('openImages', [big])
      await page.getByTestId('open').click()
      await page.getByTestId('cancel-extract').click()
      await expect.poll(() => page.getByTestId('notice').innerText()).toBe('Cancelled')
      expect(await page.getByTestId('cancel-extract').count()).toBe(0)
      expect(await page.getByTestId('error').count()).toBe(0)
      expect(await hexesOf(page, 'swatch')).toEqual(before)
      expect(await page.getByTestId('image-canvas').getAttribute('aria-label')).toContain('five-bands.png')
      await app.shot('05-cancelled')
    } finally {
      for (const blocker of blockers) bridge.engine.cancel(blocker.requestId) // the tests after this one need the engine
      await blocking
    }
  })

  it('a bad file shows the engine’s message and keeps the previous image and palette', async () => {
    const { page, bridge } = app
    const before = await hexesOf(page, 'swatch')
    bridge.dialogs.queue('openImages', [join(dir, 'holiday.png')])
    await page.getByTestId('open').click()
    const error = page.getByTestId('error')
    await error.waitFor()
    expect(await error.innerText()).toMatch(/holiday\.png/)
    expect(await hexesOf(page, 'swatch')).toEqual(before)
    expect(await page.getByTestId('image-canvas').getAttribute('aria-label')).toContain('five-bands.png')
    await app.shot('05-bad-file')
  })

  it('adds the image with its edited palette to the board, and asks before another image replaces newer edits', async () => {
    const { page, bridge } = app
    const setHex = async (index: number, hex: string): Promise<void> => {
      await page.getByTestId('swatch-chip').nth(index).click()
      await page.getByTestId('hex-field').fill(hex)
      await page.getByTestId('hex-field').press('Enter')
      await expect.poll(async () => (await hexesOf(page, 'swatch'))[index]).toBe(hex)
    }
    await setHex(2, '#abcdef')
    await page.getByTestId('add-to-board').click()
    await expect.poll(() => page.getByTestId('status').innerText()).toContain('Added five-bands.png to the compare board')
    expect(await page.getByTestId('view-board').innerText()).toBe('Compare board (1)')

    await setHex(3, '#fedcba')
    const edited = await hexesOf(page, 'swatch')
    bridge.dialogs.queue('openImages', [image()])
    await page.getByTestId('open').click()
    await page.getByTestId('replace-question').waitFor()
    await app.shot('07-replace-question')
    // The question has focus: plain keys answer nothing and change nothing it asks about.
    const state = (): Promise<(string | null)[][]> =>
      page.getByTestId('swatch').evaluateAll((cards) =>
        cards.map((card) => [card.getAttribute('data-locked'), card.querySelector('[data-testid="swatch-chip"]')?.getAttribute('aria-pressed') ?? null])
      )
    const before = await state()
    await page.keyboard.press('1')
    await page.keyboard.press('l')
    expect(await state()).toEqual(before)
    await page.getByTestId('replace-cancel').click()
    await expect.poll(() => page.getByTestId('replace-question').count()).toBe(0)
    await expect.poll(() => page.getByTestId('busy').count()).toBe(0)
    expect(await hexesOf(page, 'swatch')).toEqual(edited)

    bridge.dialogs.queue('openImages', [image()])
    await page.getByTestId('open').click()
    await page.getByTestId('replace-add').click()
    await expect.poll(() => hexesOf(page, 'swatch')).not.toContain('#fedcba')
    await expect.poll(() => page.getByTestId('status').innerText()).toContain('Added five-bands.png to the compare board')
    await page.getByTestId('view-board').click()
    const columns = page.getByTestId('board-column')
    await expect.poll(() => columns.count()).toBe(2)
    const chips = columns.nth(1).locator('[data-testid="palette-row"][data-kind="edited"] [data-testid="chip"]')
    expect(await chips.evaluateAll((els) => els.map((el) => el.getAttribute('data-hex')))).toEqual(edited)
    expect(await columns.nth(1).getByRole('img', { name: 'five-bands.png' }).count()).toBe(1) // its preview
    // View › Add Image to Board works from the board too, where the image view's keys are not live.
    bridge.emit('onMenu', { command: 'add-to-board' })
    await expect.poll(() => columns.count()).toBe(3)
    await page.getByTestId('view-image').click()
  })

  it('opens an image file dropped onto the window', async () => {
    const { page } = app
    const png = (await bandsPng(FIVE_BANDS.slice(0, 3).reverse(), 300, 200)).toString('base64')
    const transfer = await page.evaluateHandle(`(() => {
      const bytes = Uint8Array.from(atob('${png}'), (c) => c.charCodeAt(0))
      const dt = new DataTransfer()
      dt.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }))
      return dt
    })()`)
    await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer })
    await page.dispatchEvent('body', 'drop', { dataTransfer: transfer })
    await expect
      .poll(() => page.getByTestId('image-canvas').getAttribute('aria-label'), { timeout: 30_000 })
      .toContain('dropped.png')
    // Three flat colours are the three largest swatches (the rest are thin blends at band edges).
    const hexes = (await hexesOf(page, 'ground-truth-swatch')).slice(0, 3)
    const bands = FIVE_BANDS.slice(0, 3).reverse()
    hexes.forEach((hex) => expect(Math.min(...bands.map((b) => channelDistance(rgbOfHex(hex), b.rgb)))).toBeLessThanOrEqual(15))
    expect(await page.getByTestId('error').count()).toBe(0)
    await app.shot('06-dropped')
  })

  it('says why a wholly transparent image has no colours', async () => {
    const { page, bridge } = app
    const clear = sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 90, g: 90, b: 90, alpha: 0 } } })
    await writeFile(join(dir, 'clear.png'), await clear.png().toBuffer())
    bridge.dialogs.queue('openImages', [join(dir, 'clear.png')])
    await page.getByTestId('open').click()
    for (const row of ['ground-truth', 'our-palette']) {
      await expect.poll(() => page.getByTestId(`${row}-none`).innerText(), { timeout: 30_000 }).toBe('No colours: every pixel of the image is transparent')
    }
    // With no colours, there is nothing to pick for or export: the tools say so rather than do nothing.
    const tools = await idleTools(page)
    expect(tools.map(([id]) => id)).toEqual(['reset', 'eyedropper', 'export-ase', 'export-gpl', 'export-json', 'export-css'])
    tools.forEach(([, title]) => expect(title).toBe('Every pixel of the image is transparent: it has no colours.'))
    await page.getByTestId('image-canvas').click() // focus on nothing, where I acts (not on the toolbar's buttons)
    await page.keyboard.press('i')
    expect(await page.getByTestId('eyedropper').getAttribute('aria-pressed')).toBe('false')
  })

  it('says in the status bar that only the first frame of an animation was read; a still image says nothing of frames', async () => {
    const { page, bridge } = app
    // Three 60×40 frames stacked, each one of the bands' colours: an animated GIF of 3 frames.
    const frames = Buffer.concat(FIVE_BANDS.slice(0, 3).map(({ rgb }) => Buffer.alloc(60 * 40 * 3).map((_, i) => rgb[i % 3])))
    await writeFile(join(dir, 'blink.gif'), await sharp(frames, { raw: { width: 60, height: 120, channels: 3, pageHeight: 40 } }).gif().toBuffer())
    bridge.dialogs.queue('openImages', [join(dir, 'blink.gif')])
    await page.getByTestId('open').click()
    const note = page.getByTestId('source-note')
    await expect.poll(() => note.count(), { timeout: 30_000 }).toBe(1)
    expect(await note.innerText()).toBe('first of 3 frames')
    expect(await page.getByTestId('image-canvas').getAttribute('aria-label')).toContain('blink.gif')
    bridge.dialogs.queue('openImages', [image()])
    await page.getByTestId('open').click()
    await expect.poll(() => page.getByTestId('image-canvas').getAttribute('aria-label'), { timeout: 30_000 }).toContain('five-bands.png')
    await expect.poll(() => note.count()).toBe(0)
  })

  it('threw no errors in the page', () => {
    expect(app.pageErrors).toEqual([])
  })
})
