// The IPC boundary of the main process: every contract verb is registered, every request is
// checked for its sender and validated against its schema before any handler runs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { eventChannel, INVOKE_VERBS, invokeChannel, invokeContract, resultSchema, type InvokeVerb } from '../../src/shared/ipc-contract'
import { BrowserWindow, ipcMain, type FakeFrame } from './electron-mock'

vi.mock('electron', () => import('./electron-mock'))

const { registerIpc, sendEvent } = await import('../../src/main/ipc')
const { createHandlers } = await import('../../src/main/handlers/handlers')
const { MediaRegistry } = await import('../../src/main/handlers/media')
const { RecentStore } = await import('../../src/main/recent')
import type { ShellServices } from '../../src/main/handlers/services'

const APP_URL = 'app://palette-studio/index.html'
let dir: string
let win: BrowserWindow
let unregister: () => void
let services: ShellServices
const extractCalls: unknown[] = []

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ipc-test-'))
  win = new BrowserWindow({})
  await win.loadURL(APP_URL)
  extractCalls.length = 0
  services = {
    version: '1.2.3',
    platform: 'linux',
    testBridge: false,
    methods: async () => ['median-cut', 'kmeans'],
    dialogs: {
      openImages: async () => [join(dir, 'a.png')],
      openVideo: async () => null,
      openFolder: async () => dir,
      openFile: async () => null,
      saveFile: async (_title, name) => join(dir, name)
    },
    engine: {
      extract: async (request) => {
        extractCalls.push(request)
        return {
          palette: { method: request.method, swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] },
          timings: { total: 3 },
          source: { width: 4, height: 4, format: 'png', hasAlpha: false }
        }
      },
      cancel: () => false
    },
    recent: new RecentStore({ file: join(dir, 'recent.json') }),
    media: new MediaRegistry('app://palette-studio/__media/'),
    writeClipboard: () => {},
    setMenuState: () => {},
    emitProgress: () => {},
    autosaveFile: join(dir, 'autosave.palette-studio')
  }
  unregister = registerIpc({
    handlers: createHandlers(services),
    window: () => win as unknown as Electron.BrowserWindow,
    isAppUrl: (url) => url.startsWith('app://palette-studio/'),
    log: () => {}
  })
})

afterEach(async () => {
  unregister()
  await rm(dir, { recursive: true, force: true })
})

/** An invoke event as Electron builds it, from our window's main frame unless told otherwise. */
function eventFrom(frame: FakeFrame = win.webContents.mainFrame, sender: unknown = win.webContents) {
  return { sender, senderFrame: frame }
}

const invoke = (verb: InvokeVerb, request: unknown, event = eventFrom()) => ipcMain.invoke(invokeChannel(verb), event, request)

describe('IPC registration', () => {
  it('registers exactly one handler per contract verb, and removes them all', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(INVOKE_VERBS.map(invokeChannel).sort())
    unregister()
    expect(ipcMain.handlers.size).toBe(0)
    unregister = () => {}
  })

  it('an unknown channel is refused (nothing is registered for it)', async () => {
    await expect(ipcMain.invoke('palette-studio:readAnyFile', eventFrom(), { path: '/etc/passwd' })).rejects.toThrow(/No handler/)
  })
})

