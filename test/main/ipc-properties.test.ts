// Property tests of the IPC boundary: whatever a page sends (anything structured clone carries),
// every verb answers with a Result, a malformed request is refused by name before its handler
// runs, and nothing leaks into the prototypes. Driven through the real wiring (registerIpc over
// the electron mock) with the real handlers over a temp folder.
import fc from 'fast-check'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type Mock } from 'vitest'
import { z } from 'zod'
import {
  ERROR_CODES,
  EVENT_NAMES,
  eventContract,
  INVOKE_VERBS,
  invokeChannel,
  invokeContract,
  type EventName,
  type InvokeVerb
} from '../../src/shared/ipc-contract'
import { BrowserWindow, ipcMain } from './electron-mock'
import { fakeServices } from './shell-services'

vi.mock('electron', () => import('./electron-mock'))

const { registerIpc, sendEvent } = await import('../../src/main/ipc')
const { createHandlers } = await import('../../src/main/handlers/handlers')

const APP_URL = 'app://palette-studio/index.html'
let dir: string
let win: BrowserWindow
let unregister: () => void
let spies: Record<InvokeVerb, Mock>

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ipc-props-'))
  win = new BrowserWindow({})
  await win.loadURL(APP_URL)
  const services = fakeServices(dir)
  const real = createHandlers(services)
  spies = Object.fromEntries(INVOKE_VERBS.map((verb) => [verb, vi.fn(real[verb])])) as unknown as Record<InvokeVerb, Mock>
  unregister = registerIpc({
    handlers: spies as never,
    grants: services.grants,
    window: () => win as unknown as Electron.BrowserWindow,
    isAppUrl: (url) => url.startsWith('app://palette-studio/'),
    log: () => {}
  })
})

afterAll(async () => {
  unregister()
  await rm(dir, { recursive: true, force: true })
})

beforeEach(() => Object.values(spies).forEach((spy) => spy.mockClear()))

/** What Electron does with a message: structured clone it, then hand it to the registered handler. */
const invoke = (verb: InvokeVerb, request: unknown) =>
  ipcMain.invoke(invokeChannel(verb), { sender: win.webContents, senderFrame: win.webContents.mainFrame }, structuredClone(request))

/** Own keys of the built-in prototypes, and what a polluted one would show on a fresh object. */
const prototypes = [Object, Array, Function, String, Number, Boolean, Date, Map, Set, Uint8Array, Promise, Error].map((c) => c.prototype)
const protoSnapshot = () => prototypes.map((p) => Reflect.ownKeys(p).map(String).sort().join(','))
const cleanPrototypes = protoSnapshot()
const expectNoPollution = () => {
  expect(protoSnapshot()).toEqual(cleanPrototypes)
  expect(Object.getPrototypeOf({})).toBe(Object.prototype)
}

const ResultShape = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.strictObject({ code: z.enum(ERROR_CODES), message: z.string().min(1) }) })
])

// ---------------------------------------------------------------------------------------------
// Payloads

const trickyKey = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then', 'path', 'kind', '')
)

/** Anything structured clone can carry (functions, symbols and throwing getters never arrive). */
const cloneable = fc.anything({
  key: trickyKey,
  maxDepth: 4,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withObjectString: true,
  stringUnit: 'binary'
})

/** `depth` levels above `leaf`; shared, each level holds the one below twice (2^depth paths to walk). */
const nest = (depth: number, leaf: unknown, array: boolean, shared: boolean): unknown => {
  let value = leaf
  for (let i = 0; i < depth; i++) value = array ? (shared ? [value, value] : [value]) : shared ? { board: value, a: value } : { board: value }
  // fast-check would print the 2^depth paths of a failing case
  return Object.assign(value as object, { [fc.toStringMethod]: () => `${shared ? 'shared ' : ''}${array ? 'array' : 'object'} nest ${depth} deep` })
}

const payload = fc.oneof(
  { weight: 6, arbitrary: cloneable },
  fc.constantFrom(undefined, null, NaN, Infinity, -Infinity, -0, 0, '', [], {}),
  // huge strings and keys
  fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 10_000, max: 300_000 })).map(([s, n]) => s.repeat(n)),
  fc.integer({ min: 10_000, max: 100_000 }).map((n) => ({ ['k'.repeat(n)]: 1 })),
  // deep nests (shared, so 2^depth paths) and circles: structured clone keeps both
  fc.tuple(fc.integer({ min: 50, max: 500 }), cloneable, fc.boolean()).map(([depth, leaf, array]) => nest(depth, leaf, array, false)),
  fc.tuple(fc.integer({ min: 20, max: 200 }), cloneable, fc.boolean()).map(([depth, leaf, array]) => nest(depth, leaf, array, true)),
  cloneable.map((value) => {
    const circle: Record<string | symbol, unknown> = { value }
    circle.board = circle
    circle.path = circle
    circle[fc.toStringMethod] = () => 'a circle'
    return circle
  })
)

