// One Chromium page on the built renderer, served by the test bridge with the real engine.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { startBridge, type Bridge, type BridgeOptions } from '../tools/bridge/server'
import { bandsPng, FIVE_BANDS } from './images'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]
const SHOTS = 'test-results'

export interface App {
  page: Page
  bridge: Bridge
  /** Uncaught page errors and console errors: an app that throws is failing even if it looks fine. */
  pageErrors: string[]
  shot(name: string): Promise<void>
  close(): Promise<void>
}

/** `screen.deviceScaleFactor`: 2 for a HiDPI screen (200 %); 1 unless given. `launch`: as main was started (e.g. its command line's files). */
export async function openApp(
  viewport = { width: 1400, height: 860 },
  screen: { deviceScaleFactor?: number } = {},
  launch: BridgeOptions = {}
): Promise<App> {
  const bridge = await startBridge(launch)
  let browser: Browser | undefined
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    const page = await browser.newPage({ viewport, ...screen })
    const pageErrors: string[] = []
    page.on('pageerror', (e) => pageErrors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('favicon')) pageErrors.push(m.text())
    })
    await page.goto(bridge.url)
    await bridge.waitForPage()
    await mkdir(SHOTS, { recursive: true })
    const opened = browser
    return {
      page,
      bridge,
      pageErrors,
      shot: async (name) => void (await page.screenshot({ path: `${SHOTS}/${name}.png` })),
      close: async () => {
        await opened.close()
        await bridge.close()
      }
    }
  } catch (err) {
    await browser?.close()
    await bridge.close()
    throw err
  }
}

/**
 * The app with the five-band test image (`dir`/bands.png) open in the Image view, its palette
 * shown and no extraction left running; the clipboard may be read. Remove `dir` afterwards.
 */
export async function openWithBands(): Promise<{ app: App; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'palette-e2e-'))
  await writeFile(join(dir, 'bands.png'), await bandsPng(FIVE_BANDS))
  const app = await openApp({ width: 1100, height: 720 })
  await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  app.bridge.dialogs.queue('openImages', [join(dir, 'bands.png')])
  app.bridge.emit('onMenu', { command: 'open-image' })
  await app.page.getByTestId('swatch').nth(4).waitFor()
  await app.page.getByTestId('busy').waitFor({ state: 'detached' })
  return { app, dir }
}

/**
 * One openWithBands window shared by a test file's tests: opened before the first, closed and its
 * folder removed after the last. `app` and `dir()` may be used once the tests run.
 */
export function bandsForAll(): { app: App; dir: () => string } {
  let opened: { app: App; dir: string } | undefined
  beforeAll(async () => {
    opened = await openWithBands()
  })
  afterAll(async () => {
    await opened?.app.close()
    if (opened) await rm(opened.dir, { recursive: true, force: true })
  })
  const held = (): { app: App; dir: string } => {
    if (!opened) throw new Error('The shared window opens in beforeAll: use it inside tests.')
    return opened
  }
  const app: App = {
    get page() {
      return held().app.page
    },
    get bridge() {
      return held().app.bridge
    },
    get pageErrors() {
      return held().app.pageErrors
    },
    shot: (name) => held().app.shot(name),
    close: () => held().app.close()
  }
  return { app, dir: () => held().dir }
}

/** The hex codes a palette row or the editor shows, in order. */
export async function hexesOf(page: Page, testid: string): Promise<string[]> {
  const items = await page.getByTestId(testid).all()
  return Promise.all(items.map(async (item) => (await item.getAttribute('data-hex')) ?? ''))
}

/** The names of the compare board's columns, in order. */
export function columnNames(page: Page): Promise<string[]> {
  return page.getByTestId('board-column').evaluateAll((els) => els.map((el) => el.getAttribute('data-name') ?? ''))
}

/** The value of each matching input, in order. */
export async function valuesOf(page: Page, testid: string): Promise<string[]> {
  return Promise.all((await page.getByTestId(testid).all()).map((item) => item.inputValue()))
}

/** Drops one file (name, type and bytes) on the element `selector` matches, as a drag from the desktop does. */
export async function dropFile(page: Page, selector: string, file: { name: string; type: string; bytes: Buffer }): Promise<void> {
  const transfer = await page.evaluateHandle(`(() => {
    const dt = new DataTransfer()
    dt.items.add(new File([Uint8Array.from(atob('${file.bytes.toString('base64')}'), (c) => c.charCodeAt(0))], ${JSON.stringify(file.name)}, { type: ${JSON.stringify(file.type)} }))
    return dt
  })()`)
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: transfer })
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer })
}

/**
 * Holds the page's extraction number `passed` + 1 at the bridge (a frame in flight at the engine)
 * until `release`, which lets it through and resolves once the engine has answered it.
 */
export async function holdExtraction(page: Page, passed: number): Promise<{ holding: () => boolean; release: () => Promise<void> }> {
  let seen = 0
  let holding = false
  let letGo = (): void => {}
  const released = new Promise<void>((done) => (letGo = done))
  await page.route('**/__bridge/invoke/**', async (route) => {
    if (!route.request().url().endsWith('extract') || seen++ !== passed) return route.continue()
    holding = true
    await released
    await route.fulfill({ response: await route.fetch() })
  })
  return {
    holding: () => holding,
    release: async () => {
      letGo()
      await page.unrouteAll({ behavior: 'wait' })
    }
  }
}
