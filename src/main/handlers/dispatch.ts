// The one place a raw message becomes a call: look the verb up in the contract, validate the
// request with its schema, run the handler, check its answer against the contract too, and answer
// with the contract's Result envelope. Electron's ipcMain (src/main/ipc.ts) and the test bridge
// both call this, so the app answers exactly as its end-to-end tests see it answer.
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
    // A handler that drifts from the contract is a bug here, logged as any other: the page gets
    // the usual internal error, never data its types say it cannot get.
    const checked = invokeContract[verb].response.safeParse(value)
    if (!checked.success) {
      const breach = new Error(describeZodError(checked.error, `${verb}: the response broke the contract`))
      return { ok: false, error: toIpcError(breach, options.log) }
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
