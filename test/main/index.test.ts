// src/main/index.ts wires the app together: our app: origin with its CSP, a locked-down session,
// every IPC verb, the menu, and the engine in a utility process (never in main).
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { eventChannel, INVOKE_VERBS, invokeChannel } from '../../src/shared/ipc-contract'
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, utilityProcess } from './electron-mock'

vi.mock('electron', () => import('./electron-mock'))
vi.mock('../../src/main/engine-host?modulePath', () => ({ default: '/app/out/main/engine-host.js' }))
vi.mock('../../resources/icon.png?asset', () => ({ default: '/app/resources/icon.png' }))
/**
 * Files are written as they are, but an autosave's write may be made to wait for `autosaveWaits`,
 * and `settingsIdle` is called once the settings have no write running or queued: once every
 * write of theirs has ended and the event loop has turned (a queued write starts at once).
 */
const writes = vi.hoisted(() => ({ autosaveWaits: Promise.resolve(), settingsIdle: () => {}, settingsRunning: 0 }))
vi.mock('../../src/main/formats/atomic-write', async (original) => {
  const actual = await original<typeof import('../../src/main/formats/atomic-write')>()
  const writeFileAtomic: typeof actual.writeFileAtomic = async (path, data) => {
    if (path.endsWith('autosave.palette-studio')) await writes.autosaveWaits
    const settings = path.endsWith('settings.json')
    if (settings) writes.settingsRunning++
    try {
      await actual.writeFileAtomic(path, data)
    } finally {
      if (settings && --writes.settingsRunning === 0) setImmediate(() => writes.settingsRunning === 0 && writes.settingsIdle())
    }
  }
  return { ...actual, writeFileAtomic }
})

let appData: string
/** The app's data folder (userData). */
let dir: string
/** The process-wide error listeners main added (vitest has its own). */
let mainErrorListeners: { uncaughtException: NodeJS.UncaughtExceptionListener[]; unhandledRejection: NodeJS.UnhandledRejectionListener[] }
beforeAll(async () => {
  const uncaught = process.listeners('uncaughtException')
  const rejected = process.listeners('unhandledRejection')
  appData = await mkdtemp(join(tmpdir(), 'main-'))
  app.paths.appData = appData
  app.paths.userData = join(appData, 'Palette Studio') // Electron's default, after productName
  dir = join(appData, 'palette-studio')
  await mkdir(dir)
  // As the OS starts the app for a double-clicked file: the executable, then the file.
  await writeFile(join(dir, 'launched.png'), 'x')
  // Last time the window was left maximised on the second screen, and a palette saved in "exports".
  await mkdir(join(appData, 'exports'))
  const place = { x: 2100, y: 80, width: 1500, height: 900, maximized: true }
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ window: place, saveFolder: join(appData, 'exports') }))
  const argv = process.argv
  process.argv = ['/opt/Palette Studio/palette-studio', join(dir, 'launched.png')]
  await import('../../src/main/index').finally(() => (process.argv = argv))
  // whenReady().then(start): start() opens the window last.
  await vi.waitFor(() => expect(BrowserWindow.created).toHaveLength(1))
  mainErrorListeners = {
    uncaughtException: process.listeners('uncaughtException').filter((l) => !uncaught.includes(l)),
    unhandledRejection: process.listeners('unhandledRejection').filter((l) => !rejected.includes(l))
  }
})
afterAll(() => rm(appData, { recursive: true, force: true }))

