// `window.paletteStudio`, built generically from the contract over any transport: Electron IPC
// in the preload, HTTP in the test bridge's shim. One verb per contract entry, one `onX`
// listener per event, each listener returning its unsubscribe function.
import {
  API_KEY,
  EVENT_NAMES,
  eventChannel,
  INVOKE_VERBS,
  invokeChannel,
  type InvokeVerb,
  type PaletteStudioApi,
  type Result
} from '../shared/ipc-contract'

export interface ApiTransport {
  invoke(channel: string, request: unknown): Promise<unknown>
  subscribe(channel: string, listener: (payload: unknown) => void): () => void
  pathForFile(file: File): string
}

export function buildApi(transport: ApiTransport): PaletteStudioApi {
  const api: Record<string, unknown> = {}
  for (const verb of INVOKE_VERBS) {
    api[verb] = (request?: unknown) => invokeSafely(transport, verb, request ?? {})
  }
  for (const event of EVENT_NAMES) {
    api[event] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${API_KEY}.${event} needs a function`)
      return transport.subscribe(eventChannel(event), (payload) => {
        try {
          listener(payload)
        } catch (error) {
          // Still the page's uncaught error, but only once the event's other listeners (the menu has two) had it too.
          queueMicrotask(() => {
            throw error
          })
        }
      })
    }
  }
  api.getPathForFile = (file: File) => {
    try {
      return transport.pathForFile(file)
    } catch {
      return '' // not a File from a drop or a file input: it has no path on disk
    }
  }
  return Object.freeze(api) as PaletteStudioApi
}

/** Verbs resolve to a Result even when the transport itself fails, so callers need one code path. */
async function invokeSafely(transport: ApiTransport, verb: InvokeVerb, request: unknown): Promise<Result<unknown>> {
  try {
    return (await transport.invoke(invokeChannel(verb), request)) as Result<unknown>
  } catch (error) {
    if (isCloneFailure(error)) {
      // The page's own mistake, caught before the request left: word it as dispatch words a BAD_REQUEST.
      return { ok: false, error: { code: 'BAD_REQUEST', message: `${verb}: invalid request: ${UNCLONABLE}` } }
    }
    return { ok: false, error: { code: 'INTERNAL', message: `Palette Studio could not reach its main process (${describe(error)}).` } }
  }
}

const UNCLONABLE = 'it holds a value that cannot be sent to the main process (a function or a page object).'

/** Structured clone refuses a function or a DOM node: a DOMException in Chromium, and Electron's own message. */
function isCloneFailure(error: unknown): boolean {
  if (error instanceof Error && error.name === 'DataCloneError') return true
  return /could not be cloned/i.test(describe(error))
}

/** String() throws on a null-prototype object or a throwing toString: the reply must still come. */
function describe(error: unknown): string {
  try {
    return String(error)
  } catch {
    return 'an unreadable error'
  }
}
