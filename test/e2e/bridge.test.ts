// The test bridge answers the renderer's calls with the app's real handlers and engine, checked
// by the same contract: over raw HTTP (as the shim sends them) and from a real Chromium page.
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser } from 'playwright-core'
import { loadSwatchFile } from '../../src/main/formats'
import { invokeChannel, invokeContract, resultSchema, type InvokeVerb, type PaletteStudioApi, type ResponseOf, type Result } from '../../src/shared/ipc-contract'
import { startBridge, type Bridge } from '../tools/bridge/server'
import { decodeWire, encodeWire } from '../tools/bridge/wire'

let bridge: Bridge
let dir: string
let image: string
const RED = [220, 40, 40]
const BLUE = [30, 60, 200]

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-test-'))
  // A minimal "renderer" so this test does not depend on the Svelte app being built.
  await writeFile(join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><script type="module" src="/app.js"></script></body></html>')
  await writeFile(join(dir, 'app.js'), 'window.appSawApi = typeof window.paletteStudio')
  // Left 3/4 red, right 1/4 blue.
  const pixels = Buffer.alloc(64 * 32 * 3)
  for (let y = 0; y < 32; y++)
    for (let x = 0; x < 64; x++) pixels.set(x < 48 ? RED : BLUE, (y * 64 + x) * 3)
  image = join(dir, 'two colours.png')
  await sharp(pixels, { raw: { width: 64, height: 32, channels: 3 } }).png().toFile(image)
  bridge = await startBridge({ rendererDir: dir })
  // The user opens the folder, as the app does it: main then answers for the files in it.
  bridge.dialogs.queue('openFolder', dir)
  await call('openFolderDialog', {})
})

afterAll(async () => {
  await bridge?.close()
  await rm(dir, { recursive: true, force: true })
})

async function call<V extends InvokeVerb>(verb: V, request: unknown, headers: Record<string, string> = {}): Promise<Result<ResponseOf<V>>> {
  return (await callRaw(verb, request, headers)) as Result<ResponseOf<V>>
}

