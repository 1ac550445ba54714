// A hand-written stand-in for the parts of Electron that main and preload use (in the manner of
// Electron Fiddle's tests): enough behaviour to drive IPC, windows and the preload from Node.
// Use with `vi.mock('electron', () => import('./electron-mock'))`.
import { EventEmitter } from 'node:events'

type Handler = (event: unknown, ...args: unknown[]) => unknown

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  listeners: new Map<string, Handler>(),
  on(channel: string, listener: Handler): void {
    this.listeners.set(channel, listener)
  },
  removeAllListeners(channel: string): void {
    this.listeners.delete(channel)
  },
  /** What Electron does when the renderer calls sendSync: the listener sets event.returnValue. */
  sendSync(channel: string, event: object, ...args: unknown[]): unknown {
    const listener = this.listeners.get(channel)
    if (!listener) throw new Error(`No listener for '${channel}'`)
    const withReturn: { returnValue?: unknown } = event
    listener(withReturn, ...args)
    return withReturn.returnValue
  },
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  },
  /** What Electron does when the renderer invokes a channel. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return handler(event, ...args)
  }
}

export interface FakeFrame {
  url: string
  parent: FakeFrame | null
}

export class FakeWebContents extends EventEmitter {
  readonly sent: { channel: string; payload: unknown }[] = []
  windowOpenHandler?: (details: { url: string }) => { action: string }
  mainFrame: FakeFrame
  constructor(url: string) {
    super()
    this.mainFrame = { url, parent: null }
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload })
  }
  reloads = 0
  reload(): void {
    this.reloads++
  }
  /** A page stuck in an endless loop: what main asks it to run waits, until `unhang()` (a page merely busy). */
  hung = false
  #waiting: (() => void)[] = []
  executeJavaScript(_code: string): Promise<unknown> {
    return new Promise((resolve) => (this.hung ? this.#waiting.push(() => resolve(undefined)) : resolve(undefined)))
  }
  unhang(): void {
    this.hung = false
    for (const run of this.#waiting.splice(0)) run()
  }
  /** As Electron: the page's process is killed, and says so. */
  forcefullyCrashRenderer(): void {
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 })
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
}

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = []
  readonly webContents: FakeWebContents
  loadedUrl?: string
  destroyed = false
  constructor(readonly options: Record<string, unknown>) {
    super()
    this.webContents = new FakeWebContents('')
    BrowserWindow.created.push(this)
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    this.webContents.mainFrame.url = url
    return Promise.resolve()
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  /** Closes that went ahead: as Electron, 'close' first, which a listener may call off. The window stays, for the tests after. */
  closed = 0
  close(): void {
    let prevented = false
    this.emit('close', { preventDefault: () => (prevented = true) })
    if (!prevented) this.closed++
  }
  isMinimized(): boolean {
    return false
  }
  restore(): void {}
  focus(): void {}
  shown = false
  show(): void {
    this.shown = true
  }
  maximized = false
  maximize(): void {
    this.maximized = true
  }
  isMaximized(): boolean {
    return this.maximized
  }
  isFullScreen(): boolean {
    return false
  }
  /** The restored bounds: those it was created with, until a test moves it. */
  normalBounds = { x: 0, y: 0, width: 800, height: 600 }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return this.normalBounds
  }
}

/** Two screens side by side, the primary one with a task bar at the bottom. */
export const screen = {
  displays: [
    { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
    { id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1440 } }
  ],
  getPrimaryDisplay: () => screen.displays[0],
  getAllDisplays: () => screen.displays
}

export const shell = { opened: [] as string[], openExternal: async (url: string) => void shell.opened.push(url) }

// Preload side
export const ipcRenderer = Object.assign(new EventEmitter(), {
  invocations: [] as { channel: string; request: unknown }[],
  syncMessages: [] as { channel: string; payload: unknown }[],
  sendSync(channel: string, payload: unknown): unknown {
    ipcRenderer.syncMessages.push({ channel, payload })
    return true
  },
  reply: (channel: string, request: unknown): unknown => ({ ok: true, value: { channel, request } }),
  async invoke(channel: string, request: unknown): Promise<unknown> {
    ipcRenderer.invocations.push({ channel, request })
    return ipcRenderer.reply(channel, request)
  }
})

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api)
  }
}

