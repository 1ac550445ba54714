// The engine process killed (SIGKILL, as a native crash in a decoder or a model ends it) while the
// designer works: what they are told, that the window keeps working and nothing is left busy, and
// that the next request starts a fresh engine and succeeds.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bandsPng, FIVE_BANDS } from './images'
import { openApp, type App } from './harness'

let app: App
let dir: string
let folder: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-crash-'))
  folder = join(dir, 'batch')
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS))
  // Noise, large: the engine is busy on it long enough to be killed while it works.
  const big = Buffer.alloc(3000 * 2000 * 3)
  for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24
  await writeFile(join(dir, 'big.png'), await sharp(big, { raw: { width: 3000, height: 2000, channels: 3 } }).png().toBuffer())
  // Chromium cannot decode a TIFF: its column's preview is the engine's display copy.
  await sharp(big, { raw: { width: 3000, height: 2000, channels: 3 } }).tiff().toFile(join(dir, 'big.tiff'))
  await mkdir(folder)
  await writeFile(join(folder, 'a-big.png'), await readFile(join(dir, 'big.png')))
  await writeFile(join(folder, 'b-bands.png'), await bandsPng(FIVE_BANDS))
  app = await openApp({ width: 1100, height: 720 })
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

/**
 * The id of the request the engine works on (an extraction's, or display-copy:…), null when none.
 * Only once the engine process is up: a decoder's crash comes from a running engine, and one killed
 * before it said it was ready is an engine that could not start, which the app reports as such.
 */
function working(): string | null {
  const client = app.bridge.engine as unknown as { current: { id: string } | null; processReady: boolean }
  return client.processReady ? (client.current?.id ?? null) : null
}

const busyWith: Record<'extracting' | 'copying', (id: string | null) => boolean> = {
  extracting: (id) => id !== null && !id.startsWith('display-copy:'),
  copying: (id) => id?.startsWith('display-copy:') ?? false
}

/**
 * Kills the engine the moment it works on an extraction (or on a display copy), or at once when
 * `whileBusy` is false: in the same tick as it is seen busy, as a crash strikes mid-request. Any
 * await between the two (finding its process, say) lets a loaded machine finish the request first,
 * and the kill then finds an idle engine, which rightly says nothing.
 */
async function killEngine(whileBusy: boolean | 'copying'): Promise<void> {
  const until = Date.now() + 30_000
  const busy = whileBusy === 'copying' ? busyWith.copying : busyWith.extracting
  for (;;) {
    const pid = app.bridge.enginePid()
    if (pid !== undefined && (!whileBusy || busy(working()))) {
      process.kill(pid, 'SIGKILL')
      return
    }
    if (Date.now() > until) throw new Error(whileBusy ? 'the engine never got the request' : 'no engine process')
    await new Promise((r) => setTimeout(r, 2))
  }
}

const openImage = (path: string): void => {
  app.bridge.dialogs.queue('openImages', [path])
  app.bridge.emit('onMenu', { command: 'open-image' })
}

/** Opens `path` in the Image view and waits until its extraction has been answered and shown. */
async function openAndWait(path: string): Promise<void> {
  const answered = app.page.waitForResponse((r) => r.url().endsWith('%3Aextract'), { timeout: 60_000 })
  openImage(path)
  await answered
  await app.page.getByTestId('busy').waitFor({ state: 'detached', timeout: 10_000 })
}

