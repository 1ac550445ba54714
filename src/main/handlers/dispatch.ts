// The one place a raw message becomes a call: look the verb up in the contract, validate the
// request with its schema, run the handler, and answer with the contract's Result envelope.
// Electron's ipcMain (src/main/ipc.ts) and the test bridge both call this.
import {
  invokeContract,
  isInvokeVerb,
  type InvokeVerb,
  type Result,
  type ResponseOf
} from '../../shared/ipc-contract'
import { describeZodError, toIpcError } from './errors'
import type { Handlers } from './handlers'

interface DispatchOptions {
  /** Also validate the handler's response (tests and the bridge: catches a handler that drifts from the contract). */
  checkResponse?: boolean
  log?: (detail: unknown) => void
}

export async function dispatch(
  handlers: Handlers,
  verb: string,
  rawRequest: unknown,
  options: DispatchOptions = {}
): Promise<Result<unknown>> {
  if (!isInvokeVerb(verb)) {
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `Unknown request "${verb}".` } }
  }
  const parsed = invokeContract[verb].request.safeParse(rawRequest ?? {})
  if (!parsed.success) {
    return { ok: false, error: { code: 'BAD_REQUEST', message: describeZodError(parsed.error, `${verb}: invalid request`) } }
  }
  try {
    const value = await callHandler(handlers, verb, parsed.data)
    if (options.checkResponse) {
      const checked = invokeContract[verb].response.safeParse(value)
      if (!checked.success) {
        const message = describeZodError(checked.error, `${verb}: the response broke the contract`)
        options.log?.(message)
        return { ok: false, error: { code: 'INTERNAL', message } }
      }
    }
    return { ok: true, value }
  } catch (error) {
    return { ok: false, error: toIpcError(error, options.log) }
  }
}

function callHandler<V extends InvokeVerb>(handlers: Handlers, verb: V, request: unknown): Promise<ResponseOf<V>> {
  const handler = handlers[verb] as (request: unknown) => Promise<ResponseOf<V>>
  return handler(request)
}
