// Cancelling a long extraction from the status bar: the engine's CANCELLED answer ends the action
// as "Cancelled", and the image, palette, edits and method stay as they were.
import { describe, expect, it, vi } from 'vitest'
import type { ExtractRequest, ExtractResult, PaletteStudioApi, Result } from '../../src/shared/ipc-contract'
import type { Method, Rgb } from '../../src/shared/palette'
import { Session } from '../../src/renderer/src/lib/session.svelte'
import { rgbToHex } from '../../src/renderer/src/lib/color'

const RED: Rgb = [200, 20, 20]
const result = (method: Method, rgb: Rgb): ExtractResult => ({
  palette: { method, swatches: [{ rgb, hex: rgbToHex(rgb), share: 1 }] },
  timings: { total: 1 },
  source: { width: 1, height: 1, format: 'png', hasAlpha: false, space: 'srgb' }
})

/**
 * a.png extracts at once; any other image waits until cancelled, as a large TIFF on the neural
 * method without a GPU does. Cancelling answers CANCELLED, as main's engine client does.
 */
function slowEngine() {
  const waiting = new Map<string, (r: Result<ExtractResult>) => void>()
  const cancels: string[] = []
  const api: Partial<PaletteStudioApi> = {
    getAppInfo: async () => ({ ok: true, value: { version: 't', platform: 'test', methods: ['neural', 'median-cut'], testBridge: true } }),
    readImageFile: async ({ path }) => ({ ok: true, value: { name: path, mime: 'image/png', bytes: new Uint8Array([1]) } }),
    extract: (req: ExtractRequest) => {
      if (req.source.kind === 'path' && req.source.path === 'a.png' && req.method === 'median-cut') return Promise.resolve({ ok: true, value: result(req.method, RED) })
      return new Promise((done) => waiting.set(req.requestId, done))
    },
    cancelExtract: async ({ requestId }) => {
      cancels.push(requestId)
      waiting.get(requestId)?.({ ok: false, error: { code: 'CANCELLED', message: 'Cancelled.' } })
      return { ok: true, value: { cancelled: waiting.delete(requestId) } }
    }
  }
  return { api: api as PaletteStudioApi, waiting, cancels }
}

async function withImage() {
  const engine = slowEngine()
  const s = new Session(engine.api)
  await s.init()
  s.method = 'median-cut'
  await s.openPath('a.png')
  s.column?.editor.rename(0, 'Brick')
  return { s, ...engine }
}

describe('Cancel in the status bar', () => {
  it('is offered only while an extraction runs', async () => {
    const { s, waiting } = await withImage()
    expect(s.canCancel).toBe(false)
    const opening = s.openPath('huge.tif')
    await vi.waitFor(() => expect(waiting.size).toBe(1))
    expect(s.canCancel).toBe(true)
    await s.cancelExtract()
    await opening
    expect(s.canCancel).toBe(false)
  })

  it('stops the opening of another image: the previous image and its edited palette stay, and it says Cancelled', async () => {
    const { s, waiting, cancels } = await withImage()
    const opening = s.openPath('huge.tif')
    await vi.waitFor(() => expect(waiting.size).toBe(1))
    const [requestId] = waiting.keys()
    await s.cancelExtract()
    await opening
    expect(cancels).toEqual([requestId])
    expect(s.column?.name).toBe('a.png')
    expect(s.column?.editor.swatches.map((w) => [w.name, w.rgb])).toEqual([['Brick', RED]])
    expect(s.notice).toBe('Cancelled')
    expect(s.error).toBeNull()
    expect(s.busy).toBeNull()
  })

  it('a cancel that reaches main before its extraction does is said again once the engine has it', async () => {
    const { s, api, waiting, cancels } = await withImage()
    const extract = api.extract
    let arrive = (): void => {}
    // Main is still checking the file: the engine has not heard of the request yet.
    api.extract = (req) => new Promise((done) => (arrive = () => void extract(req).then(done)))
    const opening = s.openPath('huge.tif')
    await vi.waitFor(() => expect(s.canCancel).toBe(true))
    await s.cancelExtract()
    expect(cancels).toHaveLength(1)
    arrive()
    const [requestId] = waiting.keys()
    s.progress({ requestId, stage: 'queued' })
    await opening
    expect(cancels).toEqual([requestId, requestId])
    expect(s.column?.name).toBe('a.png')
    expect(s.notice).toBe('Cancelled')
  })

  it('a palette that arrives after Cancel was pressed is not shown', async () => {
    const { s, api } = await withImage()
    let finish = (): void => {}
    api.extract = () => new Promise((done) => (finish = () => done({ ok: true, value: result('median-cut', [1, 2, 3]) })))
    api.cancelExtract = async () => ({ ok: true, value: { cancelled: false } }) // it had just finished
    const opening = s.openPath('huge.tif')
    await vi.waitFor(() => expect(s.canCancel).toBe(true))
    await s.cancelExtract()
    finish()
    await opening
    expect(s.column?.name).toBe('a.png')
    expect(s.column?.editor.swatches.map((w) => w.rgb)).toEqual([RED])
    expect(s.notice).toBe('Cancelled')
  })

  it('stops a method change: the method and palette stay as they were', async () => {
    const { s, waiting } = await withImage()
    const changing = s.chooseMethod('neural')
    await vi.waitFor(() => expect(waiting.size).toBe(1))
    await s.cancelExtract()
    await changing
    expect(s.method).toBe('median-cut')
    expect(s.result?.palette.method).toBe('median-cut')
    expect(s.notice).toBe('Cancelled')
    expect(s.error).toBeNull()
  })
})
