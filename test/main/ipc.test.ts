// The IPC boundary of the main process: every contract verb is registered, every request is
// checked for its sender and validated against its schema before any handler runs.
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  DROPPED_PATH_CHANNEL,
  eventChannel,
  INVOKE_VERBS,
  invokeChannel,
  invokeContract,
  MAX_BOARD_BYTES,
  MAX_EXPORT_GROUPS,
  MAX_GROUP_SWATCHES,
  MAX_SAVED_FILE_BYTES,
  resultSchema,
  type InvokeVerb
} from '../../src/shared/ipc-contract'
import { BrowserWindow, ipcMain, type FakeFrame } from './electron-mock'
import { fakeServices } from './shell-services'

vi.mock('electron', () => import('./electron-mock'))

const { registerIpc, sendEvent } = await import('../../src/main/ipc')
const { createHandlers } = await import('../../src/main/handlers/handlers')
const { PathGrants } = await import('../../src/main/handlers/grants')
import type { ShellServices } from '../../src/main/handlers/services'

const APP_URL = 'app://palette-studio/index.html'
let dir: string
let win: BrowserWindow
let unregister: () => void
let services: ShellServices
const extractCalls: unknown[] = []
const dialogCalls: string[] = []

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ipc-test-'))
  win = new BrowserWindow({})
  await win.loadURL(APP_URL)
  extractCalls.length = 0
  dialogCalls.length = 0
  services = fakeServices(dir, {
    dialogs: {
      openImages: async () => [join(dir, 'a.png')],
      openVideo: async () => null,
      openFolder: async () => dir,
      openFile: async () => null,
      saveFile: async (_title, name) => (dialogCalls.push(`save ${name}`), join(dir, name)),
      confirmReplace: async () => true
    },
    engine: {
      extract: async (request) => {
        extractCalls.push(request)
        return {
          palette: { method: request.method, swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] },
          timings: { total: 3 },
          source: { width: 4, height: 4, format: 'png', hasAlpha: false, space: 'srgb' }
        }
      },
      cancel: () => false,
      displayCopy: async () => ({ mime: 'image/png', width: 1, height: 1, bytes: Uint8Array.of(1) })
    }
  })
  unregister = registerIpc({
    handlers: createHandlers(services),
    grants: services.grants,
    window: () => win as unknown as Electron.BrowserWindow,
    isAppUrl: (url) => url.startsWith('app://palette-studio/'),
    log: () => {}
  })
})

afterEach(async () => {
  unregister()
  await rm(dir, { recursive: true, force: true })
})