/** A valid request for every verb (paths nobody granted: a handler that runs answers FORBIDDEN). */
const swatch = { rgb: [1, 2, 3], hex: '#010203', share: 1, name: 'a' }
const samples: Record<InvokeVerb, Record<string, unknown>> = {
  getAppInfo: {},
  openImageDialog: { multiple: true },
  openVideoDialog: {},
  openFolderDialog: {},
  readImageFile: { path: '/a.png', recent: false },
  getMediaUrl: { path: '/a.mp4' },
  extract: {
    requestId: 'r1',
    method: 'kmeans',
    forceCpu: true,
    preview: { width: 10, height: 10 },
    source: { kind: 'rgba', width: 1, height: 1, data: new Uint8Array(4), name: 'f' }
  },
  cancelExtract: { requestId: 'r1' },
  displayCopy: { source: { kind: 'bytes', bytes: new Uint8Array([1, 2, 3]), name: 'x.tif' } },
  exportPalette: { format: 'gpl', groups: [{ name: 'A', swatches: [swatch] }], suggestedName: 'mine', filePerGroup: false },
  importPalette: {},
  saveFile: { kind: 'json', data: '{"a":1}', suggestedName: 'strip' },
  copyText: { text: '#010203' },
  listRecent: {},
  addRecent: { path: '/photos', kind: 'folder' },
  clearRecent: {},
  takeLaunchFiles: {},
  saveProject: { board: { columns: [{ name: 'c', swatches: [swatch] }], n: [1, null, true] }, path: '/b.palette-studio', suggestedName: 'board' },
  openProject: { path: '/b.palette-studio' },
  adoptProject: { path: '/b.palette-studio' },
  autosaveBoard: { board: { columns: [1, 'x', { y: null }] } },
  restoreBoard: {},
  clearAutosave: {},
  keepAutosave: {},
  extractFolder: { requestId: 'b1', path: '/photos', method: 'kmeans', preview: { width: 5, height: 5 } },
  cancelBatch: { requestId: 'b1' },
  askBeforeClose: { ask: true },
  closeWindow: {},
  updateMenuState: { canExport: true, canUndo: false, canRedo: false, canAddToBoard: true }
}

/** Values no field of any request accepts, whatever its type (null only where a board may hold it). */
const wrong = (nullOk: boolean) =>
  fc.oneof(
    fc.bigInt(),
    fc.date(),
    fc.constantFrom(NaN, Infinity, -Infinity, new Map([[1, 2]]), new Set(['a'])),
    fc.string().map((s) => Object(s) as unknown),
    fc.double().map((n) => Object(n) as unknown),
    fc.boolean().map((b) => Object(b) as unknown),
    ...(nullOk ? [] : [fc.constant(null)])
  )

type Path = (string | number)[]
/** Every place in a request a value sits, bytes counted as one value. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return [at]
  const inner = Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...at, Array.isArray(value) ? Number(key) : key]))
  return at.length === 0 ? inner : [at, ...inner]
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  node[path.at(-1)!] = value
  return copy
}

/** Own data property, even for "__proto__" (a plain assignment would set the prototype instead). */
function withOwn(root: object, key: string, value: unknown): object {
  const copy = structuredClone(root)
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true })
  return copy
}

const requiredKeys = (verb: InvokeVerb): string[] =>
  Object.entries((invokeContract[verb].request as unknown as z.ZodObject).shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([key]) => key)

type Mutation = { request: unknown; names: string }
const mutation = (verb: InvokeVerb): fc.Arbitrary<Mutation> => {
  const sample = samples[verb]
  const known = Object.keys((invokeContract[verb].request as unknown as z.ZodObject).shape)
  const options: fc.Arbitrary<Mutation>[] = [
    // a key the verb does not know, whatever its value
    fc
      .tuple(trickyKey.filter((key) => !known.includes(key)), payload)
      .map(([key, value]) => ({ request: withOwn(sample, key, value), names: key.slice(0, 40) }))
  ]
  const required = requiredKeys(verb)
  if (required.length > 0) {
    options.push(
      fc.constantFrom(...required).map((key) => {
        const request: Record<string, unknown> = structuredClone(sample)
        delete request[key]
        return { request, names: key }
      })
    )
  }
  const paths = pathsOf(sample)
  if (paths.length > 0) {
    options.push(
      fc
        .constantFrom(...paths)
        .chain((path) => wrong(path[0] === 'board').map((value) => ({ request: setAt(sample, path, value), names: String(path[0]) })))
    )
  }
  return fc.oneof(...options)
}

// ---------------------------------------------------------------------------------------------
// Properties

