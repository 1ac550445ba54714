// A board takes at most 300 columns however they come: a board file opened with 300 keeps them
// all, and the Image view's Add to board and a film strip are refused on it with the reason, until
// columns go.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestVideo, type TestVideo } from '../tools/make-test-video'
import { bandsPng, FIVE_BANDS } from './images'
import { openFilm } from './film-harness'
import { openApp, type App } from './harness'

const FULL = 300
let app: App
let dir: string
let film: TestVideo

/** A saved board of `count` one-colour columns, as the app writes project files. */
function boardFile(count: number): string {
  const columns = Array.from({ length: count }, (_, i) => ({
    id: `column-${i}`,
    name: `c${i}.png`,
    kind: 'image',
    palettes: [{ method: 'median-cut', swatches: [{ rgb: [i % 256, 40, 90], hex: `#${(i % 256).toString(16).padStart(2, '0')}285a`, share: 1 }] }],
    edited: []
  }))
  const board = { format: 'palette-studio-board', version: 1, columns, compare: { a: null, b: null }, savedPath: null, savedAt: null, dirty: false }
  return JSON.stringify({ format: 'palette-studio-board', version: 1, savedAt: 1, board })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-board-full-'))
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS))
  await writeFile(join(dir, 'full.palette-studio'), boardFile(FULL))
  film = await makeTestVideo(join(dir, 'film.webm'), 'webm-vp9')
  app = await openApp()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('a full board', () => {
  it('refuses the Image view’s image, says why and what to do, and takes it once a column is removed', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-board').click()
    bridge.dialogs.queue('openFile', join(dir, 'full.palette-studio'))
    await page.getByTestId('open-board').click()
    await expect.poll(() => page.getByTestId('view-board').innerText(), { timeout: 60_000 }).toBe(`Compare board (${FULL})`)

    await page.getByTestId('view-image').click()
    bridge.dialogs.queue('openImages', [join(dir, 'bands.png')])
    await page.getByTestId('open').click()
    await page.getByTestId('marker').first().waitFor({ timeout: 60_000 })
    await page.getByTestId('add-to-board').click()
    await expect
      .poll(() => page.getByTestId('error').innerText())
      .toContain('The board is full (it holds 300 columns), so the image was not added. Remove columns to make room and add it again.')
    expect(await page.getByTestId('view-board').innerText()).toBe(`Compare board (${FULL})`)

    await page.getByTestId('view-board').click()
    await page.getByTestId('column-remove').first().click()
    await page.getByTestId('view-image').click()
    await page.getByTestId('add-to-board').click()
    await expect.poll(() => page.getByTestId('status').innerText()).toContain('Added bands.png to the compare board')
    expect(await page.getByTestId('view-board').innerText()).toBe(`Compare board (${FULL})`)
    expect(app.pageErrors).toEqual([])
  })

  it('takes a film strip whole or not at all: on a board without room for every frame, none is added', async () => {
    const { page } = app
    await openFilm(app, film.path, { length: /\/ 00:06\.0\d\d$/ })
    await page.getByTestId('strip-count').fill('3')
    await page.getByTestId('sample-strip').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 90_000 }).toBe('3 frames sampled.')

    await page.getByTestId('view-board').click()
    await page.getByTestId('column-remove').first().click()
    await page.getByTestId('view-film').click()
    await page.getByTestId('strip-to-board').click()
    expect(await page.getByTestId('film-message').innerText()).toBe(
      'The board has room for 1 more column and the strip has 3 frames, so it was not added. Remove 2 columns and add it again, or save the strip as an ASE file.'
    )
    expect(await page.getByTestId('view-board').innerText()).toBe(`Compare board (${FULL - 1})`)

    await page.getByTestId('view-board').click()
    await page.getByTestId('column-remove').first().click()
    await page.getByTestId('column-remove').first().click()
    await page.getByTestId('view-film').click()
    await page.getByTestId('strip-to-board').click()
    expect(await page.getByTestId('film-message').innerText()).toBe('Added 3 frames to the board.')
    expect(await page.getByTestId('view-board').innerText()).toBe(`Compare board (${FULL})`)
    expect(app.pageErrors).toEqual([])
  })
})