/** The preload reporting a dropped file's path (sendSync); main's answer: whether it was granted. */
const dropped = (path: unknown, event = eventFrom()) => ipcMain.sendSync(DROPPED_PATH_CHANNEL, { ...event }, path)

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
    ['copyText', 'just a string', 'request'],
    // A key the verb does not know is a caller's mistake, named rather than dropped.
    ['openImageDialog', { multipel: true }, 'Unrecognized key: "multipel"'],
    ['copyText', JSON.parse('{"text":"#010203","__proto__":{"polluted":true}}'), 'Unrecognized key: "__proto__"'],
    ['exportPalette', { format: 'gpl', groups: [{ name: 'g', swatches: [{ rgb: [0, 0, 0], hex: '#ffffff', share: 1 }] }], suggestedName: 'x' }, 'hex must be the colour of rgb']
  ]
  it.each(bad)('%s refuses %j with BAD_REQUEST naming %s, before any handler runs', async (verb, request, field) => {
    const result = await invoke(verb, request)
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect((result as { error: { message: string } }).error.message).toContain(field)
    expect(extractCalls).toEqual([])
  })

  it('names an unknown key without repeating a megabyte of it', async () => {
    const result = await invoke('openImageDialog', { ['k'.repeat(1_000_000)]: true })
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('Unrecognized key: "kkk') } })
    expect((result as { error: { message: string } }).error.message.length).toBeLessThan(400)
  })

  it('exportPalette refuses more swatches than the app ever exports, before it checks them or opens a dialog; its largest exports go', async () => {
    const swatch = { rgb: [1, 2, 3], hex: '#010203', share: 1 }
    const groups = (count: number, swatches: number) => Array.from({ length: count }, (_, i) => ({ name: `g${i}`, swatches: Array(swatches).fill(swatch) }))
    const huge = groups(MAX_EXPORT_GROUPS, MAX_GROUP_SWATCHES)
    // A broken swatch in it goes unnamed: the count refused the message before any swatch was walked.
    huge[0].swatches[0] = { ...swatch, hex: '#ffffff' }
    expect(await invoke('exportPalette', { format: 'css', groups: huge, suggestedName: 'x', filePerGroup: true })).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'exportPalette: invalid request: groups: more than 100,000 swatches in all: export fewer groups at once' }
    })
    expect(dialogCalls).toEqual([])
    // A batch's 10,000 palettes of 5 colours, a full board's 300 columns of 64.
    for (const largest of [groups(MAX_EXPORT_GROUPS, 5), groups(300, 64)]) {
      expect(await invoke('exportPalette', { format: 'ase', groups: largest, suggestedName: 'x' })).toMatchObject({ ok: true })
    }
  })

  it('saveFile refuses data larger than any strip it saves, before a dialog opens', async () => {
    const result = await invoke('saveFile', { kind: 'json', data: 'x'.repeat(MAX_SAVED_FILE_BYTES + 1), suggestedName: 'strip' })
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('data: Too big') } })
    expect(dialogCalls).toEqual([])
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
    extract: () => ({ requestId: 'r1', method: 'kmeans', source: { kind: 'bytes', bytes: new Uint8Array([1, 2, 3]) } }),
    cancelExtract: () => ({ requestId: 'nothing' }),
    displayCopy: () => ({ source: { kind: 'bytes', bytes: new Uint8Array([1, 2, 3]) } }),
    exportPalette: () => ({ format: 'gpl', groups: [{ name: 'A', swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] }], suggestedName: 'mine' }),
    importPalette: () => ({}),
    saveFile: () => ({ kind: 'json', data: '{"a":1}', suggestedName: 'strip' }),
    copyText: () => ({ text: '#010203' }),
    listRecent: () => ({}),
    addRecent: () => ({ path: dir, kind: 'folder' }),
    clearRecent: () => ({}),
    takeLaunchFiles: () => ({}),
    saveProject: () => ({ board: { columns: [] }, suggestedName: 'board' }),
    openProject: () => ({ path: join(dir, 'board.palette-studio') }),
    adoptProject: () => ({ path: join(dir, 'board.palette-studio') }),
    autosaveBoard: () => ({ board: { columns: [1] } }),
    restoreBoard: () => ({}),
    clearAutosave: () => ({}),
    keepAutosave: () => ({}),
    extractFolder: () => ({ requestId: 'b1', path: dir, method: 'kmeans' }),
    cancelBatch: () => ({ requestId: 'nothing' }),
    askBeforeClose: () => ({ ask: true }),
    closeWindow: () => ({}),
    updateMenuState: () => ({ canExport: true, canUndo: false, canRedo: false, canAddToBoard: true })
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

  it('an answer that breaks the contract reaches the page as the usual internal error, not as data its types rule out', async () => {
    // An engine whose palette has a colour the contract refuses: "#FFFFFF" is not the lower-case hex of its rgb.
    services.engine.extract = async () => ({
      palette: { method: 'kmeans', swatches: [{ rgb: [1, 2, 3], hex: '#FFFFFF', share: 1 }] },
      timings: { total: 1 },
      source: { width: 1, height: 1, format: 'png', hasAlpha: false, space: 'srgb' }
    })
    const result = await invoke('extract', { requestId: 'r', method: 'kmeans', source: { kind: 'bytes', bytes: Uint8Array.of(1) } })
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong inside Palette Studio. Please report this with the file you used.' }
    })
  })

  it('hands the validated request to the engine', async () => {
    dropped('/p.png')
    await invoke('extract', { requestId: 'r9', method: 'median-cut', forceCpu: true, source: { kind: 'path', path: '/p.png' } })
    expect(extractCalls).toEqual([{ requestId: 'r9', method: 'median-cut', forceCpu: true, source: { kind: 'path', path: '/p.png' } }])
  })
})

