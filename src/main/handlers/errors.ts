// Turning any failure into the contract's plain `{ code, message }`: codes the renderer can branch
// on, and messages a designer can read. Unexpected errors are logged in full and shown generically.
import { ZodError } from 'zod'
import { ERROR_CODES, type ErrorCode, type IpcError } from '../../shared/ipc-contract'

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

/**
 * Node's error codes for what a designer can meet opening and saving files. EXDEV (moving across
 * disks) is not here: every save renames a temporary file inside the target's own folder.
 */
const NODE_IO_MESSAGES: Record<string, string> = {
  ENOENT: 'The file or folder could not be found. It may have been moved, renamed or deleted.',
  EACCES: 'Palette Studio is not allowed to use this file or folder. Check its permissions.',
  EPERM: 'Palette Studio is not allowed to use this file or folder. Check its permissions.',
  ENOSPC: 'The disk is full. Free some space and try again; the old file was left as it was.',
  EDQUOT: 'Your share of this disk is used up. Free some space and try again; the old file was left as it was.',
  EROFS: 'This disk is read-only. Choose another folder.',
  EISDIR: 'This is a folder, not a file.',
  ENOTDIR: 'This is a file, not a folder.',
  ENAMETOOLONG: 'The file name or its path is too long for this disk. Choose a shorter name or a folder nearer the top of the disk.',
  ELOOP: 'This path goes round in a circle of symbolic links. Choose the folder itself instead.',
  EBUSY: 'The file is in use by another program. Close it there and try again.',
  EMFILE: 'Palette Studio has too many files open at once. Wait for the work in progress to finish and try again.',
  ENFILE: 'The computer has too many files open at once. Close some programs and try again.',
  EIO: 'The disk could not be read or written. If it is a removable or network disk, check that it is still connected.'
}

export function toIpcError(error: unknown, log: (detail: unknown) => void = console.error): IpcError {
  if (hasContractCode(error)) return { code: error.code, message: error.message }
  if (error instanceof ZodError) return { code: 'BAD_REQUEST', message: describeZodError(error) }
  const errno = (error as { code?: unknown } | null)?.code
  if (typeof errno === 'string' && errno in NODE_IO_MESSAGES) {
    return { code: errno === 'ENOENT' ? 'NOT_FOUND' : 'IO_ERROR', message: NODE_IO_MESSAGES[errno] }
  }
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
    return `${where}: ${issue.message}`
  })
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : ''
  return `${prefix}: ${first.join('; ')}${more}`
}