/** The checks every answer passes; returns the answer's error for more. */
async function answerChecked(verb: InvokeVerb, request: unknown) {
  const expected = invokeContract[verb].request.safeParse(structuredClone(request) ?? {})
  const result = await invoke(verb, request)
  expect(ResultShape.safeParse(result).success, JSON.stringify(result)).toBe(true)
  expectNoPollution()
  if (expected.success) {
    expect(spies[verb]).toHaveBeenCalledTimes(1)
    return undefined
  }
  expect(spies[verb]).not.toHaveBeenCalled()
  const error = (result as { ok: false; error: { code: string; message: string } }).error
  expect(error.code).toBe('BAD_REQUEST')
  expect(error.message.startsWith(`${verb}: invalid request: `)).toBe(true)
  // at most three issues of 300 characters: a megabyte of bad data makes no megabyte of message
  expect(error.message.length).toBeLessThan(1200)
  return error
}

describe('every verb, any payload', () => {
  it('answers with a Result; a request its schema refuses gets BAD_REQUEST and never reaches the handler', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...INVOKE_VERBS), payload, async (verb, request) => {
        Object.values(spies).forEach((spy) => spy.mockClear())
        await answerChecked(verb, request)
      }),
      { numRuns: 400 }
    )
  })
})

describe('every verb, a valid request spoilt', () => {
  it.each(INVOKE_VERBS)('%s: an unknown key, a missing field or a field of the wrong type is refused, naming the field', async (verb) => {
    await fc.assert(
      fc.asyncProperty(mutation(verb), async ({ request, names }) => {
        spies[verb].mockClear()
        const error = await answerChecked(verb, request)
        expect(error, 'the spoilt request was accepted').toBeDefined()
        expect(error!.message).toContain(names)
      }),
      { numRuns: 25 }
    )
  })
})

describe('boards keep every key', () => {
  it('a board key named "__proto__" or "constructor" is saved and read back as it was', async () => {
    const board = JSON.parse('{"names":{"__proto__":{"hex":"#010203"},"constructor":"c","x":[1]}}')
    const autosaved = await invoke('autosaveBoard', { board })
    expect(autosaved).toMatchObject({ ok: true })
    const file = JSON.parse(await readFile(join(dir, 'autosave.palette-studio'), 'utf8'))
    expect(Object.keys(file.board.names)).toEqual(['__proto__', 'constructor', 'x'])
    const restored = (await invoke('restoreBoard', {})) as { ok: true; value: { autosave: { board: { names: object } } } }
    expect(Object.keys(restored.value.autosave.board.names)).toEqual(['__proto__', 'constructor', 'x'])
    expectNoPollution()
  })
})

// ---------------------------------------------------------------------------------------------
// Events main sends

const eventSamples: Record<EventName, Record<string, unknown>> = {
  onMenu: { command: 'open-recent', item: { path: '/a.png', name: 'a.png', kind: 'image', openedAt: 1 } },
  onExtractProgress: { requestId: 'r', stage: 'decoding', fraction: 0.5 },
  onBatchProgress: { requestId: 'b', done: 1, total: 2, failed: 0, file: '/a.png' },
  onEngineStatus: { state: 'crashed', message: 'gone' },
  onOpenFiles: { items: [{ path: '/a.png', name: 'a.png', kind: 'image', openedAt: 1 }], refused: ['no'] },
  onCloseRequest: {}
}

describe('events to the renderer', () => {
  /** An event with fields (onCloseRequest has none) also gets a wrong value in each of them. */
  const eventPayload = (event: EventName) => {
    const paths = pathsOf(eventSamples[event])
    const wrongField = () => fc.constantFrom(...paths).chain((path) => wrong(false).map((value) => setAt(eventSamples[event], path, value)))
    return fc.oneof(payload, ...(paths.length > 0 ? [wrongField()] : []), fc.tuple(trickyKey, payload).map(([key, value]) => withOwn(eventSamples[event], key, value)))
  }

  it('sends only payloads the contract accepts, and refuses the rest without sending anything', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EVENT_NAMES).chain((event) => fc.tuple(fc.constant(event), eventPayload(event))),
        ([event, value]) => {
          win.webContents.sent.length = 0
          const valid = eventContract[event].safeParse(structuredClone(value)).success
          let threw = false
          try {
            sendEvent(win as unknown as Electron.BrowserWindow, event, value as never)
          } catch {
            threw = true
          }
          expect(threw).toBe(!valid)
          expect(win.webContents.sent).toHaveLength(valid ? 1 : 0)
          if (valid) expect(eventContract[event].safeParse(win.webContents.sent[0]!.payload).success).toBe(true)
          expectNoPollution()
        }
      ),
      { numRuns: 300 }
    )
  })

  it('a valid event arrives whole (an unknown extra key aside)', () => {
    for (const event of EVENT_NAMES) {
      win.webContents.sent.length = 0
      sendEvent(win as unknown as Electron.BrowserWindow, event, eventSamples[event] as never)
      expect(win.webContents.sent[0]?.payload).toEqual(eventSamples[event])
    }
  })
})