describe('sender check', () => {
  it('answers our window main frame', async () => {
    expect(await invoke('getAppInfo', {})).toEqual({
      ok: true,
      value: { version: '1.2.3', platform: 'linux', methods: ['median-cut', 'kmeans'], testBridge: false }
    })
  })

  it('refuses a child frame (an iframe) of our window', async () => {
    const iframe: FakeFrame = { url: APP_URL, parent: win.webContents.mainFrame }
    expect(await invoke('getAppInfo', {}, eventFrom(iframe))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('refuses another web contents', async () => {
    const other = new BrowserWindow({})
    await other.loadURL(APP_URL)
    expect(await invoke('listRecent', {}, eventFrom(other.webContents.mainFrame, other.webContents))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })
  })

  it('refuses our window once it shows a foreign page', async () => {
    win.webContents.mainFrame.url = 'https://example.com/'
    const result = await invoke('extract', { requestId: 'r', method: 'kmeans', source: { kind: 'path', path: '/x.png' } })
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(extractCalls).toEqual([])
  })

  it('refuses everything once the window is gone', async () => {
    win.destroyed = true
    expect(await invoke('getAppInfo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('request validation', () => {
  const bad: [InvokeVerb, unknown, string][] = [
    ['extract', { requestId: 'r', method: 'neural-plus', source: { kind: 'path', path: '/x.png' } }, 'method'],
    ['extract', { requestId: 'r', method: 'kmeans', source: { kind: 'rgba', width: 2, height: 2, data: new Uint8Array(15) } }, 'data'],
    ['extract', { requestId: 'r', method: 'kmeans', source: { kind: 'url', url: 'https://x' } }, 'source'],
    ['readImageFile', { path: 42 }, 'path'],
    ['readImageFile', undefined, 'path'],
    ['exportPalette', { format: 'pdf', groups: [], suggestedName: 'x' }, 'format'],
    ['exportPalette', { format: 'ase', groups: [{ name: 'g', swatches: [{ rgb: [300, 0, 0], hex: '#ff0000', share: 1 }] }], suggestedName: 'x' }, 'rgb'],
    ['copyText', 'just a string', 'request']
  ]
  it.each(bad)('%s refuses %j with BAD_REQUEST naming %s, before any handler runs', async (verb, request, field) => {
    const result = await invoke(verb, request)
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect((result as { error: { message: string } }).error.message).toContain(field)
    expect(extractCalls).toEqual([])
  })
})

describe('handler wiring', () => {
  // A valid request for every verb whose handler needs no dialog answer beyond the fakes above.
  const samples: Partial<Record<InvokeVerb, () => unknown>> = {
    getAppInfo: () => ({}),
    openImageDialog: () => ({ multiple: true }),
    openVideoDialog: () => ({}),
    openFolderDialog: () => ({}),
    readImageFile: () => ({ path: join(dir, 'a.png') }),
    getMediaUrl: () => ({ path: join(dir, 'a.png') }),
    listImagesInFolder: () => ({ path: dir }),
    extract: () => ({ requestId: 'r1', method: 'kmeans', source: { kind: 'bytes', bytes: new Uint8Array([1, 2, 3]) } }),
    cancelExtract: () => ({ requestId: 'nothing' }),
    exportPalette: () => ({ format: 'gpl', groups: [{ name: 'A', swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] }], suggestedName: 'mine' }),
    importPalette: () => ({}),
    saveFile: () => ({ kind: 'json', data: '{"a":1}', suggestedName: 'strip' }),
    copyText: () => ({ text: '#010203' }),
    listRecent: () => ({}),
    addRecent: () => ({ path: dir, kind: 'folder' }),
    clearRecent: () => ({}),
    saveProject: () => ({ board: { columns: [] }, suggestedName: 'board' }),
    openProject: () => ({ path: join(dir, 'board.palette-studio') }),
    autosaveBoard: () => ({ board: { columns: [1] } }),
    restoreBoard: () => ({}),
    clearAutosave: () => ({}),
    extractFolder: () => ({ requestId: 'b1', path: dir, method: 'kmeans' }),
    cancelBatch: () => ({ requestId: 'nothing' }),
    updateMenuState: () => ({ canExport: true, canUndo: false, canRedo: false })
  }

  it('has a sample for every verb', () => {
    expect(Object.keys(samples).sort()).toEqual([...INVOKE_VERBS].sort())
  })

  it('every verb answers a valid request with a response its contract schema accepts', async () => {
    await writeFile(join(dir, 'a.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    for (const verb of INVOKE_VERBS) {
      const result = await invoke(verb, samples[verb]!())
      expect(result, verb).toMatchObject({ ok: true })
      expect(resultSchema(invokeContract[verb].response).safeParse(result).success, verb).toBe(true)
    }
  })

  it('hands the validated request to the engine', async () => {
    await invoke('extract', { requestId: 'r9', method: 'median-cut', forceCpu: true, source: { kind: 'path', path: '/p.png' } })
    expect(extractCalls).toEqual([{ requestId: 'r9', method: 'median-cut', forceCpu: true, source: { kind: 'path', path: '/p.png' } }])
  })
})

describe('events to the renderer', () => {
  it('sends a contract event on its channel', () => {
    sendEvent(win as unknown as Electron.BrowserWindow, 'onMenu', { command: 'undo' })
    expect(win.webContents.sent).toEqual([{ channel: eventChannel('onMenu'), payload: { command: 'undo' } }])
  })

  it('refuses to send a payload that breaks the contract', () => {
    expect(() => sendEvent(win as unknown as Electron.BrowserWindow, 'onMenu', { command: 'format-disk' } as never)).toThrow()
    expect(win.webContents.sent).toEqual([])
  })
})
