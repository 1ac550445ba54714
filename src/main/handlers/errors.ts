// Turning any failure into the contract's plain `{ code, message }`: codes the renderer can branch
// on, and messages a designer can read. Unexpected errors are logged in full and shown generically.
import { ZodError } from 'zod'
import { ERROR_CODES, type ErrorCode, type IpcError } from '../../shared/ipc-contract'
import { ioMessage } from '../engine/io-messages'
import { shortened } from '../../shared/names'

/** A failure of the shell itself (IPC, engine process, files), with a contract error code. */
export class ShellError extends Error {
  override readonly name = 'ShellError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
  }
}

const CODES: ReadonlySet<string> = new Set(ERROR_CODES)

/** True for ShellError, EngineError, or an error that crossed a process boundary as `{ code, message }`. */
function hasContractCode(error: unknown): error is { code: ErrorCode; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    CODES.has((error as { code: string }).code) &&
    typeof (error as { message?: unknown }).message === 'string'
  )
}

export function toIpcError(error: unknown, log: (detail: unknown) => void = console.error): IpcError {
  if (hasContractCode(error)) return { code: error.code, message: error.message }
  if (error instanceof ZodError) return { code: 'BAD_REQUEST', message: describeZodError(error) }
  const errno = (error as { code?: unknown } | null)?.code
  const message = ioMessage(errno)
  if (message !== undefined) return { code: errno === 'ENOENT' ? 'NOT_FOUND' : 'IO_ERROR', message }
  log(error)
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside Palette Studio. Please report this with the file you used.'
  }
}

/** "extract: source.path: Too small…" — names the field, for whoever wrote the caller. */
export function describeZodError(error: ZodError, prefix = 'Invalid request'): string {
  const first = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(request)'
    // An issue names keys and values the caller sent: a megabyte of key makes no message.
    return shortened(`${where}: ${issue.message}`, 301)
  })
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : ''
  return `${prefix}: ${first.join('; ')}${more}`
}
