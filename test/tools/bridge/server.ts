// The test bridge: serves the built renderer to a real browser (Debian's Chromium) and answers
// its `window.paletteStudio` calls over loopback HTTP with the app's own handlers, validated by
// the same contract, with the real engine in a child process. Only dialogs are scripted.
// Start it from a test with `startBridge()`, or by hand: see README.md next to this file.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { build } from 'esbuild'
import { z } from 'zod'
import { appContentResponse } from '../../../src/main/app-content'
import { contentSecurityPolicy, MEDIA_PATH } from '../../../src/main/content-security'
import { EngineClient } from '../../../src/main/engine-client'
import { nodeEngineFork } from '../../../src/main/engine-process-node'
import { dispatch } from '../../../src/main/handlers/dispatch'
import { PathGrants } from '../../../src/main/handlers/grants'
import { LaunchQueue } from '../../../src/main/launch-files'
import { createHandlers } from '../../../src/main/handlers/handlers'
import { MediaRegistry } from '../../../src/main/handlers/media'
import type { MenuState, ShellServices } from '../../../src/main/handlers/services'
import { INITIAL_MENU_STATE } from '../../../src/main/menu'
import { RecentStore } from '../../../src/main/recent'
import { eventChannel, eventContract, MenuCommandSchema, type EventName, type EventPayload, type RecentItem } from '../../../src/shared/ipc-contract'
import { DIALOG_KINDS, DialogAnswerSchema, ScriptedDialogs } from './scripted-dialogs'
import { encodeWire, decodeWire } from './wire'

const ROOT = resolve(__dirname, '../../..')
const CHANNEL_PREFIX = 'palette-studio:'

export interface BridgeOptions {
  /** 0 (default) picks a free port. */
  port?: number
  /** The built renderer; default out/renderer. */
  rendererDir?: string
  /** Where recent.json and the autosave go; default a fresh temp folder, removed on close. */
  dataDir?: string
  /** Neural models; default resources/models. */
  modelsDir?: string
  /** Engine time limit per extraction. */
  timeoutMs?: number
  /** Files on the command line, as when the OS starts the app to open them (double-click). */
  launchFiles?: string[]
}

export interface Bridge {
  /** e.g. http://127.0.0.1:41234/ — open this page in the browser. */
  url: string
  dialogs: ScriptedDialogs
  clipboard: string[]
  menuState: () => MenuState
  /** The window as main holds it: whether closing it asks the page first (askBeforeClose), and how often the page closed it (closeWindow). */
  window: () => WindowState
  /** Open Recent as main would show it now. */
  recent: () => Promise<RecentItem[]>
  /** Push an event to every connected page, as main's menu and engine do. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
  /** The OS asks the running app to open these files (a second launch, macOS open-file). */
  launch(paths: string[]): Promise<void>
  /** Resolves once at least one page listens for events (call before emitting menu commands). */
  waitForPage(timeoutMs?: number): Promise<void>
  engine: EngineClient
  /**
   * The process id of the engine process while one runs (EngineClient runs one at a time), so that
   * a test can kill it in the very tick it sees it busy, rather than find it after the request is done.
   */
  enginePid: () => number | undefined
  close(): Promise<void>
}

export interface WindowState {
  asksBeforeClose: boolean
  closed: number
}

