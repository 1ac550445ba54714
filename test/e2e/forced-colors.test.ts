// Colours in a contrast theme (Windows' forced colours), in Chromium against the real engine: what
// shows a colour (a swatch, its ink, a marker, a board chip, a film strip bar) keeps it, while the
// rest of the UI takes the theme's system colours, and the selected swatch still stands out.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { encodeSwatchFile } from '../../src/main/formats'
import { makeTestVideo } from '../tools/make-test-video'
import { rgbOfHex } from './images'
import { openFilm } from './film-harness'
import { bandsForAll, columnNames } from './harness'

const { app, dir } = bandsForAll()
beforeAll(async () => {
  await writeFile(join(dir(), 'brand.gpl'), encodeSwatchFile('gpl', { name: 'Brand', groups: [], loose: [{ name: 'Teal', rgb: [20, 140, 150] }, { name: 'Sand', rgb: [220, 200, 150] }] }))
})

const cssRgb = (hex: string): string => `rgb(${rgbOfHex(hex).join(', ')})`

/** Each element's data-hex (or `hexes[i]`) beside its painted background, and its text colour. */
const painted = (items: Locator) =>
  items.evaluateAll((els) =>
    els.map((el) => {
      const style = el.ownerDocument.defaultView!.getComputedStyle(el)
      return { hex: el.getAttribute('data-hex'), background: style.backgroundColor, color: style.color }
    })
  )

/** A system colour (Highlight, ButtonFace…) as the theme paints it. */
const system = (page: Page, name: string): Promise<string> =>
  page.locator('body').evaluate((body, name) => {
    const probe = body.ownerDocument.createElement('span')
    probe.style.setProperty('forced-color-adjust', 'none')
    probe.style.color = name
    body.append(probe)
    const colour = body.ownerDocument.defaultView!.getComputedStyle(probe).color
    probe.remove()
    return colour
  }, name)

/** Backgrounds equal to each element's own hex code. */
async function expectOwnColours(items: Locator, what: string): Promise<void> {
  const chips = await painted(items)
  expect(chips.length, what).toBeGreaterThan(0)
  for (const chip of chips) expect(chip.background, `${what} ${chip.hex}`).toBe(cssRgb(chip.hex ?? ''))
}

describe('In a contrast theme (forced colours)', () => {
  it('the image view keeps its swatches, their ink and the markers in their colours; the rest takes the theme', async () => {
    const { page } = app
    const chips = page.getByTestId('swatch-chip')
    const inks = (await painted(chips)).map((c) => c.color)
    await page.emulateMedia({ forcedColors: 'active' })
    // The theme is on: an ordinary button is painted in the theme's button colour, not the app's grey.
    expect(await page.getByTestId('add-to-board').evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor)).toBe(await system(page, 'ButtonFace'))

    await expectOwnColours(page.getByTestId('ground-truth-swatch'), 'ground truth')
    await expectOwnColours(page.getByTestId('our-palette-swatch'), 'our palette')
    const hexes = await page.getByTestId('swatch').evaluateAll((els) => els.map((el) => el.getAttribute('data-hex') ?? ''))
    const forced = await painted(chips)
    expect(forced.map((c) => c.background)).toEqual(hexes.map(cssRgb))
    // The hex code on each chip stays in its ink (black or white as the colour needs), not the theme's text colour.
    expect(forced.map((c) => c.color)).toEqual(inks)
    const markers = await painted(page.getByTestId('marker'))
    expect(markers.map((m) => m.background)).toEqual(hexes.map(cssRgb))
    await app.shot('forced-colors-01-image')
  })

  it('the selected swatch still stands out, and a focused chip is ringed in the theme’s highlight', async () => {
    const { page } = app
    await page.getByTestId('swatch-chip').nth(1).click()
    const borders = await page
      .getByTestId('swatch')
      .evaluateAll((els) => els.map((el) => el.ownerDocument.defaultView!.getComputedStyle(el)).map((s) => `${s.borderTopStyle} ${s.borderTopColor}`))
    // The theme draws every card's border: the selected one's is the highlight.
    expect(borders[1]).toBe(`solid ${await system(page, 'Highlight')}`)
    expect(borders.filter((_, i) => i !== 1)).not.toContain(borders[1])
    await page.keyboard.press('Tab')
    await page.keyboard.press('Shift+Tab')
    const ring = await page.getByTestId('swatch-chip').nth(1).evaluate((el) => {
      const style = el.ownerDocument.defaultView!.getComputedStyle(el)
      return [el.matches(':focus-visible'), style.outlineStyle, style.outlineColor]
    })
    expect(ring).toEqual([true, 'solid', await system(page, 'Highlight')])
  })

  it('a board column keeps its chips, its selected chip ringed in the highlight; an imported palette keeps its preview', async () => {
    const { page, bridge } = app
    await page.getByTestId('add-to-board').click()
    await page.getByTestId('view-board').click()
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['bands.png'])
    const column = page.getByTestId('board-column').nth(0)
    const kinds = await column.getByTestId('palette-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-kind') ?? ''))
    expect(kinds).toContain('edited')
    for (const kind of kinds) await expectOwnColours(column.locator(`[data-kind="${kind}"]`).getByTestId('chip'), kind)

    const edited = column.locator('[data-kind="edited"]').getByTestId('chip')
    await edited.nth(2).click()
    const rings = await edited.evaluateAll((els) => els.map((el) => el.ownerDocument.defaultView!.getComputedStyle(el).borderTopColor))
    expect(rings[2]).toBe(await system(page, 'Highlight'))
    rings.filter((_, i) => i !== 2).forEach((ring) => expect(ring).toBe('rgba(0, 0, 0, 0)'))

    bridge.dialogs.queue('openFile', join(dir(), 'brand.gpl'))
    await page.getByTestId('import-swatches').click()
    await expect.poll(() => columnNames(page)).toEqual(['bands.png', 'Brand — brand.gpl'])
    await expectOwnColours(page.getByTestId('board-column').nth(1).getByTestId('thumb-colours').locator('[data-hex]'), 'imported preview')
    await app.shot('forced-colors-02-board')
    expect(app.pageErrors).toEqual([])
  })

  it('the film strip keeps the colours of its bars', async () => {
    const { page } = app
    const film = await makeTestVideo(join(dir(), 'film.webm'), 'webm-vp9')
    await openFilm(app, film.path, { length: /\/ 00:06\.0\d\d$/ })
    await page.getByTestId('strip-count').fill('2')
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe('2 frames sampled.')
    await expectOwnColours(page.getByTestId('strip-swatch'), 'strip')
    await app.shot('forced-colors-03-strip')
    expect(app.pageErrors).toEqual([])
  })
})
