// Every failure the engine reports is an EngineError: a stable code that the CLI, the IPC
// layer and the app can branch on, and a message written for a designer, not a programmer.
// The codes themselves live in src/shared (the IPC contract carries them to the app too).
import type { EngineErrorCode } from '../../shared/error-codes'

export { ENGINE_ERROR_CODES, type EngineErrorCode } from '../../shared/error-codes'

/** Used when a caller gives a code but no message of its own. */
const DEFAULT_MESSAGES: Record<EngineErrorCode, string> = {
  NOT_FOUND: 'The file could not be found. It may have been moved, renamed or deleted.',
  NOT_AN_IMAGE: 'This file is not an image.',
  CORRUPT: 'The image is damaged or incomplete, perhaps cut off while it was copied or downloaded.',
  UNSUPPORTED: 'This image format is not supported. Save it as PNG or JPEG and try again.',
  TOO_LARGE: 'The image is too large to open safely.',
  BAD_SWATCH_FILE: 'The swatch file is damaged or is not in a format Palette Studio reads.',
  MODEL_MISSING: 'The neural model is not installed, so the neural method is not available.',
  MODEL_DAMAGED: 'A file of the neural model is damaged or incomplete, so the neural method cannot run. Reinstall Palette Studio; the other methods still work.',
  CANCELLED: 'Cancelled.',
  FFMPEG_MISSING:
    'Palette Studio needs ffmpeg to read films from the command line: install it (apt install ffmpeg / brew install ffmpeg / winget install ffmpeg).',
  INTERNAL: 'Something went wrong inside Palette Studio. Please report this with the image you used.'
}

export interface EngineErrorOptions {
  /** The underlying error (sharp, fs, onnxruntime), kept for logs, never shown as the message. */
  cause?: unknown
  /** The file the error is about, when there is one. */
  file?: string
}

export class EngineError extends Error {
  override readonly name = 'EngineError'
  readonly code: EngineErrorCode
  readonly file?: string

  constructor(code: EngineErrorCode, message?: string, options: EngineErrorOptions = {}) {
    super(message ?? DEFAULT_MESSAGES[code], options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    if (options.file !== undefined) this.file = options.file
  }
}

/** True when `value` is an EngineError, optionally with the given code. */
export function isEngineError(value: unknown, code?: EngineErrorCode): value is EngineError {
  return value instanceof EngineError && (code === undefined || value.code === code)
}