export async function startBridge(options: BridgeOptions = {}): Promise<Bridge> {
  const rendererDir = options.rendererDir ?? join(ROOT, 'out/renderer')
  const ownDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'palette-bridge-')))
  const shim = await bundleShim()
  const csp = contentSecurityPolicy()
  const media = new MediaRegistry(MEDIA_PATH)
  const dialogs = new ScriptedDialogs()
  const clipboard: string[] = []
  let menuState: MenuState = INITIAL_MENU_STATE
  const appWindow: WindowState = { asksBeforeClose: false, closed: 0 }
  const pages = new Set<ServerResponse>()

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    const data = encodeWire({ channel: eventChannel(event), payload: eventContract[event].parse(payload) })
    for (const page of pages) page.write(`data: ${data}\n\n`)
  }

  let enginePid: number | undefined
  const engine = new EngineClient({
    fork: nodeEngineFork(join(ROOT, 'src/main/engine-host.ts'), {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, PALETTE_STUDIO_MODELS_DIR: options.modelsDir ?? join(ROOT, 'resources/models') },
      onSpawn: (child) => {
        enginePid = child.pid
        child.on('exit', () => {
          if (enginePid === child.pid) enginePid = undefined
        })
      }
    }),
    timeoutMs: options.timeoutMs,
    onStatus: (status) => emit('onEngineStatus', status),
    log: (detail) => console.error('[bridge engine]', detail)
  })
  const recent = new RecentStore({ file: join(dataDir, 'recent.json') })
  const grants = new PathGrants(recent)
  const launch = new LaunchQueue(grants, (files) => emit('onOpenFiles', files))
  await launch.add(options.launchFiles ?? [])
  const services: ShellServices = {
    version: 'test-bridge',
    platform: process.platform,
    testBridge: true,
    methods: () => engine.methods(),
    dialogs,
    engine,
    recent,
    grants,
    media,
    launch,
    writeClipboard: (text) => void clipboard.push(text),
    setMenuState: (state) => (menuState = state),
    askBeforeClose: (ask) => void (appWindow.asksBeforeClose = ask),
    closeWindow: () => void appWindow.closed++,
    emitProgress: (progress) => emit('onExtractProgress', progress),
    emitBatchProgress: (progress) => emit('onBatchProgress', progress),
    autosaveFile: join(dataDir, 'autosave.palette-studio')
  }
  const handlers = createHandlers(services)

  const server = createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      console.error('[bridge]', error)
      if (!res.headersSent) res.writeHead(500).end(String(error))
    })
  })

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin)
    const path = url.pathname
    // Like main's sender check: only our own page (or a Node test, which sends no Origin) may call.
    if (req.method === 'POST' && req.headers.origin !== undefined && req.headers.origin !== origin) {
      return sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'Not from the Palette Studio page.' } })
    }
    if (req.method === 'POST' && path.startsWith('/__bridge/invoke/')) {
      const channel = decodeURIComponent(path.slice('/__bridge/invoke/'.length))
      const verb = channel.startsWith(CHANNEL_PREFIX) ? channel.slice(CHANNEL_PREFIX.length) : `(${channel})`
      let request: unknown
      try {
        request = decodeWire(await readBody(req))
      } catch {
        return sendJson(res, 200, { ok: false, error: { code: 'BAD_REQUEST', message: 'The request is not JSON.' } })
      }
      return sendJson(res, 200, await dispatch(handlers, verb, request, { log: console.error }))
    }
    if (req.method === 'GET' && path === '/__bridge/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
      res.write(': connected\n\n')
      pages.add(res)
      req.on('close', () => pages.delete(res))
      return
    }
    if (req.method === 'GET' && path === '/__bridge/shim.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(shim)
      return
    }
    if (path.startsWith('/__bridge/test/')) return control(req, res, path.slice('/__bridge/test/'.length))
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end()
    return sendResponse(res, await pageResponse(path, req.headers.range ?? null))
  }

  /** The renderer, with the shim's script tag put first so `window.paletteStudio` exists before the app runs. */
  async function pageResponse(path: string, range: string | null): Promise<Response> {
    const response = await appContentResponse(path, range, { rendererDir, media, csp })
    if (!(response.headers.get('Content-Type') ?? '').startsWith('text/html')) return response
    const html = (await response.text()).replace(/<script/i, '<script src="/__bridge/shim.js"></script>\n    <script')
    return new Response(html, { status: response.status, headers: response.headers })
  }

  async function control(req: IncomingMessage, res: ServerResponse, action: string): Promise<void> {
    const body = req.method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : undefined
    switch (action) {
      case 'dialogs': {
        const { kind, answers } = z.object({ kind: z.enum(DIALOG_KINDS), answers: z.array(DialogAnswerSchema) }).parse(body)
        dialogs.queue(kind, ...answers)
        return sendJson(res, 200, { ok: true })
      }
      case 'menu':
        emit('onMenu', MenuCommandSchema.parse(body))
        return sendJson(res, 200, { ok: true, pages: pages.size })
      case 'state':
        return sendJson(res, 200, { dialogCalls: dialogs.calls, clipboard, menuState, pages: pages.size })
      case 'reset':
        dialogs.reset()
        clipboard.length = 0
        return sendJson(res, 200, { ok: true })
      default:
        return sendJson(res, 404, { ok: false })
    }
  }

  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('bridge: no TCP address')
  const origin = `http://127.0.0.1:${address.port}`

  return {
    url: `${origin}/`,
    dialogs,
    clipboard,
    menuState: () => menuState,
    window: () => ({ ...appWindow }),
    recent: () => recent.list(),
    emit,
    launch: (paths) => launch.add(paths),
    engine,
    enginePid: () => enginePid,
    waitForPage: async (timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs
      while (pages.size === 0) {
        if (Date.now() > until) throw new Error('bridge: no page connected')
        await new Promise((r) => setTimeout(r, 25))
      }
    },
    close: async () => {
      engine.dispose()
      for (const page of pages) page.end()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true })
    }
  }
}

async function bundleShim(): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, 'shim.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent'
  })
  return result.outputFiles[0].text
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(encodeWire(value))
}

async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers))
  if (!response.body) return void res.end()
  Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(res)
}