async function callRaw(verb: string, request: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(`${bridge.url}__bridge/invoke/${encodeURIComponent(`palette-studio:${verb}`)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: encodeWire(request)
  })
  return decodeWire(await response.text())
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.value
}

interface TestPage {
  paletteStudio: PaletteStudioApi
  appSawApi: string
  menuSeen: unknown[]
}

const near = (a: readonly number[], b: readonly number[]): boolean => a.every((v, i) => Math.abs(v - b[i]) <= 15)

describe('test bridge over HTTP', () => {
  it('extracts a real palette from a generated image, in the response shape the contract promises', async () => {
    const result = await call('extract', { requestId: 'r1', method: 'median-cut', source: { kind: 'path', path: image } })
    expect(resultSchema(invokeContract.extract.response).safeParse(result).success).toBe(true)
    const swatches = valueOf(result).palette.swatches
    expect(near(swatches[0].rgb, RED)).toBe(true)
    expect(swatches[0].share).toBeCloseTo(0.75, 1)
    expect(swatches.some((s) => near(s.rgb, BLUE))).toBe(true)
    expect(valueOf(result).source).toMatchObject({ width: 64, height: 32, format: 'png' })
  })

  it('extracts from raw RGBA frame pixels sent as bytes', async () => {
    const data = new Uint8Array(8 * 8 * 4)
    for (let i = 0; i < 64; i++) data.set([...BLUE, 255], i * 4)
    const result = await call('extract', { requestId: 'frame', method: 'kmeans', source: { kind: 'rgba', width: 8, height: 8, data } })
    expect(near(valueOf(result).palette.swatches[0].rgb, BLUE)).toBe(true)
  })

  it('refuses a bad payload with BAD_REQUEST naming the field', async () => {
    const result = await call('extract', { requestId: 'x', method: 'magic', source: { kind: 'path', path: image } })
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(result.ok ? '' : result.error.message).toContain('method')
  })

  it('refuses an unknown channel', async () => {
    expect(await callRaw('deleteEverything', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
  })

  it('refuses a call from a page of another origin', async () => {
    const result = await call('listRecent', {}, { Origin: 'http://evil.example' })
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('reports a damaged image as CORRUPT or NOT_AN_IMAGE with a readable message, and keeps working', async () => {
    const bad = join(dir, 'broken.jpg')
    await writeFile(bad, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]))
    const result = await call('extract', { requestId: 'bad', method: 'kmeans', source: { kind: 'path', path: bad } })
    expect(['CORRUPT', 'NOT_AN_IMAGE']).toContain(result.ok ? 'ok' : result.error.code)
    expect((await call('extract', { requestId: 'good', method: 'kmeans', source: { kind: 'path', path: image } })).ok).toBe(true)
  })

  it('exports through a scripted save dialog to a file the swatch reader reads back', async () => {
    bridge.dialogs.queue('saveFile', { folder: dir })
    const swatches = [
      { rgb: RED, hex: '#dc2828', share: 0.75, name: 'Red' },
      { rgb: BLUE, hex: '#1e3cc8', share: 0.25 }
    ]
    const result = await call('exportPalette', { format: 'ase', groups: [{ name: 'two colours', swatches }], suggestedName: 'two colours' })
    expect(result).toMatchObject({ ok: true, value: { paths: [join(dir, 'two colours.ase')] } })
    const file = await loadSwatchFile(join(dir, 'two colours.ase'))
    expect(file.groups[0].swatches.map((s) => s.rgb)).toEqual([RED, BLUE])
    expect(bridge.dialogs.calls.at(-1)).toMatchObject({ kind: 'saveFile', suggestedName: 'two colours.ase' })
  })

  it('a cancelled save dialog writes nothing', async () => {
    const result = await call('exportPalette', { format: 'gpl', groups: [{ name: 'g', swatches: [{ rgb: RED, hex: '#dc2828', share: 1 }] }], suggestedName: 'nothing' })
    expect(result).toEqual({ ok: true, value: { paths: [] } })
    expect(existsSync(join(dir, 'nothing.gpl'))).toBe(false)
  })

  it('serves images for display and remembers them in Open Recent', async () => {
    const result = await call('readImageFile', { path: image })
    expect(valueOf(result).mime).toBe('image/png')
    expect(Buffer.from(valueOf(result).bytes).equals(await readFile(image))).toBe(true)
    const recent = await call('listRecent', {})
    expect(valueOf(recent).items[0]).toMatchObject({ path: image, kind: 'image', name: 'two colours.png' })
  })

  it('reads an image without adding it to Open Recent when asked, and refuses a flag that is not true or false', async () => {
    const preview = join(dir, 'batch image.png')
    await writeFile(preview, await readFile(image))
    expect(valueOf(await call('readImageFile', { path: preview, recent: false })).name).toBe('batch image.png')
    expect(valueOf(await call('listRecent', {})).items.map((item) => item.path)).not.toContain(preview)
    expect(await call('readImageFile', { path: preview, recent: 'no' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })
})

describe('test bridge in Chromium', () => {
  let browser: Browser | undefined
  afterAll(async () => browser?.close())

  it.skipIf(!existsSync('/usr/bin/chromium'))('gives the page window.paletteStudio before the app runs, with verbs and events', async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    })
    const page = await browser.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (e) => pageErrors.push(String(e)))
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) pageErrors.push(m.text())
    })
    await page.goto(bridge.url)
    await bridge.waitForPage()
    expect(await page.evaluate(() => (globalThis as unknown as TestPage).appSawApi)).toBe('object')

    const palette = await page.evaluate(async (path) => {
      const api = (globalThis as unknown as TestPage).paletteStudio
      const stages: string[] = []
      const off = api.onExtractProgress((p) => stages.push(p.stage))
      const result = await api.extract({ requestId: 'page-1', method: 'median-cut', source: { kind: 'path', path } })
      off()
      return { result, stages }
    }, image)
    expect(valueOf(palette.result).palette.swatches.length).toBeGreaterThanOrEqual(2)
    expect(palette.stages).toContain('queued')

    await page.evaluate(() => {
      const w = (globalThis as unknown as TestPage)
      w.menuSeen = []
      w.paletteStudio.onMenu((command) => w.menuSeen.push(command))
    })
    bridge.emit('onMenu', { command: 'export-ase' })
    await page.waitForFunction(() => (globalThis as unknown as TestPage).menuSeen.length > 0)
    expect(await page.evaluate(() => (globalThis as unknown as TestPage).menuSeen)).toEqual([{ command: 'export-ase' }])

    // Verbs resolve to a Result, even for a bad request; nothing throws in the page.
    const bad = await page.evaluate(() => (globalThis as unknown as TestPage).paletteStudio.readImageFile({ path: 42 as unknown as string }))
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(pageErrors).toEqual([])
    expect(invokeChannel('extract')).toBe('palette-studio:extract')
  }, 90_000)
})
