// A folder batch in the app: progress, the failure count with its reason, the palettes added to
// the board and exported as one ASE file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAse } from '../../src/main/formats'
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

  it('adds the palettes to the board and exports them all as one ASE file', async () => {
    const { page, bridge } = app
    await page.getByTestId('batch-add').click()
    await expect.poll(() => page.getByTestId('board-column').count()).toBe(2)
    const names = await page.getByTestId('board-column').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')))
    expect(names).toEqual(['one.png', 'two.png'])
    bridge.dialogs.queue('saveFile', { folder: out })
    await page.getByTestId('batch-export').click()
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toContain('batch.ase')
    const file = readAse(await readFile(join(out, 'batch.ase')))
    expect(file.groups.map((g) => g.name)).toEqual(['one.png', 'two.png'])
    file.groups[0].swatches.forEach((s) => expect(Math.min(...FIVE_BANDS.map((b) => channelDistance(s.rgb, b.rgb)))).toBeLessThanOrEqual(15))
    const hexes = await page.getByTestId('board-column').nth(1).locator('[data-kind="median-cut"] [data-testid="chip"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-hex') ?? ''))
    expect(channelDistance(rgbOfHex(hexes[0]), FIVE_BANDS[0].rgb)).toBeLessThanOrEqual(15)
    await app.shot('batch-02-on-board')
    expect(app.pageErrors).toEqual([])
  })
})
