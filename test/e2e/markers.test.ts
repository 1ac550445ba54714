// Re-picking a swatch on the image as in Adobe Color: drag its marker, or move it with the arrow
// keys, and the swatch takes the colour under it, with a loupe showing the pixels on the way.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bandsPng, FIVE_BANDS, hexOf } from './images'
import { hexesOf, openApp, type App } from './harness'

const BLUE = hexOf(FIVE_BANDS[1].rgb) // the band at 34%..60% of the width
const YELLOW = hexOf(FIVE_BANDS[2].rgb) // 60%..78%
const MAGENTA_RGB: [number, number, number] = [230, 20, 210]

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-e2e-markers-'))
  const png = await bandsPng(FIVE_BANDS)
  await writeFile(join(dir, 'bands.png'), png)
  await sharp(png).tiff({ compression: 'lzw' }).toFile(join(dir, 'scan.tiff'))
  // The bands with one column of magenta, one pixel wide, at the middle column (301 of 603): one
  // that a scan of every other pixel (the markers' on an image this size) does not see.
  const detail = await sharp(await bandsPng(FIVE_BANDS, 603, 400)).raw().toBuffer()
  for (let y = 0; y < 400; y++) detail.set(MAGENTA_RGB, (y * 603 + 301) * 3)
  await sharp(detail, { raw: { width: 603, height: 400, channels: 3 } }).png().toFile(join(dir, 'detail.png'))
  // The bands with the yellow one at 24 % opacity (a soft shadow) and the last one cut out (alpha 0).
  const cutout = await sharp(png).ensureAlpha().raw().toBuffer()
  for (let p = 0; p < 600 * 400; p++) if (p % 600 >= 360) cutout[p * 4 + 3] = p % 600 < 468 ? 60 : 0
  await sharp(cutout, { raw: { width: 600, height: 400, channels: 4 } }).png().toFile(join(dir, 'cutout.png'))
  // The bands turned on their side and thinned to a strip one pixel wide.
  await sharp(png).rotate(90).resize(1, 1000, { fit: 'fill', kernel: 'nearest' }).png().toFile(join(dir, 'strip.png'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Opens `file`, its palette found by median cut (the bands' colours, in their order). */
async function open(app: App, file: string): Promise<void> {
  await app.page.getByTestId('method').selectOption('median-cut')
  app.bridge.dialogs.queue('openImages', [join(dir, file)])
  app.bridge.emit('onMenu', { command: 'open-image' })
  await app.page.getByTestId('marker').nth(4).waitFor()
}

/** Where marker `index` sits, as fractions of the image's width and height. */
function markerAt(page: Page, index: number): Promise<{ x: number; y: number }> {
  // Browser code, as a string: this file is type-checked without the DOM library.
  return page.evaluate(`(() => {
    const m = document.querySelectorAll('[data-testid="marker"]')[${index}]
    return { x: parseFloat(m.style.left) / 100, y: parseFloat(m.style.top) / 100 }
  })()`)
}

/** A point on the page at fractions of the image's width and height. */
async function onImage(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('image-canvas').boundingBox()
  if (!box) throw new Error('no image on screen')
  return { x: box.x + x * box.width, y: box.y + y * box.height }
}

/** Presses on marker `index` and drags it to `to` (page coordinates), without letting go. */
async function grab(page: Page, index: number, to: { x: number; y: number }): Promise<void> {
  const box = await page.getByTestId('marker').nth(index).boundingBox()
  if (!box) throw new Error('no marker on screen')
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(to.x, to.y, { steps: 8 })
}

const hexOfSwatch = async (page: Page, index: number): Promise<string> => (await hexesOf(page, 'swatch'))[index]

describe('markers on a PNG', () => {
  let app: App
  beforeAll(async () => {
    app = await openApp({ width: 1100, height: 720 })
    await open(app, 'bands.png')
  })
  afterAll(async () => {
    await app?.close()
  })

  it('dragging a marker re-picks its swatch live, keeps the marker where dropped, and is one undo step', async () => {
    const { page } = app
    const original = await hexesOf(page, 'swatch')
    expect(original[0]).not.toBe(BLUE)
    // Over the blue band to the yellow one, then back into the blue one, off its middle.
    await grab(page, 0, await onImage(page, 0.7, 0.3))
    await expect.poll(() => hexOfSwatch(page, 0)).toBe(YELLOW)
    const blue = await onImage(page, 0.4, 0.3)
    await page.mouse.move(blue.x, blue.y, { steps: 8 })
    await expect.poll(() => hexOfSwatch(page, 0)).toBe(BLUE)
    expect(await page.getByTestId('loupe').isVisible()).toBe(true)
    await app.shot('markers-drag')
    await page.mouse.up()
    await expect.poll(() => page.getByTestId('loupe').count()).toBe(0)
    expect(await hexesOf(page, 'swatch')).toEqual([BLUE, ...original.slice(1)])
    // Where it was dropped, not where the blue band's colour would be located (its middle, 47%).
    const dropped = await markerAt(page, 0)
    expect(dropped.x).toBeCloseTo(0.4, 2)
    expect(dropped.y).toBeCloseTo(0.3, 2)
    await page.keyboard.press('Control+z')
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(original)
    expect((await markerAt(page, 0)).x).toBeLessThan(0.34) // located again, in the red band
    expect(await page.getByTestId('undo').isDisabled()).toBe(true)
  })

  it('a click on a marker without moving it only selects its swatch', async () => {
    const { page } = app
    const before = await hexesOf(page, 'swatch')
    const at = await markerAt(page, 2)
    await page.getByTestId('marker').nth(2).click()
    await expect.poll(() => page.getByTestId('swatch-chip').nth(2).getAttribute('aria-pressed')).toBe('true')
    expect(await hexesOf(page, 'swatch')).toEqual(before)
    expect(await markerAt(page, 2)).toEqual(at)
    expect(await page.getByTestId('undo').isDisabled()).toBe(true)
  })

  it('arrow keys move a focused marker by image pixels and re-pick its colour; the run is one undo step', async () => {
    const { page } = app
    const before = await hexesOf(page, 'swatch')
    expect(before[1]).not.toBe(YELLOW) // the blue band's colour, as median cut found it
    const marker = page.getByTestId('marker').nth(1)
    const start = await markerAt(page, 1)
    await marker.focus()
    // 600 image pixels across: ten Shift+→ are 100 pixels, from the blue band's middle into the yellow band.
    for (let i = 0; i < 10; i++) await page.keyboard.press('Shift+ArrowRight')
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => hexOfSwatch(page, 1)).toBe(YELLOW)
    const moved = await markerAt(page, 1)
    expect((moved.x - start.x) * 600).toBeCloseTo(100, 2)
    expect((moved.y - start.y) * 400).toBeCloseTo(1, 2)
    expect(await page.getByTestId('loupe').isVisible()).toBe(true)
    expect(await page.evaluate(`document.activeElement?.dataset.testid`)).toBe('marker')
    await page.keyboard.press('Control+z')
    await expect.poll(() => hexesOf(page, 'swatch')).toEqual(before)
    expect(await page.getByTestId('undo').isDisabled()).toBe(true)
    await page.getByTestId('swatch-chip').nth(1).focus()
    await expect.poll(() => page.getByTestId('loupe').count()).toBe(0)
  })

  it('the eyedropper shows the loupe at the pointer, and picks the pixel in its middle', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(0).click()
    await page.getByTestId('eyedropper').click()
    const aim = await onImage(page, 0.47, 0.5) // the blue band's middle
    await page.mouse.move(aim.x, aim.y, { steps: 4 })
    expect(await page.getByTestId('loupe').isVisible()).toBe(true)
    const middle = await page.evaluate<string>(`(() => {
      const c = document.querySelector('[data-testid="loupe"]')
      const [r, g, b] = c.getContext('2d').getImageData(c.width / 2, c.height / 2, 1, 1).data
      return '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')
    })()`)
    expect(middle).toBe(BLUE)
    await page.mouse.click(aim.x, aim.y)
    await expect.poll(() => hexOfSwatch(page, 0)).toBe(BLUE)
    expect(await page.getByTestId('loupe').count()).toBe(0) // a pick ends the eyedropper, and its loupe
    await page.keyboard.press('Control+z')
  })

  it('tells everyone a marker can be moved with the arrow keys', async () => {
    const hint = await app.page.evaluate(`(() => {
      const marker = document.querySelector('[data-testid="marker"]')
      return document.getElementById(marker.getAttribute('aria-describedby')).textContent
    })()`)
    expect(hint).toMatch(/arrow keys/)
    expect(app.pageErrors).toEqual([])
  })
})

describe('markers on a HiDPI screen (200 %)', () => {
  let app: App
  beforeAll(async () => {
    app = await openApp({ width: 1100, height: 720 }, { deviceScaleFactor: 2 })
    await open(app, 'bands.png')
  })
  afterAll(async () => {
    await app?.close()
  })

  it('draws the loupe in the screen’s pixels, not scaled up from CSS pixels', async () => {
    const { page } = app
    await grab(page, 0, await onImage(page, 0.4, 0.3))
    await expect.poll(() => hexOfSwatch(page, 0)).toBe(BLUE)
    // Browser code, as a string: this file is type-checked without the DOM library.
    const size = await page.evaluate(`(() => {
      const canvas = document.querySelector('[data-testid="loupe"]')
      return { backing: canvas.width, css: canvas.clientWidth, rendering: getComputedStyle(canvas).imageRendering }
    })()`)
    expect(size).toEqual({ backing: 198, css: 99, rendering: 'pixelated' })
    // Across the middle of the picked pixel's block (9 CSS pixels from 45): its ring, each line
    // two screen pixels of one colour, black then white, and then the pixel's own colour.
    const row = await page.evaluate(`(() => {
      const canvas = document.querySelector('[data-testid="loupe"]')
      const data = canvas.getContext('2d').getImageData(88, 99, 12, 1).data
      return Array.from({ length: 12 }, (_, x) => Array.from(data.slice(x * 4, x * 4 + 3)))
    })()`)
    await page.mouse.up()
    const [black, white, blue] = [[0, 0, 0], [255, 255, 255], [...FIVE_BANDS[1].rgb]]
    expect(row).toEqual([black, black, white, white, ...Array(8).fill(blue)])
    expect(app.pageErrors).toEqual([])
  })
})

describe('markers on a TIFF (shown from the engine’s display copy)', () => {
  let app: App
  beforeAll(async () => {
    app = await openApp({ width: 1100, height: 720 })
    await open(app, 'scan.tiff')
  })
  afterAll(async () => {
    await app?.close()
  })

  it('dragging a marker re-picks its swatch from the picture', async () => {
    const { page } = app
    await grab(page, 0, await onImage(page, 0.4, 0.5))
    await page.mouse.up()
    await expect.poll(() => hexOfSwatch(page, 0)).toBe(BLUE)
    expect((await markerAt(page, 0)).x).toBeCloseTo(0.4, 2)
    expect(app.pageErrors).toEqual([])
  })
})

describe('markers on a detail and on a strip one pixel wide', () => {
  let app: App
  beforeAll(async () => {
    app = await openApp({ width: 1100, height: 720 })
  })
  afterAll(async () => {
    await app?.close()
  })

  it('a colour picked with the eyedropper has its marker on the pixel picked, a detail one pixel wide too', async () => {
    const { page } = app
    await open(app, 'detail.png')
    await page.getByTestId('swatch-chip').nth(0).click()
    await page.getByTestId('eyedropper').click()
    // A press of the target from the keyboard picks the middle pixel: (301, 200), the magenta column.
    await page.getByTestId('eyedropper-target').press('Enter')
    await expect.poll(() => hexOfSwatch(page, 0)).toBe(hexOf(MAGENTA_RGB))
    const marker = page.getByTestId('marker').nth(0)
    expect(await marker.getAttribute('aria-label')).toMatch(/^Where the image has swatch 1/)
    const at = await markerAt(page, 0)
    expect(at.x).toBeCloseTo(301.5 / 603, 5)
    expect(at.y).toBeCloseTo(200.5 / 400, 5)
    // Undone, the swatch's own colour is located again; redone, the marker is back on the pixel picked.
    await page.keyboard.press('Control+z')
    await expect.poll(async () => (await markerAt(page, 0)).x).toBeLessThan(0.34)
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(async () => (await markerAt(page, 0)).x).toBeCloseTo(301.5 / 603, 5)
  })

  it('the eyedropper takes no colour where the picture is transparent, and says so; its loupe shows nothing there', async () => {
    const { page } = app
    await page.getByTestId('method').selectOption('median-cut')
    app.bridge.dialogs.queue('openImages', [join(dir, 'cutout.png')])
    app.bridge.emit('onMenu', { command: 'open-image' })
    // The colour picked on detail.png is an edit that choosing its method again keeps: asked about.
    await page.getByTestId('replace-discard').click()
    await expect.poll(() => page.getByTestId('image-canvas').getAttribute('aria-label')).toBe('Source image cutout.png')
    await page.getByTestId('marker').nth(0).waitFor()
    await page.getByTestId('swatch-chip').nth(0).click()
    const before = await hexOfSwatch(page, 0)
    await page.getByTestId('eyedropper').click()
    const clear = await onImage(page, 0.9, 0.5)
    await page.mouse.move(clear.x, clear.y, { steps: 4 })
    const middle = await page.evaluate<number[]>(`(() => {
      const c = document.querySelector('[data-testid="loupe"]')
      return [...c.getContext('2d').getImageData(c.width / 2, c.height / 2, 1, 1).data]
    })()`)
    expect(middle[3]).toBe(0) // empty, as off the image: not a black block
    for (const x of [0.9, 0.69]) {
      const at = await onImage(page, x, 0.5) // cut out; the faint yellow, which the palette leaves out too
      await page.mouse.click(at.x, at.y)
      await expect.poll(() => page.getByTestId('notice').innerText()).toBe('That pixel is transparent: pick a visible one.')
      expect(await hexOfSwatch(page, 0)).toBe(before)
      expect(await page.getByTestId('eyedropper-target').isVisible()).toBe(true) // still on, for another try
    }
    const blue = await onImage(page, 0.47, 0.5)
    await page.mouse.click(blue.x, blue.y)
    await expect.poll(() => hexOfSwatch(page, 0)).toBe(BLUE)
    expect(await page.getByTestId('notice').innerText()).toBe(`Swatch 1 picked ${BLUE}`) // the refusal is answered
    await page.keyboard.press('Control+z')
  })

  it('shows a 1×1000 strip one pixel wide, not as nothing, with its markers on it', async () => {
    const { page } = app
    await open(app, 'strip.png')
    const box = async (): Promise<{ width: number; height: number } | null> => page.getByTestId('image-canvas').boundingBox()
    await expect.poll(async () => (await box())?.width).toBe(1)
    expect((await box())?.height).toBeGreaterThan(500)
    // Drawn: the top of the strip is the first band's colour.
    const top = await page.evaluate<string>(`(() => {
      const c = document.querySelector('[data-testid="image-canvas"]')
      const [r, g, b] = c.getContext('2d').getImageData(0, Math.floor(c.height * 0.1), 1, 1).data
      return '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')
    })()`)
    expect(top).toBe(hexOf(FIVE_BANDS[0].rgb))
    expect(await page.getByTestId('marker').nth(0).isVisible()).toBe(true)
    expect(app.pageErrors).toEqual([])
  })
})
