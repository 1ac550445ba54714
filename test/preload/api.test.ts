// Property tests of buildApi, the page's side of the contract: whatever the page passes, a verb
// resolves to a Result on its own channel, and a listener that is no function is refused by name
// before anything is subscribed.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EVENT_NAMES, eventChannel, INVOKE_VERBS, invokeChannel, type PaletteStudioApi } from '../../src/shared/ipc-contract'
import { buildApi, type ApiTransport } from '../../src/preload/api'

/** A transport that records what it is asked and answers with `answer`. */
function recording(answer: (channel: string, request: unknown) => Promise<unknown>) {
  const invoked: { channel: string; request: unknown }[] = []
  const subscribed: string[] = []
  const transport: ApiTransport = {
    invoke: (channel, request) => (invoked.push({ channel, request }), answer(channel, request)),
    subscribe: (channel) => (subscribed.push(channel), () => {}),
    pathForFile: () => ''
  }
  return { api: buildApi(transport) as unknown as Record<string, (arg?: unknown) => unknown>, invoked, subscribed }
}

const anything = fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true })
const notAFunction = fc.oneof(anything, fc.constantFrom(undefined, null, 'onMenu', { handleEvent: () => {} }, [() => {}]))

describe('buildApi listeners', () => {
  it('refuse anything but a function, naming the listener, and subscribe nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENT_NAMES), notAFunction, (event, listener) => {
        const { api, subscribed } = recording(async () => ({ ok: true, value: {} }))
        expect(() => api[event]!(listener)).toThrow(new TypeError(`paletteStudio.${event} needs a function`))
        expect(subscribed).toEqual([])
      }),
      { numRuns: 200 }
    )
  })

  it('subscribe a function on its event channel and give back its unsubscribe', () => {
    for (const event of EVENT_NAMES) {
      const { api, subscribed } = recording(async () => ({ ok: true, value: {} }))
      expect(typeof api[event]!(() => {})).toBe('function')
      expect(subscribed).toEqual([eventChannel(event)])
    }
  })
})

describe('buildApi verbs', () => {
  it('send any request on their own channel (no request: an empty one) and resolve to the answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...INVOKE_VERBS), fc.option(anything, { nil: undefined }), async (verb, request) => {
        const answer = { ok: false, error: { code: 'BAD_REQUEST', message: `${verb}: invalid request: x` } }
        const { api, invoked } = recording(async () => answer)
        expect(await api[verb]!(request)).toBe(answer)
        expect(invoked).toEqual([{ channel: invokeChannel(verb), request: request ?? {} }])
      }),
      { numRuns: 200 }
    )
  })

  it('resolve to an INTERNAL Result, never a rejection, however the transport fails', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...INVOKE_VERBS), fc.string(), fc.boolean(), async (verb, message, synchronous) => {
        const { api } = recording(() => {
          if (synchronous) throw new Error(message)
          return Promise.reject(new Error(message))
        })
        const result = await (api as unknown as PaletteStudioApi)[verb](undefined as never)
        expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: `Palette Studio could not reach its main process (${String(new Error(message))}).` } })
      }),
      { numRuns: 100 }
    )
  })

  it('answer a request structured clone cannot carry with a BAD_REQUEST naming the verb, not a lost main process', async () => {
    const failures = [
      new DOMException('Failed to execute structuredClone: () => {} could not be cloned.', 'DataCloneError'),
      new Error('An object could not be cloned.') // what Electron's ipcRenderer.invoke throws
    ]
    for (const verb of INVOKE_VERBS) {
      for (const failure of failures) {
        const { api } = recording(() => Promise.reject(failure))
        expect(await api[verb]!({ onDone: () => {} })).toEqual({
          ok: false,
          error: {
            code: 'BAD_REQUEST',
            message: `${verb}: invalid request: it holds a value that cannot be sent to the main process (a function or a page object).`
          }
        })
      }
    }
  })

  it('resolve to an INTERNAL Result when the transport fails with something String() cannot print', async () => {
    const unprintable = Object.create(null) as object
    const { api } = recording(() => Promise.reject(unprintable))
    expect(await api[INVOKE_VERBS[0]]!()).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Palette Studio could not reach its main process (an unreadable error).' }
    })
  })
})