describe('paths the page may name', () => {
  let elsewhere: string
  beforeEach(async () => {
    elsewhere = await mkdtemp(join(tmpdir(), 'ipc-elsewhere-'))
    await writeFile(join(elsewhere, 'secret.png'), 'not yours')
  })
  afterEach(() => rm(elsewhere, { recursive: true, force: true }))

  const forbidden = { ok: false, error: { code: 'FORBIDDEN' } }

  it('refuses to read, play, batch, extract or remember a path the user never gave', async () => {
    const secret = join(elsewhere, 'secret.png')
    expect(await invoke('readImageFile', { path: secret })).toMatchObject(forbidden)
    expect(await invoke('getMediaUrl', { path: secret })).toMatchObject(forbidden)
    expect(await invoke('extractFolder', { requestId: 'b', path: elsewhere, method: 'kmeans' })).toMatchObject(forbidden)
    expect(await invoke('extract', { requestId: 'r', method: 'kmeans', source: { kind: 'path', path: secret } })).toMatchObject(forbidden)
    expect(await invoke('addRecent', { path: secret, kind: 'image' })).toMatchObject(forbidden)
    expect(await invoke('openProject', { path: secret })).toMatchObject(forbidden)
    expect(extractCalls).toEqual([])
    expect(await services.recent.list()).toEqual([])
  })

  it('the refusal tells the designer how to open the file', async () => {
    const result = await invoke('readImageFile', { path: join(elsewhere, 'secret.png') })
    expect(result).toMatchObject({ error: { message: expect.stringContaining('"secret.png"') } })
    expect(result).toMatchObject({ error: { message: expect.stringMatching(/File › Open|drop it/) } })
  })

  it('opens what a dialog gave, and every image in a folder the user chose, subfolders included', async () => {
    await writeFile(join(dir, 'a.png'), 'png')
    await invoke('openImageDialog', {})
    expect(await invoke('readImageFile', { path: join(dir, 'a.png') })).toMatchObject({ ok: true })
    expect(await invoke('readImageFile', { path: join(dir, 'sub', '..', '..', 'x.png') })).toMatchObject(forbidden)
    await invoke('openFolderDialog', {})
    expect(await invoke('extract', { requestId: 'r', method: 'kmeans', source: { kind: 'path', path: join(dir, 'sub', 'b.png') } })).toMatchObject({ ok: true })
  })

  it('opens a file the preload reports as dropped, but not one reported by a foreign frame', async () => {
    const secret = join(elsewhere, 'secret.png')
    const iframe: FakeFrame = { url: APP_URL, parent: win.webContents.mainFrame }
    expect(dropped(secret, eventFrom(iframe))).toBe(false)
    expect(dropped(42)).toBe(false)
    expect(await invoke('readImageFile', { path: secret })).toMatchObject(forbidden)
    expect(dropped(secret)).toBe(true)
    expect(await invoke('readImageFile', { path: secret })).toMatchObject({ ok: true, value: { name: 'secret.png' } })
  })

  it('opens a dropped image and film whose names are not valid UTF-8, by the lossy names Electron gives them', async () => {
    // A Latin-1 "café" (é is the one byte 0xe9): Electron hands main U+FFFD for it.
    const image = Buffer.from(join(elsewhere, 'caf\xe9.png'), 'latin1')
    const film = Buffer.from(join(elsewhere, 'caf\xe9.mp4'), 'latin1')
    await writeFile(image, 'png bytes')
    await writeFile(film, 'mp4 bytes')
    expect(await invoke('readImageFile', { path: image.toString('utf8') })).toMatchObject(forbidden)
    expect(dropped(image.toString('utf8'))).toBe(true)
    expect(dropped(film.toString('utf8'))).toBe(true)
    const read = await invoke('readImageFile', { path: image.toString('utf8'), recent: false })
    expect(read).toMatchObject({ ok: true, value: { name: 'caf\uFFFD.png', mime: 'image/png' } })
    expect(Buffer.from((read as { value: { bytes: Uint8Array } }).value.bytes).toString()).toBe('png bytes')
    expect(await invoke('getMediaUrl', { path: film.toString('utf8') })).toMatchObject({ ok: true, value: { name: 'caf\uFFFD.mp4' } })
  })

  it('batches and opens the images of a folder whose name is not valid UTF-8', async () => {
    const folder = Buffer.from(join(elsewhere, 'photos \xe9t\xe9'), 'latin1')
    await mkdir(folder)
    await writeFile(Buffer.concat([folder, Buffer.from('/red.png')]), 'png bytes')
    const lossy = folder.toString('utf8')
    await services.recent.add(lossy, 'folder')
    expect(await invoke('extractFolder', { requestId: 'b', path: lossy, method: 'kmeans' })).toMatchObject({ ok: true, value: { succeeded: [{ file: join(lossy, 'red.png') }] } })
    expect(await invoke('readImageFile', { path: join(lossy, 'red.png'), recent: false })).toMatchObject({ ok: true, value: { name: 'red.png' } })
  })

  it('a link in a granted folder leads nowhere else, even to a folder whose name reads the same', async () => {
    // A granted folder named with U+FFFD itself, and beside it a Latin-1 one that reads the same.
    const granted = join(elsewhere, 'ph\uFFFDtos')
    const other = Buffer.from(join(elsewhere, 'ph\xe9tos'), 'latin1')
    await mkdir(granted)
    await mkdir(other)
    await writeFile(Buffer.concat([other, Buffer.from('/secret.png')]), 'secret')
    await symlink(other, join(granted, 'link'))
    await services.recent.add(granted, 'folder')
    expect(await invoke('readImageFile', { path: join(granted, 'link', 'secret.png'), recent: false })).toMatchObject(forbidden)
  })

  it('opens Open Recent items: files by path, folders with what is inside', async () => {
    await services.recent.add(join(elsewhere, 'secret.png'), 'image')
    expect(await invoke('readImageFile', { path: join(elsewhere, 'secret.png') })).toMatchObject({ ok: true })
    await services.recent.clear()
    await services.recent.add(elsewhere, 'folder')
    expect(await invoke('extractFolder', { requestId: 'b', path: elsewhere, method: 'kmeans' })).toMatchObject({ ok: true, value: { succeeded: [{ file: join(elsewhere, 'secret.png') }] } })
  })

  it('a board saved to a path the user never chose goes through the save dialog instead', async () => {
    const target = join(elsewhere, 'evil')
    const result = await invoke('saveProject', { board: { columns: [] }, path: target, suggestedName: 'board' })
    expect(result).toEqual({ ok: true, value: { path: join(dir, 'board.palette-studio') } })
    expect(dialogCalls).toEqual(['save board.palette-studio'])
    await expect(readFile(`${target}.palette-studio`)).rejects.toMatchObject({ code: 'ENOENT' })
    // …and its own path from then on, without a dialog
    expect(await invoke('saveProject', { board: { columns: [1] }, path: join(dir, 'board.palette-studio'), suggestedName: 'board' })).toMatchObject({ ok: true })
    expect(dialogCalls).toHaveLength(1)
  })

  it('a folder the user opened for its images lets the page write no board into it: the save dialog asks', async () => {
    await writeFile(join(dir, 'photo.jpg'), 'jpeg bytes')
    await invoke('openFolderDialog', {})
    const result = await invoke('saveProject', { board: { columns: [] }, path: join(dir, 'photo.jpg'), suggestedName: 'board' })
    expect(result).toEqual({ ok: true, value: { path: join(dir, 'board.palette-studio') } })
    expect(dialogCalls).toEqual(['save board.palette-studio'])
    expect(await readFile(join(dir, 'photo.jpg'), 'utf8')).toBe('jpeg bytes')
    await expect(readFile(join(dir, 'photo.jpg.palette-studio'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('a folder the user opened gives its images and subfolders, not its other files', async () => {
    await mkdir(join(dir, 'sub'))
    await writeFile(join(dir, 'id_rsa'), 'key')
    await writeFile(join(dir, 'old.palette-studio'), '{}')
    await writeFile(join(dir, 'sub', 'b.png'), 'png')
    await invoke('openFolderDialog', {})
    expect(await invoke('readImageFile', { path: join(dir, 'id_rsa') })).toMatchObject(forbidden)
    expect(await invoke('openProject', { path: join(dir, 'old.palette-studio') })).toMatchObject(forbidden)
    expect(await invoke('extractFolder', { requestId: 'b', path: join(dir, 'sub'), method: 'kmeans' })).toMatchObject({ ok: true, value: { succeeded: [{ file: join(dir, 'sub', 'b.png') }] } })
    expect(await invoke('readImageFile', { path: join(dir, 'sub', 'b.png') })).toMatchObject({ ok: true })
  })

  it('a link inside a folder the user opened leads nowhere else: not to read, list or write', async () => {
    await symlink(elsewhere, join(dir, 'link'))
    await invoke('openFolderDialog', {})
    expect(await invoke('readImageFile', { path: join(dir, 'link', 'secret.png') })).toMatchObject(forbidden)
    expect(await invoke('getMediaUrl', { path: join(dir, 'link', 'secret.png') })).toMatchObject(forbidden)
    expect(await invoke('extractFolder', { requestId: 'b', path: join(dir, 'link'), method: 'kmeans' })).toMatchObject(forbidden)
    expect(await invoke('saveProject', { board: {}, path: join(dir, 'link', 'evil'), suggestedName: 'board' })).toMatchObject({
      ok: true,
      value: { path: join(dir, 'board.palette-studio') }
    })
    await expect(readFile(join(elsewhere, 'evil.palette-studio'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('an image-named link in a folder the user opened reads nothing outside it: not to read, extract, play or batch', async () => {
    await writeFile(join(elsewhere, 'passwd'), 'root:x:0:0')
    await symlink(join(elsewhere, 'passwd'), join(dir, 'cover.jpg'))
    await symlink(join(elsewhere, 'secret.png'), join(dir, 'linked.png'))
    await invoke('openFolderDialog', {})
    expect(await invoke('readImageFile', { path: join(dir, 'cover.jpg'), recent: false })).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message:
          'Palette Studio only opens files you choose, and "cover.jpg" is a link to "passwd", which is not an image in a folder you opened. ' +
          'Open "passwd" itself with File › Open, or drop it on the window.'
      }
    })
    const linked = join(dir, 'linked.png')
    expect(await invoke('readImageFile', { path: linked, recent: false })).toMatchObject(forbidden)
    expect(await invoke('extract', { requestId: 'r', method: 'kmeans', source: { kind: 'path', path: linked } })).toMatchObject(forbidden)
    expect(await invoke('displayCopy', { source: { kind: 'path', path: linked } })).toMatchObject(forbidden)
    expect(await invoke('getMediaUrl', { path: linked })).toMatchObject(forbidden)
    const batch = await invoke('extractFolder', { requestId: 'b', path: dir, method: 'kmeans' })
    expect(batch).toMatchObject({ ok: true, value: { total: 2, succeeded: [] } })
    expect((batch as { value: { failed: { message: string }[] } }).value.failed.map((f) => f.message)).toEqual([
      expect.stringContaining('"cover.jpg" is a link to "passwd"'),
      expect.stringContaining('"linked.png" is a link to "secret.png"')
    ])
    expect(extractCalls).toEqual([])
  })

  it('a link to an image the user opened too, or to one in a folder the user opened, reads that image', async () => {
    await mkdir(join(dir, 'photos'))
    await writeFile(join(dir, 'photos', 'a.png'), 'png a')
    await symlink(join(dir, 'photos', 'a.png'), join(dir, 'cover.png'))
    await symlink(join(elsewhere, 'secret.png'), join(dir, 'linked.png'))
    await invoke('openFolderDialog', {})
    const read = (name: string) => invoke('readImageFile', { path: join(dir, name), recent: false })
    expect(await read('cover.png')).toMatchObject({ ok: true, value: { name: 'cover.png', mime: 'image/png' } })
    expect(dropped(join(elsewhere, 'secret.png'))).toBe(true)
    const linked = await read('linked.png')
    expect(linked).toMatchObject({ ok: true, value: { name: 'linked.png' } })
    expect(Buffer.from((linked as { value: { bytes: Uint8Array } }).value.bytes).toString()).toBe('not yours')
  })

  it('a folder chosen only to export into gives the page none of its images to read', async () => {
    const exports = join(elsewhere, 'exports')
    await mkdir(exports)
    await writeFile(join(exports, 'private.png'), 'png bytes')
    services.dialogs.openFolder = async () => exports
    const group = { name: 'A', swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] }
    const exported = await invoke('exportPalette', { format: 'gpl', suggestedName: 'board', filePerGroup: true, groups: [group, { ...group, name: 'B' }] })
    expect(exported).toMatchObject({ ok: true, value: { paths: [join(exports, 'board - A.gpl'), join(exports, 'board - B.gpl')] } })
    expect(await invoke('readImageFile', { path: join(exports, 'private.png'), recent: false })).toMatchObject(forbidden)
    expect(await invoke('extractFolder', { requestId: 'b', path: exports, method: 'kmeans' })).toMatchObject(forbidden)
  })

  it('a drop is granted only for an image or a film, so a page that goes wrong cannot claim other files', async () => {
    await writeFile(join(elsewhere, 'notes.txt'), 'private')
    expect(dropped(join(elsewhere, 'notes.txt'))).toBe(false)
    expect(await invoke('readImageFile', { path: join(elsewhere, 'notes.txt') })).toMatchObject(forbidden)
    expect(dropped(join(elsewhere, 'SECRET.PNG'))).toBe(true)
    expect(dropped(join(elsewhere, 'film.mov'))).toBe(true)
  })

  it('a NUL in a path is refused by name, not taken for a file the user never chose', async () => {
    expect(await invoke('readImageFile', { path: `${join(dir, 'a.png')}\0.jpg` })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'readImageFile: invalid request: path: a path cannot hold a NUL character' }
    })
  })
})

describe('boards the page sends', () => {
  const badBoard = (message: string) => ({ ok: false, error: { code: 'BAD_REQUEST', message: `autosaveBoard: invalid request: board: the board is ${message}` } })

  it('a board nested thousands deep is refused by name, and main answers the next request', async () => {
    let board: unknown = 1
    for (let i = 0; i < 3000; i++) board = [board]
    expect(await invoke('autosaveBoard', { board })).toMatchObject(badBoard('nested deeper than 64 levels'))
    expect(await invoke('getAppInfo', {})).toMatchObject({ ok: true })
  })

  it('a board that holds itself is refused, not walked for ever', async () => {
    const board: Record<string, unknown> = { columns: [] }
    board.self = board
    expect(await invoke('autosaveBoard', { board })).toMatchObject(badBoard('circular: it holds itself'))
  })

  it('a small message that stands for a vast board (one array shared many times over) is refused at once', async () => {
    let board: unknown = 1
    for (let i = 0; i < 25; i++) board = [board, board] // 2²⁵ numbers once written out
    const started = Date.now()
    expect(await invoke('autosaveBoard', { board })).toMatchObject(badBoard('larger than 63 MB, too large to open again once saved'))
    expect(Date.now() - started).toBeLessThan(1000)
    await expect(stat(services.autosaveFile)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('a holey array, 25 bytes on the wire, is refused by its length before anything walks its 2³²−1 empty slots', async () => {
    const board = { columns: new Array(2 ** 32 - 1) }
    expect(await invoke('autosaveBoard', { board })).toMatchObject(badBoard('larger than 63 MB, too large to open again once saved'))
    expect(await invoke('saveProject', { board, suggestedName: 'board' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    await expect(stat(services.autosaveFile)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('a board too large to open again is not saved, so the last autosave is still there to restore', async () => {
    await invoke('autosaveBoard', { board: { columns: ['kept'] } })
    const huge = { columns: ['x'.repeat(MAX_BOARD_BYTES)] }
    expect(await invoke('autosaveBoard', { board: huge })).toMatchObject(badBoard('larger than 63 MB, too large to open again once saved'))
    expect(await invoke('saveProject', { board: huge, suggestedName: 'board' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await invoke('restoreBoard', {})).toMatchObject({ ok: true, value: { autosave: { board: { columns: ['kept'] } } } })
  })
})

describe('save dialogs', () => {
  it('open on a file name the page suggests, never on a folder it names', async () => {
    const result = await invoke('exportPalette', {
      format: 'gpl',
      groups: [{ name: 'A', swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] }],
      suggestedName: '../../.bashrc'
    })
    expect(result).toMatchObject({ ok: true })
    await invoke('saveFile', { kind: 'json', data: '{}', suggestedName: '/home/me/Reds/Blues' })
    expect(dialogCalls).toEqual(['save -..-.bashrc.gpl', 'save -home-me-Reds-Blues.json'])
  })
})

describe('file-system failures reach the page in words a designer can act on', () => {
  const ioError = (message: RegExp) => ({ ok: false, error: { code: 'IO_ERROR', message: expect.stringMatching(message) } })
  const exportTo = (path: string) => {
    services.dialogs.saveFile = async () => path
    return invoke('exportPalette', { format: 'gpl', groups: [{ name: 'A', swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] }], suggestedName: 'mine' })
  }

  it('an export to a 300-character file name is too long for the disk, not "something went wrong"', async () => {
    expect(await exportTo(join(dir, `${'a'.repeat(300)}.gpl`))).toMatchObject(ioError(/^The file name or its path is too long for this disk\./))
  })

  it('an export into a circle of symbolic links', async () => {
    await symlink(join(dir, 'loop'), join(dir, 'loop'))
    expect(await exportTo(join(dir, 'loop', 'mine.gpl'))).toMatchObject(ioError(/circle of symbolic links/))
  })

  // Failures this machine cannot make on demand: Open Recent's own file failing to save shows them.
  it.each([
    ['EMFILE', /^Palette Studio has too many files open at once/],
    ['ENFILE', /^The computer has too many files open at once/],
    ['EBUSY', /in use by another program/],
    ['EIO', /could not be read or written.*still connected/],
    ['EDQUOT', /share of this disk is used up/]
  ])('%s, met saving Open Recent, gets its own message', async (code, message) => {
    vi.spyOn(services.recent, 'clear').mockRejectedValue(Object.assign(new Error(`${code}: simulated`), { code }))
    expect(await invoke('clearRecent', {})).toMatchObject(ioError(message))
  })

  it('an error whose code only looks like a key of the table ("constructor") is not dressed up as a file-system one', async () => {
    vi.spyOn(services.recent, 'clear').mockRejectedValue(Object.assign(new Error('odd'), { code: 'constructor' }))
    expect(await invoke('clearRecent', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})

describe('Open Recent failing', () => {
  it('does not fail what the user did: the board is saved and the save says so', async () => {
    const failing = { list: async () => [], clear: async () => {}, add: async () => Promise.reject(Object.assign(new Error('EPERM'), { code: 'EPERM' })) }
    const handlers = createHandlers({ ...services, recent: failing, grants: new PathGrants(failing), log: () => {} })
    const saved = await handlers.saveProject({ board: { columns: [] }, suggestedName: 'board' })
    expect(saved).toEqual({ path: join(dir, 'board.palette-studio') })
    expect(JSON.parse(await readFile(saved.path!, 'utf8'))).toMatchObject({ format: 'palette-studio-board', board: { columns: [] } })
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
