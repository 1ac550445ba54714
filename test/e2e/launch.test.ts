// Files the operating system asks the app to open: a double-clicked board or "Open With" for
// photos (on the command line when the app starts, or later from a second launch). A board opens
// on the compare board, several photos go side by side on it, one photo opens in the Image view,
// and a file the app cannot open is named with the reason.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bandsPng, FIVE_BANDS, NIGHT_BANDS } from './images'
import { columnNames, openApp, type App } from './harness'

let dir: string
let app: App | undefined
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-launch-'))
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS))
  await writeFile(join(dir, 'night.png'), await bandsPng(NIGHT_BANDS))
  await writeFile(join(dir, 'notes.txt'), 'not a picture')
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

/** A board saved by the app itself, with one column. */
async function savedBoard(): Promise<string> {
  const maker = await openApp()
  try {
    const { page, bridge } = maker
    await page.getByTestId('view-board').click()
    bridge.dialogs.queue('openImages', [join(dir, 'bands.png')])
    await page.getByTestId('add-images').click()
    await page.getByTestId('board-column').waitFor({ timeout: 60_000 })
    bridge.dialogs.queue('saveFile', { folder: dir })
    await page.getByTestId('save-board').click()
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toContain('board.palette-studio')
  } finally {
    await maker.close()
  }
  return join(dir, 'board.palette-studio')
}

describe('Files the operating system asks us to open', () => {
  it('a double-clicked board opens on the compare board; a file it cannot open is named', async () => {
    const board = await savedBoard()
    app = await openApp(undefined, undefined, { launchFiles: [board, join(dir, 'notes.txt')] })
    const { page } = app
    await page.getByTestId('board-column').waitFor({ timeout: 60_000 })
    expect(await page.getByRole('tab', { selected: true }).innerText()).toMatch(/^Compare board/)
    expect(await columnNames(page)).toEqual(['bands.png'])
    expect(await page.getByTestId('board-error').innerText()).toContain(
      '"notes.txt" is not an image, a film, a folder or a board, so Palette Studio cannot open it.'
    )
    await app.shot('launch-01-board')
  })

  it('photos opened with the running app go side by side on the board', async () => {
    const { page, bridge } = app!
    await bridge.launch([join(dir, 'bands.png'), join(dir, 'night.png')])
    await expect.poll(() => columnNames(page), { timeout: 60_000 }).toEqual(['bands.png', 'bands.png', 'night.png'])
    expect(await page.getByTestId('board-error').count()).toBe(0)
  })

  it('one photo opens in the Image view with its palette', async () => {
    const { page, bridge } = app!
    await bridge.launch([join(dir, 'night.png')])
    await expect.poll(() => page.getByRole('tab', { selected: true }).innerText()).toBe('Image')
    await expect.poll(() => page.getByTestId('image-canvas').getAttribute('aria-label'), { timeout: 60_000 }).toBe('Source image night.png')
    await page.getByTestId('swatch').nth(3).waitFor({ timeout: 60_000 }) // four bands, four swatches
    await app!.shot('launch-02-image')
    expect(app!.pageErrors).toEqual([])
  })
})