export const webUtils = {
  getPathForFile(file: { path?: string }): string {
    if (file.path === undefined) throw new TypeError('not a File')
    return file.path
  }
}



// Main-process app lifecycle, enough for src/main/index.ts
export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  name: 'Palette Studio',
  paths: { userData: '' } as Record<string, string>,
  recentDocuments: [] as string[],
  readyCallbacks: [] as (() => void)[],
  requestSingleInstanceLock: () => true,
  whenReady: (): Promise<void> => Promise.resolve(),
  getPath: (name: string): string => app.paths[name] ?? '',
  setPath: (name: string, path: string): void => void (app.paths[name] = path),
  getAppPath: (): string => process.cwd(),
  getVersion: (): string => '0.0.0-test',
  addRecentDocument: (path: string): void => void app.recentDocuments.push(path),
  clearRecentDocuments: (): void => void (app.recentDocuments.length = 0),
  quit: (): void => {}
})

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    protocol.privileged.push(...schemes)
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    protocol.handlers.set(scheme, handler)
  }
}

type Callback = (...args: unknown[]) => void
export const session = {
  defaultSession: {
    permissionRequestHandler: undefined as undefined | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
    beforeRequest: undefined as undefined | ((details: { url: string }, callback: Callback) => void),
    headersReceived: undefined as undefined | ((details: Record<string, unknown>, callback: Callback) => void),
    setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void) {
      this.permissionRequestHandler = handler
    },
    setPermissionCheckHandler() {},
    setDevicePermissionHandler() {},
    webRequest: {
      onBeforeRequest: (handler: (details: { url: string }, callback: Callback) => void) => void (session.defaultSession.beforeRequest = handler),
      onHeadersReceived: (handler: (details: Record<string, unknown>, callback: Callback) => void) => void (session.defaultSession.headersReceived = handler)
    }
  }
}

export const Menu = {
  installed: undefined as unknown,
  buildFromTemplate: (template: unknown) => ({ template }),
  setApplicationMenu: (menu: unknown) => void (Menu.installed = menu)
}

export const clipboard = { text: '', writeText: (text: string) => void (clipboard.text = text) }
/** Message boxes stay open until the test answers them (or their signal closes them, as Cancel). */
export const dialog = {
  shown: [] as { options: { message?: string; buttons?: string[]; cancelId?: number }; answer: (response: number) => void }[],
  showMessageBox(_window: unknown, options: { message?: string; buttons?: string[]; cancelId?: number; signal?: AbortSignal }): Promise<{ response: number }> {
    return new Promise((resolve) => {
      dialog.shown.push({ options, answer: (response) => resolve({ response }) })
      options.signal?.addEventListener('abort', () => resolve({ response: options.cancelId ?? 0 }))
    })
  },
  /** Save dialogs shown, each answered with `saveAnswer`. */
  saves: [] as { defaultPath?: string }[],
  saveAnswer: { canceled: true } as { canceled: boolean; filePath?: string },
  async showSaveDialog(_window: unknown, options: { defaultPath?: string }): Promise<{ canceled: boolean; filePath?: string }> {
    dialog.saves.push(options)
    return dialog.saveAnswer
  },
  /** Open dialogs shown, each answered with `openAnswer`. */
  opens: [] as { defaultPath?: string }[],
  openAnswer: { canceled: true, filePaths: [] } as { canceled: boolean; filePaths: string[] },
  async showOpenDialog(_window: unknown, options: { defaultPath?: string }): Promise<{ canceled: boolean; filePaths: string[] }> {
    dialog.opens.push(options)
    return dialog.openAnswer
  }
}
export const utilityProcess = {
  forked: [] as string[],
  /** How many forked processes were killed. */
  killed: 0,
  /** The environment each fork was given. */
  forkedEnv: [] as (NodeJS.ProcessEnv | undefined)[],
  fork(modulePath: string, _args?: string[], options?: { env?: NodeJS.ProcessEnv }) {
    utilityProcess.forked.push(modulePath)
    utilityProcess.forkedEnv.push(options?.env)
    const child = new EventEmitter()
    return Object.assign(child, { postMessage: () => {}, kill: () => Boolean(++utilityProcess.killed) })
  }
}
