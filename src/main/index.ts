// The main process: one secure window, the app: protocol that serves it, the IPC handlers, the
// menu, and the engine in its own utility process. No image is decoded here.
import { join } from 'node:path'
import { app, BrowserWindow, clipboard, Menu, protocol, screen, session } from 'electron'
import engineHostModule from './engine-host?modulePath'
import icon from '../../resources/icon.png?asset'
import { appContentResponse } from './app-content'
import { APP_HOST, APP_ORIGIN, APP_SCHEME, contentSecurityPolicy, MEDIA_PATH } from './content-security'
import { nativeDialogs } from './dialogs'
import { EngineClient } from './engine-client'
import { utilityEngineFork } from './engine-process-electron'
import { PathGrants } from './handlers/grants'
import { createHandlers, type Handlers } from './handlers/handlers'
import { MediaRegistry } from './handlers/media'
import type { ShellServices } from './handlers/services'
import { registerIpc, sendEvent } from './ipc'
import { LaunchQueue, pathsInArgv } from './launch-files'
import { AppMenu } from './menu'
import { RecentStore } from './recent'
import { SettingsStore } from './settings'
import { allowedUrl, secureSession } from './session-security'
import { CloseGuard, createMainWindow, guardWebContents, trackPlace } from './window'
import { placeWindow } from './window-place'
import { recoverWindow } from './window-recovery'

// The app is named "Palette Studio" (package.json's productName, which Electron would also name
// the data folder after); the folder keeps its name from before, so settings, Open Recent and the
// autosave of existing users stay where they are. Before `ready`, as the session's data lives there.
app.setPath('userData', join(app.getPath('appData'), 'palette-studio'))

// Must happen before `ready`: our pages get a standard, secure origin (fetch, modules, CSP 'self').
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true } }
])

const devServer = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined
const log = (detail: unknown): void => console.error('[palette-studio]', detail)

/** Our pages: app://palette-studio/…, or in development the Vite server. */
function isAppUrl(url: string): boolean {
  if (url.startsWith(`${APP_ORIGIN}/`)) return true
  return devServer !== undefined && url.startsWith(`${new URL(devServer).origin}/`)
}

const modelsDir = (): string =>
  app.isPackaged ? join(process.resourcesPath, 'models') : join(app.getAppPath(), 'resources', 'models')

/**
 * How long a quit waits for the board's autosave writes still running: a large board's write ends
 * well within it, and a stuck disk does not keep the app from quitting.
 */
const AUTOSAVE_QUIT_WAIT_MS = 5_000

/** `call`, kept in `running` until it ends. */
function track<T>(running: Set<Promise<unknown>>, call: Promise<T>): Promise<T> {
  running.add(call)
  const end = (): void => void running.delete(call)
  call.then(end, end)
  return call
}

/** Resolves once `calls` have ended, however they end, or after `limitMs`, whichever is first. */
function settledWithin(calls: Iterable<Promise<unknown>>, limitMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)))
  return Promise.race([Promise.allSettled(calls), limit]).then(() => clearTimeout(timer))
}

let window: BrowserWindow | null = null
/** Asks the page before the window closes while it holds work kept nowhere; made with the window. */
let closeGuard: CloseGuard | null = null

/** Where a save dialog opens before the first save: a user's own folder, never the app's working folder. */
const USER_FOLDERS = ['pictures', 'documents', 'home'] as const
/** The user's folder, or none where the system names none (getPath throws). */
function userFolder(name: (typeof USER_FOLDERS)[number]): string[] {
  try {
    return [app.getPath(name)]
  } catch {
    return []
  }
}

/** The screens' work areas (without task bars and docks), the primary one first. */
function screenAreas(): Electron.Rectangle[] {
  const primary = screen.getPrimaryDisplay()
  return [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)].map((display) => display.workArea)
}

// Files the OS asks us to open: on the command line (Windows, Linux; after the app's own folder
// when run unpackaged), from a second launch, or as macOS's open-file, which can come before
// `ready`. They wait here until start() makes the queue the page takes them from.
const argvSkip = process.defaultApp ? 2 : 1
const earlyFiles = pathsInArgv(process.argv, argvSkip, process.cwd())
let launch: LaunchQueue | null = null
function openFiles(paths: string[]): void {
  if (launch) void launch.add(paths).catch(log)
  else earlyFiles.push(...paths)
}

