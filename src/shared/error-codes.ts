// The engine's error codes, written once: the engine's EngineError (src/main/engine/errors.ts) and
// the IPC contract (src/shared/ipc-contract.ts, which adds the shell's own codes) both take them
// from here. Plain data: the engine, main, the CLI and the renderer all compile this file.

export const ENGINE_ERROR_CODES = [
  'NOT_FOUND',
  'NOT_AN_IMAGE',
  'CORRUPT',
  'UNSUPPORTED',
  'TOO_LARGE',
  'BAD_SWATCH_FILE',
  'MODEL_MISSING',
  /** A file of the neural model is there but cannot be read as one (cut off, overwritten). */
  'MODEL_DAMAGED',
  'CANCELLED',
  /** Only the command line reads films with ffmpeg; the app never meets it. */
  'FFMPEG_MISSING',
  'INTERNAL'
] as const
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number]