describe('The engine killed', () => {
  it('while it starts at launch: it is started again, so the app has its methods and works', async () => {
    // A window of its own, whose engine is killed before it has said it is ready.
    const fresh = await openApp({ width: 1100, height: 720 })
    try {
      const engine = fresh.bridge.engine as unknown as { processReady: boolean }
      const until = Date.now() + 20_000
      let killed = false
      while (!killed && !engine.processReady && Date.now() < until) {
        const pid = fresh.bridge.enginePid()
        if (pid !== undefined) process.kill(pid, 'SIGKILL')
        killed = pid !== undefined
        await new Promise((r) => setTimeout(r, 2))
      }
      expect(killed).toBe(true)
      fresh.bridge.dialogs.queue('openImages', [join(dir, 'bands.png')])
      fresh.bridge.emit('onMenu', { command: 'open-image' })
      await fresh.page.getByTestId('swatch').nth(4).waitFor({ timeout: 60_000 })
      await fresh.page.getByTestId('busy').waitFor({ state: 'detached' })
      expect(await fresh.page.getByTestId('error').count()).toBe(0)
      expect(await fresh.page.getByTestId('method').locator('option').count()).toBeGreaterThan(0)
    } finally {
      await fresh.close()
    }
  })

  it('during an Image-view extraction: says so plainly, leaves nothing busy, and the next open works', async () => {
    const { page } = app
    openImage(join(dir, 'big.png'))
    await killEngine(true)
    const error = page.getByTestId('error')
    await error.waitFor({ timeout: 30_000 })
    const text = await error.innerText()
    expect(text).toMatch(/palette engine stopped unexpectedly/i)
    expect(text).toMatch(/try again/i)
    expect(text).not.toMatch(/at .*\.(ts|js):\d+|Error:/)
    await page.getByTestId('busy').waitFor({ state: 'detached', timeout: 10_000 })
    await app.shot('engine-crash-01-image')
    await openAndWait(join(dir, 'bands.png'))
    expect(await page.getByTestId('swatch').count()).toBe(5)
    expect(await page.getByTestId('error').count()).toBe(0)
  })

  it('twice in a row: each request fails plainly and the third works', async () => {
    const { page } = app
    for (let i = 0; i < 2; i++) {
      openImage(join(dir, 'big.png'))
      await killEngine(true)
      await page.getByTestId('error').waitFor({ timeout: 30_000 })
      await page.getByTestId('busy').waitFor({ state: 'detached', timeout: 10_000 })
      expect(await page.getByTestId('error').innerText()).toMatch(/stopped unexpectedly/)
    }
    await page.getByRole('button', { name: 'Dismiss error' }).click()
    await openAndWait(join(dir, 'bands.png'))
    expect(await page.getByTestId('error').count()).toBe(0)
  })

  it('while idle: nothing to say, and the next request restarts it', async () => {
    const { page } = app
    // An engine that is up and has nothing to do, whatever the tests before left.
    await openAndWait(join(dir, 'bands.png'))
    await killEngine(false)
    await new Promise((r) => setTimeout(r, 500))
    expect(await page.getByTestId('error').count()).toBe(0)
    await openAndWait(join(dir, 'bands.png'))
    expect(await page.getByTestId('error').count()).toBe(0)
  })

  it('during a board add: the board says so and stays usable', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-board').click()
    bridge.dialogs.queue('openImages', [join(dir, 'big.png')])
    await page.getByTestId('add-images').click()
    await killEngine(true)
    const error = page.getByTestId('board-error')
    await error.waitFor({ timeout: 30_000 })
    expect(await error.innerText()).toMatch(/stopped unexpectedly/)
    // The Image view, which waited on nothing, does not blame its own image.
    expect(await page.getByTestId('error').count()).toBe(0)
    await expect.poll(() => page.getByTestId('add-images').isEnabled(), { timeout: 10_000 }).toBe(true)
    bridge.dialogs.queue('openImages', [join(dir, 'bands.png')])
    await page.getByTestId('add-images').click()
    await expect.poll(() => page.getByTestId('board-column').count(), { timeout: 60_000 }).toBeGreaterThan(0)
  })

  it('during a folder batch: the file it was on is reported failed and the rest are done', async () => {
    const { page, bridge } = app
    bridge.dialogs.queue('openFolder', folder)
    await page.getByTestId('add-folder').click()
    await killEngine(true)
    await expect.poll(() => page.getByTestId('batch-counts').innerText(), { timeout: 60_000 }).toMatch(/^2 of 2 images · 1\s+failed/)
    const failure = await page.getByTestId('batch-failure').innerText()
    expect(failure).toMatch(/^a-big\.png: .*stopped unexpectedly/)
    await expect.poll(() => page.getByTestId('batch-cancel').count()).toBe(0)
    await app.shot('engine-crash-02-batch')
    expect(app.pageErrors).toEqual([])
  })

  it('while it makes a board column’s preview of a TIFF: the column keeps its palette and says why it has no preview', async () => {
    const { page, bridge } = app
    await page.getByTestId('view-board').click()
    const before = await page.getByTestId('board-column').count()
    bridge.dialogs.queue('openImages', [join(dir, 'big.tiff')])
    await page.getByTestId('add-images').click()
    await killEngine('copying')
    await expect.poll(() => page.getByTestId('board-column').count(), { timeout: 60_000 }).toBe(before + 1)
    const column = page.getByTestId('board-column').nth(before)
    const problem = (await column.getByTestId('thumb-problem').innerText()).replace(/\s+/g, ' ')
    expect(problem).toMatch(/^The preview could not be made\. The palette engine stopped unexpectedly/)
    // A status, so a screen reader says it as the column comes, not only when it reaches it.
    expect((await column.getByRole('status').innerText()).replace(/\s+/g, ' ')).toBe(problem)
    expect(await column.getByTestId('thumb-colours').count()).toBe(1)
    expect(await page.getByTestId('board-error').count()).toBe(0)
    await app.shot('engine-crash-03-preview')
    expect(app.pageErrors).toEqual([])
  })
})
