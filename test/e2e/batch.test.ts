// A folder batch in the app: progress, the failure count with its reason, the palettes added to
// the board (once) and exported as one ASE file; a batch started from the menu shows its panel, a
// second one is refused while one runs, and a cancel keeps the palettes already made.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import sharp from 'sharp'
import { readAse } from '../../src/main/formats'
import { ShellError } from '../../src/main/handlers/errors'
import { bandsPng, channelDistance, FIVE_BANDS, rgbOfHex } from './images'
import { openApp, type App } from './harness'

let app: App
let dir: string
let out: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-batch-'))
  out = await mkdtemp(join(tmpdir(), 'palette-batch-out-'))
  await writeFile(join(dir, 'one.png'), await bandsPng(FIVE_BANDS))
  await writeFile(join(dir, 'two.png'), await bandsPng([...FIVE_BANDS].reverse()))
  // Cut off after its signature and header: a PNG that was never finished copying.
  await writeFile(join(dir, 'broken.png'), (await bandsPng(FIVE_BANDS)).subarray(0, 60))
  app = await openApp()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
  await rm(out, { recursive: true, force: true })
})

describe('Folder batch', () => {
  it('shows progress, counts the corrupt file as failed with its reason, and keeps the others', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-board').click()
    bridge.dialogs.queue('openFolder', dir)
    await page.getByTestId('add-folder').click()
    await expect.poll(() => page.getByTestId('batch-counts').innerText(), { timeout: 60_000 }).toMatch(/^3 of 3 images · 1\s+failed/)
    await page.getByTestId('batch-failure').waitFor()
    const failure = await page.getByTestId('batch-failure').innerText()
    expect(failure).toMatch(/^broken\.png: /)
    expect(failure.length).toBeGreaterThan('broken.png: '.length + 10)
    await expect.poll(() => page.getByTestId('batch-cancel').count()).toBe(0)
    await app.shot('batch-01-done')
  })

  it('adds the palettes to the board once, with the previews the batch made (no file read again, a file changed since shows what the palette came from), and exports them all as one ASE file', async () => {
    const { page, bridge } = app
    // Changed on disk after the batch: its column must still show the picture its palette came from.
    await writeFile(join(dir, 'two.png'), await sharp({ create: { width: 600, height: 400, channels: 3, background: '#10e020' } }).png().toBuffer())
    let reads = 0
    const fileReads = (url: URL) => url.pathname.endsWith('readImageFile') || url.pathname.endsWith('displayCopy')
    await page.route(fileReads, async (route) => {
      reads++
      await route.continue()
    })
    await page.getByTestId('batch-add').click()
    await expect.poll(() => page.getByTestId('batch-add').innerText()).toBe('Added 2 to the board')
    await page.unroute(fileReads)
    expect(reads).toBe(0)
    expect(await page.getByTestId('batch-add').isDisabled()).toBe(true)
    expect(await page.getByTestId('board-column').count()).toBe(2)
    const previews = await page.locator('[data-testid="board-column"] img.thumb').evaluateAll((els) => els.map((el) => el.getAttribute('src') ?? ''))
    expect(previews).toHaveLength(2)
    for (const src of previews) expect(src).toMatch(/^data:image\/jpeg;base64,/)
    // Five bands of colour, not the flat green now in the file.
    const two = await sharp(Buffer.from(previews[1].split(',')[1], 'base64')).stats()
    expect(Math.max(...two.channels.map((c) => c.stdev))).toBeGreaterThan(30)
    const names = await page.getByTestId('board-column').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')))
    expect(names).toEqual(['one.png', 'two.png'])
    // Open Recent keeps the folder the user opened, not its images.
    const recent = await page.evaluate<{ value: { items: { path: string }[] } }>('window.paletteStudio.listRecent({})')
    expect(recent.value.items.map((item) => item.path)).toEqual([dir])
    bridge.dialogs.queue('saveFile', { folder: out })
    await page.getByTestId('batch-export').click()
    await expect.poll(() => bridge.dialogs.calls.at(-1)?.kind).toBe('saveFile')
    const saved = bridge.dialogs.calls.at(-1)?.answer as string
    expect(basename(saved)).toBe(`${basename(dir)}.ase`) // the folder's name, not "batch"
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toContain(saved)
    const file = readAse(await readFile(saved))
    expect(file.groups.map((g) => g.name)).toEqual(['one.png', 'two.png'])
    file.groups[0].swatches.forEach((s) => expect(Math.min(...FIVE_BANDS.map((b) => channelDistance(s.rgb, b.rgb)))).toBeLessThanOrEqual(15))
    const hexes = await page.getByTestId('board-column').nth(1).locator('[data-kind="median-cut"] [data-testid="chip"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-hex') ?? ''))
    expect(channelDistance(rgbOfHex(hexes[0]), FIVE_BANDS[0].rgb)).toBeLessThanOrEqual(15)
    await app.shot('batch-02-on-board')
    expect(app.pageErrors).toEqual([])
  })

  it('shows the panel of a batch started from the menu or Open Recent after the user closed it', async () => {
    const { page, bridge } = app
    const showsDone = () => expect.poll(() => page.getByTestId('batch-counts').innerText(), { timeout: 60_000 }).toMatch(/^3 of 3 images · 1\s+failed/)
    await page.getByLabel('Close the batch').click()
    expect(await page.getByTestId('batch-panel').count()).toBe(0)
    bridge.dialogs.queue('openFolder', dir)
    bridge.emit('onMenu', { command: 'open-folder' })
    await showsDone()
    await page.getByTestId('batch-failure').waitFor()
    expect(await page.getByTestId('batch-add').innerText()).toBe('Add 2 to the board')

    await page.getByLabel('Close the batch').click()
    expect(await page.getByTestId('batch-panel').count()).toBe(0)
    bridge.emit('onMenu', { command: 'open-recent', item: { path: dir, name: basename(dir), kind: 'folder', openedAt: Date.now() } })
    await showsDone()
    await page.getByTestId('batch-failure').waitFor()
    expect(app.pageErrors).toEqual([])
  })

  it('refuses a second batch while one runs, and cancelling keeps the palettes already made', async () => {
    const { page, bridge } = app
    // The engine is on two.png (the last file) when the user cancels, and stops it as the real one does.
    const extract = bridge.engine.extract.bind(bridge.engine)
    let stop = (): void => {}
    const stopped = new Promise<void>((r) => (stop = r))
    const onLast = vi.spyOn(bridge.engine, 'extract').mockImplementation(async (request, onProgress) => {
      if (request.source.kind !== 'path' || basename(request.source.path) !== 'two.png') return extract(request, onProgress)
      await stopped
      throw new ShellError('CANCELLED', 'Cancelled.')
    })
    const cancel = vi.spyOn(bridge.engine, 'cancel').mockImplementation(() => {
      stop()
      return true
    })
    try {
      bridge.dialogs.queue('openFolder', dir)
      await page.getByTestId('add-folder').click()
      await expect.poll(() => page.getByTestId('batch-counts').innerText(), { timeout: 60_000 }).toMatch(/^2 of 3 images · 1\s+failed/)

      const dialogs = bridge.dialogs.calls.length
      bridge.emit('onMenu', { command: 'open-folder' })
      await expect.poll(() => page.getByTestId('batch-notice').innerText()).toContain('A batch is already running')
      expect(bridge.dialogs.calls).toHaveLength(dialogs)
      await app.shot('batch-03-already-running')

      await page.getByTestId('batch-cancel').click()
      await expect.poll(() => page.getByTestId('batch-cancelled').count()).toBe(1)
      expect(await page.getByTestId('batch-cancelled').innerText()).toMatch(/^Cancelled after 2 of 3 images\./)
      expect(await page.getByTestId('batch-notice').count()).toBe(0)
      expect(await page.getByTestId('batch-failure').innerText()).toMatch(/^broken\.png: /)
      expect(await page.getByTestId('batch-add').innerText()).toBe('Add 1 to the board')
      expect(await page.getByTestId('batch-export').isEnabled()).toBe(true)
      await app.shot('batch-04-cancelled')
      await page.getByTestId('batch-add').click()
      await expect.poll(() => page.getByTestId('board-column').count()).toBe(3)
      expect(await page.getByTestId('board-column').nth(2).getAttribute('data-name')).toBe('one.png')
    } finally {
      onLast.mockRestore()
      cancel.mockRestore()
    }
    expect(app.pageErrors).toEqual([])
  })
})
