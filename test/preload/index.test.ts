// The preload gives the page verbs and listeners built from the contract, never ipcRenderer.
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { DROPPED_PATH_CHANNEL, EVENT_NAMES, eventChannel, INVOKE_VERBS, invokeChannel, type PaletteStudioApi } from '../../src/shared/ipc-contract'
import { contextBridge, ipcRenderer } from '../main/electron-mock'

vi.mock('electron', () => import('../main/electron-mock'))

let api: PaletteStudioApi
beforeAll(async () => {
  await import('../../src/preload/index')
  api = contextBridge.exposed.get('paletteStudio') as PaletteStudioApi
})

describe('preload', () => {
  it('exposes window.paletteStudio with one function per verb and event, and nothing else', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['paletteStudio'])
    expect(Object.keys(api).sort()).toEqual([...INVOKE_VERBS, ...EVENT_NAMES, 'getPathForFile'].sort())
    for (const value of Object.values(api)) expect(typeof value).toBe('function')
    expect(Object.values(api)).not.toContain(ipcRenderer)
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('a verb invokes its own channel with the request and resolves to the Result', async () => {
    const request = { requestId: 'a', method: 'kmeans', source: { kind: 'path', path: '/p.png' } } as const
    const result = await api.extract(request)
    expect(ipcRenderer.invocations.at(-1)).toEqual({ channel: invokeChannel('extract'), request })
    expect(result).toEqual({ ok: true, value: { channel: invokeChannel('extract'), request } })
  })

  it('a verb with no request sends an empty object', async () => {
    await api.listRecent()
    expect(ipcRenderer.invocations.at(-1)).toEqual({ channel: invokeChannel('listRecent'), request: {} })
  })

  it('a failing transport still resolves to an error Result', async () => {
    const reply = ipcRenderer.reply
    ipcRenderer.reply = () => {
      throw new Error('main is gone')
    }
    try {
      expect(await api.getAppInfo()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    } finally {
      ipcRenderer.reply = reply
    }
  })

  it('listeners get the payload without the IPC event, and unsubscribe', () => {
    const seen: unknown[] = []
    const off = api.onMenu((command) => seen.push(command))
    ipcRenderer.emit(eventChannel('onMenu'), { sender: 'secret' }, { command: 'undo' })
    off()
    ipcRenderer.emit(eventChannel('onMenu'), { sender: 'secret' }, { command: 'redo' })
    expect(seen).toEqual([{ command: 'undo' }])
    expect(ipcRenderer.listenerCount(eventChannel('onMenu'))).toBe(0)
  })

  it('a listener that throws keeps the event from no other listener, and its error still surfaces', () => {
    const deferred: (() => void)[] = []
    vi.stubGlobal('queueMicrotask', (task: () => void) => deferred.push(task))
    const seen: unknown[] = []
    const offs = [
      api.onMenu(() => {
        throw new Error('a bug in the first listener')
      }),
      api.onMenu((command) => seen.push(command))
    ]
    try {
      ipcRenderer.emit(eventChannel('onMenu'), {}, { command: 'undo' })
    } finally {
      offs.forEach((off) => off())
      vi.unstubAllGlobals()
    }
    expect(seen).toEqual([{ command: 'undo' }])
    expect(deferred).toHaveLength(1)
    expect(deferred[0]).toThrow('a bug in the first listener')
  })

  it('getPathForFile gives a dropped file its path, and "" for anything else', () => {
    expect(api.getPathForFile({ path: '/photos/a.jpg' } as unknown as File)).toBe('/photos/a.jpg')
    expect(api.getPathForFile({} as File)).toBe('')
  })

  it('getPathForFile tells main about the dropped file before the page can name it', () => {
    ipcRenderer.syncMessages.length = 0
    api.getPathForFile({ path: '/photos/b.jpg' } as unknown as File)
    api.getPathForFile({ path: '' } as unknown as File)
    expect(ipcRenderer.syncMessages).toEqual([{ channel: DROPPED_PATH_CHANNEL, payload: '/photos/b.jpg' }])
  })

  it('a dropped file main will not open by its path (not an image or a film) has none: the page sends its bytes', () => {
    const sendSync = ipcRenderer.sendSync
    ipcRenderer.sendSync = (channel, payload) => (sendSync(channel, payload), false)
    try {
      expect(api.getPathForFile({ path: '/home/me/notes.txt' } as unknown as File)).toBe('')
    } finally {
      ipcRenderer.sendSync = sendSync
    }
  })
})
