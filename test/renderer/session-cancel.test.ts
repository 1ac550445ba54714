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

describe('the method picker while an extraction runs', () => {
  it('takes another method while a method extracts, showing the one being extracted', async () => {
    const { s, waiting } = await withImage()
    const changing = s.chooseMethod('neural')
    await vi.waitFor(() => expect(waiting.size).toBe(1))
    expect(s.choosing).toBe('neural')
    expect(s.mayChooseMethod).toBe(true)
    await s.chooseMethod('median-cut') // back to the palette already made: the extraction is superseded
    await changing
    expect(s.choosing).toBeNull()
    expect(s.method).toBe('median-cut')
    expect(s.column?.editor.swatches[0].name).toBe('Brick')
  })

  it('takes none while an image opens: the method chosen would not be the new image’s', async () => {
    const { s, waiting } = await withImage()
    const opening = s.openPath('huge.tif')
    await vi.waitFor(() => expect(waiting.size).toBe(1))
    expect(s.mayChooseMethod).toBe(false)
    expect(s.choosing).toBeNull()
    await s.cancelExtract()
    await opening
    expect(s.mayChooseMethod).toBe(true)
  })
})

/**
 * Main's engine runs one request at a time: the others queue behind it. a.png and b.png extract as
 * soon as they reach the engine; any other image holds it until cancelled, as a large TIFF on the
 * neural method without a GPU does.
 */
function serialEngine() {
  const queue: { requestId: string; path: string; done: (r: Result<ExtractResult>) => void }[] = []
  const cancels: string[] = []
  const fast: Record<string, Rgb> = { 'a.png': RED, 'b.png': [10, 20, 200] }
  const next = (): void => {
    const head = queue[0]
    if (head && fast[head.path]) {
      queue.shift()
      head.done({ ok: true, value: result('median-cut', fast[head.path]) })
      next()
    }
  }
  const api: Partial<PaletteStudioApi> = {
    getAppInfo: async () => ({ ok: true, value: { version: 't', platform: 'test', methods: ['median-cut'], testBridge: true } }),
    readImageFile: async ({ path }) => ({ ok: true, value: { name: path, mime: 'image/png', bytes: new Uint8Array([1]) } }),
    extract: (req: ExtractRequest) =>
      new Promise((done) => {
        queue.push({ requestId: req.requestId, path: req.source.kind === 'path' ? req.source.path : '', done })
        next()
      }),
    cancelExtract: async ({ requestId }) => {
      cancels.push(requestId)
      const i = queue.findIndex((r) => r.requestId === requestId)
      if (i >= 0) queue.splice(i, 1)[0].done({ ok: false, error: { code: 'CANCELLED', message: 'Cancelled.' } })
      next()
      return { ok: true, value: { cancelled: i >= 0 } }
    }
  }
  return { api: api as PaletteStudioApi, queue, cancels }
}

describe('Opening another image while one extracts', () => {
  async function openingHuge() {
    const engine = serialEngine()
    const s = new Session(engine.api)
    await s.init()
    await s.openPath('a.png')
    const huge = s.openPath('huge.tif')
    await vi.waitFor(() => expect(engine.queue.map((r) => r.path)).toEqual(['huge.tif']))
    return { s, huge, hugeId: engine.queue[0].requestId, ...engine }
  }

  it('stops the superseded extraction in the engine: the new image palette shows, with no error or Cancelled notice', async () => {
    const { s, huge, hugeId, queue, cancels } = await openingHuge()
    const opening = s.openPath('b.png')
    await vi.waitFor(() => expect(s.busy?.label).toBe('Extracting (Median cut)'))
    expect(cancels).toEqual([hugeId])
    await Promise.all([huge, opening])
    expect(queue).toEqual([])
    expect(s.column?.name).toBe('b.png')
    expect(s.result?.palette.swatches.map((w) => w.rgb)).toEqual([[10, 20, 200]])
    expect(s.notice).toBeNull()
    expect(s.error).toBeNull()
    expect(s.busy).toBeNull()
    expect(s.canCancel).toBe(false)
  })

  it('Cancel then stops the image opened last, and nothing is left in the engine', async () => {
    const { s, huge, hugeId, queue, cancels } = await openingHuge()
    const opening = s.openPath('other-huge.tif')
    await vi.waitFor(() => expect(queue.map((r) => r.path)).toEqual(['other-huge.tif']))
    expect(s.canCancel).toBe(true)
    await s.cancelExtract()
    await Promise.all([huge, opening])
    expect(cancels).toEqual([hugeId, expect.any(String)])
    expect(queue).toEqual([])
    expect(s.column?.name).toBe('a.png')
    expect(s.notice).toBe('Cancelled')
    expect(s.error).toBeNull()
    expect(s.busy).toBeNull()
    expect(s.canCancel).toBe(false)
  })
})

describe('Going back to a method already extracted while another extracts', () => {
  it('stops the other extraction: the palette shown, and the edit made on it, stay', async () => {
    const { s, waiting, cancels } = await withImage()
    const neural = s.chooseMethod('neural')
    await vi.waitFor(() => expect(waiting.size).toBe(1))
    const [neuralId] = waiting.keys()
    await s.chooseMethod('median-cut')
    await neural
    expect(cancels).toEqual([neuralId])
    expect(s.method).toBe('median-cut')
    expect(s.column?.editor.swatches.map((w) => [w.rgb, w.name])).toEqual([[RED, 'Brick']])
    expect([s.notice, s.error, s.busy]).toEqual([null, null, null])
  })
})