async function start(): Promise<void> {
  const csp = contentSecurityPolicy({ dev: devServer !== undefined })
  const media = new MediaRegistry(`${APP_ORIGIN}${MEDIA_PATH}`)
  const rendererDir = join(__dirname, '../renderer')
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url)
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 })
    return appContentResponse(url.pathname, request.headers.get('range'), { rendererDir, media, csp })
  })
  secureSession(session.defaultSession, { csp, isAllowedUrl: allowedUrl(APP_ORIGIN, devServer), log })

  const settings = new SettingsStore(join(app.getPath('userData'), 'settings.json'), log)
  const { useGpu, window: lastPlace } = await settings.load()
  const menu = new AppMenu(
    {
      platform: process.platform,
      appName: app.name,
      dev: !app.isPackaged,
      useGpu,
      send: (command) => sendEvent(window, 'onMenu', command),
      clearRecent: () => void recent.clear(),
      setUseGpu: (on) => {
        menu.setUseGpu(on)
        void settings.set({ useGpu: on }).catch(log)
      }
    },
    (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(template))
  )
  const recent = new RecentStore({
    file: join(app.getPath('userData'), 'recent.json'),
    log,
    onChange: (items) => {
      menu.setRecent(items)
      if (items.length === 0) app.clearRecentDocuments()
      else app.addRecentDocument(items[0].path)
    }
  })
  void recent.announce((items) => menu.setRecent(items))

  const engine = new EngineClient({
    fork: utilityEngineFork(engineHostModule, { ...process.env, PALETTE_STUDIO_MODELS_DIR: modelsDir() }),
    onStatus: (status) => sendEvent(window, 'onEngineStatus', status),
    log,
    forceCpu: () => !settings.get().useGpu
  })
  // The window's place is written as it closes, and the board's last change may still be being
  // autosaved (sent as the window went): quit once those writes have ended. The engine stops
  // only then, not at before-quit: the window may still call the quit off (CloseGuard).
  const autosaves = new Set<Promise<unknown>>()
  let written = false
  app.on('will-quit', (event) => {
    if (written) return
    engine.dispose()
    event.preventDefault()
    void Promise.all([settings.settled(), settledWithin(autosaves, AUTOSAVE_QUIT_WAIT_MS)]).finally(() => {
      written = true
      app.quit()
    })
  })

  const grants = new PathGrants(recent)
  launch = new LaunchQueue(grants, (files) => sendEvent(window, 'onOpenFiles', files))
  openFiles(earlyFiles.splice(0))
  const services: ShellServices = {
    version: app.getVersion(),
    platform: process.platform,
    testBridge: false,
    methods: () => engine.methods(),
    dialogs: nativeDialogs(() => window, {
      last: () => settings.get().saveFolder,
      remember: (folder) => {
        if (folder !== settings.get().saveFolder) void settings.set({ saveFolder: folder }).catch(log)
      },
      defaults: () => USER_FOLDERS.flatMap(userFolder)
    }),
    engine,
    recent,
    grants,
    media,
    launch,
    writeClipboard: (text) => clipboard.writeText(text),
    setMenuState: (state) => menu.setState(state),
    askBeforeClose: (ask) => closeGuard?.ask(ask),
    closeWindow: () => closeGuard?.close(),
    emitProgress: (progress) => sendEvent(window, 'onExtractProgress', progress),
    emitBatchProgress: (progress) => sendEvent(window, 'onBatchProgress', progress),
    autosaveFile: join(app.getPath('userData'), 'autosave.palette-studio'),
    log
  }
  const handlers = createHandlers(services)
  const autosaveBoard: Handlers['autosaveBoard'] = (request) => track(autosaves, handlers.autosaveBoard(request))
  registerIpc({ handlers: { ...handlers, autosaveBoard }, grants, window: () => window, isAppUrl, log })

  window = createMainWindow({
    preload: join(__dirname, '../preload/index.js'),
    url: devServer ?? `${APP_ORIGIN}/index.html`,
    icon,
    place: placeWindow(lastPlace, screenAreas())
  })
  trackPlace(window, (place) => void settings.set({ window: place }).catch(log))
  closeGuard = new CloseGuard(window, () => sendEvent(window, 'onCloseRequest', {}))
  window.on('closed', () => (window = null))
  recoverWindow(window, { quit: () => app.quit(), log })
  // Files opened while the page is gone would be sent to no one: they wait for the reloaded page.
  window.webContents.on('render-process-gone', () => launch?.hold())
  // Start the engine while the window loads, so the first palette does not wait for it.
  void engine.methods().catch(log)
}

// One instance: a second launch focuses the first window.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (window?.isMinimized()) window.restore()
    window?.focus()
    openFiles(pathsInArgv(argv, argvSkip, workingDirectory))
  })
  app.on('open-file', (event, path) => {
    event.preventDefault()
    openFiles([path])
  })
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents))
  app.on('window-all-closed', () => app.quit())
  // A bug that escapes a handler is logged and the app carries on, window and board as they were
  // (Electron's default is a modal box with a stack trace, which helps no designer).
  process.on('uncaughtException', log)
  process.on('unhandledRejection', log)
  void app.whenReady().then(start)
}