describe('main process start-up', () => {
  it("keeps users' data in the palette-studio folder it always had, though the app is now named Palette Studio", () => {
    expect(app.getPath('userData')).toBe(join(appData, 'palette-studio'))
  })

  it('registers the app: scheme as a secure standard origin before ready, and serves the renderer from it', () => {
    expect(protocol.privileged).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })])
    expect(protocol.handlers.has('app')).toBe(true)
  })

  it('opens one window on app://palette-studio with the bundled preload', () => {
    expect(BrowserWindow.created).toHaveLength(1)
    const [window] = BrowserWindow.created
    expect(window.loadedUrl).toBe('app://palette-studio/index.html')
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false })
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]index\.js$/)
  })

  it('handles every verb of the contract', () => {
    for (const verb of INVOKE_VERBS) expect(ipcMain.handlers.has(invokeChannel(verb)), verb).toBe(true)
  })

  it('refuses every permission and every remote request, and sends the CSP header', () => {
    let granted: boolean | undefined
    session.defaultSession.permissionRequestHandler?.({}, 'media', (g) => (granted = g))
    expect(granted).toBe(false)
    const decisions: unknown[] = []
    session.defaultSession.beforeRequest?.({ url: 'https://tracker.example/x.js' }, (d) => decisions.push(d))
    session.defaultSession.beforeRequest?.({ url: 'app://palette-studio/assets/a.js' }, (d) => decisions.push(d))
    expect(decisions).toEqual([{ cancel: true }, { cancel: false }])
    let headers: Record<string, string[]> = {}
    session.defaultSession.headersReceived?.({ resourceType: 'mainFrame', responseHeaders: {} }, (d) => (headers = (d as { responseHeaders: Record<string, string[]> }).responseHeaders))
    expect(headers['Content-Security-Policy'][0]).toContain("script-src 'self'")
  })

  it('installs the menu and starts the engine in a utility process', () => {
    expect(Menu.installed).toBeDefined()
    expect(utilityProcess.forked).toEqual(['/app/out/main/engine-host.js'])
  })

  it("tells the engine where the neural models are (the app's resources/models; packaged, the folder packaging.test.ts checks)", () => {
    expect(utilityProcess.forkedEnv[0]?.['PALETTE_STUDIO_MODELS_DIR']).toBe(join(process.cwd(), 'resources', 'models'))
  })

  it('View › Use GPU off is remembered in the app data folder', async () => {
    type Item = { label?: string; click?: (item: { checked: boolean }) => void; submenu?: Item[] }
    const flat = (items: Item[]): Item[] => items.flatMap((i) => [i, ...flat(i.submenu ?? [])])
    const item = flat((Menu.installed as { template: Item[] }).template).find((i) => i.label === 'Use GPU')
    item?.click?.({ checked: false })
    await expect.poll(async () => JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8').catch(() => '{}'))).toMatchObject({ useGpu: false })
  })

  it('asks the page before the window closes while it holds work kept nowhere; a quit the page calls off leaves the engine running', async () => {
    const [window] = BrowserWindow.created
    const fromPage = { sender: window.webContents, senderFrame: window.webContents.mainFrame }
    const asked = (): number => window.webContents.sent.filter((m) => m.channel === eventChannel('onCloseRequest')).length
    window.close()
    expect([window.closed, asked()]).toEqual([1, 0]) // nothing to ask about
    expect(await ipcMain.invoke(invokeChannel('askBeforeClose'), fromPage, { ask: true })).toEqual({ ok: true, value: {} })
    // File › Quit: the app starts closing its window, and the page asks its question instead.
    app.emit('before-quit', {})
    window.close()
    expect([window.closed, asked()]).toEqual([1, 1])
    expect(utilityProcess.killed).toBe(0)
    // The user answered: the window closes, asked nothing more.
    expect(await ipcMain.invoke(invokeChannel('closeWindow'), fromPage, {})).toEqual({ ok: true, value: {} })
    expect([window.closed, asked()]).toEqual([2, 1])
  })

  it('opens the window where it was last left, and keeps where it is and the board autosaved as it closed, before the app quits', async () => {
    const [window] = BrowserWindow.created
    const fromPage = { sender: window.webContents, senderFrame: window.webContents.mainFrame }
    expect(window.options).toMatchObject({ x: 2100, y: 80, width: 1500, height: 900 })
    window.emit('ready-to-show')
    expect(window.maximized && window.shown).toBe(true)
    window.normalBounds = { x: 200, y: 120, width: 1100, height: 700 }
    window.maximized = false
    // The board's last change, sent as the window closed, is written after the window's place
    // (a large board), once a quit that waited for the settings alone would have gone ahead.
    const autosave = join(dir, 'autosave.palette-studio')
    writes.autosaveWaits = new Promise((resolve) => (writes.settingsIdle = resolve))
    const board = { format: 'palette-studio-board', version: 1, columns: [], note: 'the last change' }
    const autosaving = ipcMain.invoke(invokeChannel('autosaveBoard'), fromPage, { board })
    window.emit('close', {})
    let autosavedAtQuit: unknown = null
    app.quit = () => void (autosavedAtQuit = existsSync(autosave) && JSON.parse(readFileSync(autosave, 'utf8')).board)
    const quitting = { prevented: false, preventDefault() { this.prevented = true } }
    app.emit('will-quit', quitting)
    // The quit waits for the writes, then goes ahead.
    expect(quitting.prevented).toBe(true)
    await expect.poll(() => autosavedAtQuit).not.toBeNull()
    expect(autosavedAtQuit).toEqual(board)
    expect(await autosaving).toMatchObject({ ok: true })
    expect(utilityProcess.killed).toBe(1) // the engine stops once the quit is sure
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      window: { x: 200, y: 120, width: 1100, height: 700, maximized: false }
    })
  })

  it('opens the save dialog where the last launch saved, and remembers where this one saves', async () => {
    const [window] = BrowserWindow.created
    const fromPage = { sender: window.webContents, senderFrame: window.webContents.mainFrame }
    const groups = [{ name: 'Sunset', swatches: [{ rgb: [250, 120, 40], hex: '#fa7828', share: 1 }] }]
    dialog.saveAnswer = { canceled: false, filePath: join(appData, 'sunset.gpl') }
    const exported = await ipcMain.invoke(invokeChannel('exportPalette'), fromPage, { format: 'gpl', groups, suggestedName: 'sunset' })
    expect(exported).toEqual({ ok: true, value: { paths: [join(appData, 'sunset.gpl')] } })
    expect(dialog.saves.map((o) => o.defaultPath)).toEqual([join(appData, 'exports', 'sunset.gpl')])
    await expect.poll(async () => JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ saveFolder: appData })
  })

  it('opens the folder for one file per column where the last save went, and remembers the one chosen', async () => {
    const [window] = BrowserWindow.created
    const fromPage = { sender: window.webContents, senderFrame: window.webContents.mainFrame }
    const swatches = [{ rgb: [250, 120, 40], hex: '#fa7828', share: 1 }]
    const groups = [{ name: 'Sky', swatches }, { name: 'Sea', swatches }]
    const columns = join(appData, 'columns')
    await mkdir(columns)
    dialog.openAnswer = { canceled: false, filePaths: [columns] }
    const exported = await ipcMain.invoke(invokeChannel('exportPalette'), fromPage, { format: 'gpl', groups, suggestedName: 'board', filePerGroup: true })
    expect(exported).toEqual({ ok: true, value: { paths: [join(columns, 'board - Sky.gpl'), join(columns, 'board - Sea.gpl')] } })
    expect(dialog.opens.map((o) => o.defaultPath)).toEqual([appData]) // where the save before went
    await expect.poll(async () => JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ saveFolder: columns })
  })

  it('answers a page request on the app: origin and refuses another host', async () => {
    const handler = protocol.handlers.get('app')!
    // Run from source, main's renderer folder (../renderer beside it) is src/renderer, whose
    // index.html is the page the build copies to out/renderer.
    const page = await handler(new Request('app://palette-studio/index.html'))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await page.text()).toContain('<div id="app">')
    expect((await handler(new Request('app://palette-studio/no-such-page.html'))).status).toBe(404)
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404)
  })

  it('opens the files the OS asks for: on its command line, from a second launch, and macOS open-file', async () => {
    const [window] = BrowserWindow.created
    const fromPage = { sender: window.webContents, senderFrame: window.webContents.mainFrame }
    const taken = await ipcMain.invoke(invokeChannel('takeLaunchFiles'), fromPage, {})
    expect(taken).toMatchObject({ ok: true, value: { items: [{ name: 'launched.png', kind: 'image' }], refused: [] } })
    const read = await ipcMain.invoke(invokeChannel('readImageFile'), fromPage, { path: join(dir, 'launched.png') })
    expect(read).toMatchObject({ ok: true, value: { name: 'launched.png' } })

    await writeFile(join(dir, 'second.mp4'), 'x')
    await writeFile(join(dir, 'third.palette-studio'), '{}')
    app.emit('second-instance', {}, ['/opt/Palette Studio/palette-studio', '--flag', 'second.mp4'], dir)
    let prevented = false
    app.emit('open-file', { preventDefault: () => (prevented = true) }, join(dir, 'third.palette-studio'))
    expect(prevented).toBe(true) // macOS: we handle it, rather than the default
    const opened = (): unknown[] => window.webContents.sent.filter((m) => m.channel === eventChannel('onOpenFiles')).map((m) => m.payload)
    // Moments apart, as files opened together come: the page gets them together.
    await expect.poll(() => opened().length).toBe(1)
    expect(opened()).toEqual([
      {
        items: [expect.objectContaining({ path: join(dir, 'second.mp4'), kind: 'video' }), expect.objectContaining({ path: join(dir, 'third.palette-studio'), kind: 'project' })],
        refused: []
      }
    ])
  })

  it('logs an error that escapes main and keeps the window (no modal stack trace, no quit)', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const quit = vi.spyOn(app, 'quit')
    const bug = new Error('a bug in a handler')
    for (const listener of mainErrorListeners.uncaughtException) listener(bug, 'uncaughtException')
    for (const listener of mainErrorListeners.unhandledRejection) listener(bug, Promise.resolve())
    expect(mainErrorListeners.uncaughtException).toHaveLength(1)
    expect(mainErrorListeners.unhandledRejection).toHaveLength(1)
    expect(error.mock.calls).toEqual([['[palette-studio]', bug], ['[palette-studio]', bug]])
    expect(quit).not.toHaveBeenCalled()
    error.mockRestore()
    quit.mockRestore()
  })

  it('asks to reload the window when its page crashes, and keeps a file opened meanwhile for the reloaded page', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const [window] = BrowserWindow.created
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 })
    expect(dialog.shown.at(-1)?.options.buttons).toEqual(['Reload', 'Quit'])
    const sent = window.webContents.sent.length
    app.emit('open-file', { preventDefault: () => {} }, join(dir, 'launched.png'))
    const fromPage = { sender: window.webContents, senderFrame: window.webContents.mainFrame }
    await expect.poll(async () => (await ipcMain.invoke(invokeChannel('takeLaunchFiles'), fromPage, {})) as unknown).toMatchObject({
      ok: true,
      value: { items: [{ name: 'launched.png', kind: 'image' }] }
    })
    expect(window.webContents.sent.slice(sent).filter((m) => m.channel === eventChannel('onOpenFiles'))).toEqual([])
    error.mockRestore()
  })
})
