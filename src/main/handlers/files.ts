// Image and video files the renderer shows: checked and read for display.
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { AmbiguousNameError, ambiguousName, rawPath } from '../engine/raw-path'
import { IMAGE_TYPES, MAX_IMAGE_BYTES, typeOf, VIDEO_TYPES } from '../../shared/media-types'
import { ShellError } from './errors'

export const isImagePath = (path: string): boolean => typeOf(IMAGE_TYPES, path) !== undefined
export const isVideoPath = (path: string): boolean => typeOf(VIDEO_TYPES, path) !== undefined
export const mimeOf = (path: string): string => (typeOf(IMAGE_TYPES, path) ?? typeOf(VIDEO_TYPES, path))?.mime ?? 'application/octet-stream'

/**
 * The path to open for one the page names: a dialog or a drop hands main a name that is not valid
 * UTF-8 decoded lossily, which opens only by its bytes (engine/raw-path.ts). The same file the user
 * chose, so the grant of the name holds for it.
 */
export async function openablePath(path: string): Promise<string | Buffer> {
  try {
    return await rawPath(path)
  } catch (cause) {
    if (!(cause instanceof AmbiguousNameError)) throw cause
    throw new ShellError('NOT_FOUND', ambiguousName(basename(path)), { cause })
  }
}

/** Megabytes, rounded up to a tenth: a file just over a limit does not read as the limit itself. */
const mb = (bytes: number): string => `${(Math.ceil((bytes / 2 ** 20) * 10) / 10).toLocaleString('en-US')} MB`

/**
 * Stat a path that must be a regular file, with designer-readable errors; `tooLargeFix` says what
 * to do about one over `maxBytes`.
 */
export async function requireFile(path: string, maxBytes = Number.POSITIVE_INFINITY, tooLargeFix?: string): Promise<number> {
  return (await openFile(path, maxBytes, tooLargeFix)).size
}

/**
 * A regular file's size and last modification in one string, with designer-readable errors: it
 * changes when the file is written again (a film made again under its name).
 */
export async function fileVersion(path: string): Promise<string> {
  const { size, modified } = await openFile(path, Number.POSITIVE_INFINITY)
  return `${size}@${modified}`
}

/** The path to open for `path`, a regular file of at most `maxBytes`, its size and when it was last written (ms). */
async function openFile(path: string, maxBytes: number, tooLargeFix?: string): Promise<{ real: string | Buffer; size: number; modified: number }> {
  const real = await openablePath(path)
  let info
  try {
    info = await stat(real)
  } catch (cause) {
    throw new ShellError('NOT_FOUND', `"${basename(path)}" could not be found. It may have been moved, renamed or deleted.`, { cause })
  }
  if (info.isDirectory()) throw new ShellError('NOT_FOUND', `"${basename(path)}" is a folder, not a file.`)
  // A pipe would be read for as long as something writes to it; a device (/dev/zero) for ever.
  if (!info.isFile()) throw new ShellError('NOT_FOUND', `"${basename(path)}" is not a file but a pipe or a device: save it to a file and open that.`)
  if (info.size > maxBytes) {
    const fix = tooLargeFix ? ` ${tooLargeFix}` : ''
    throw new ShellError('TOO_LARGE', `"${basename(path)}" is too large to open (${mb(info.size)}; the limit is ${mb(maxBytes)}).${fix}`)
  }
  return { real, size: info.size, modified: info.mtimeMs }
}

export async function readImageForDisplay(path: string): Promise<{ name: string; mime: string; bytes: Uint8Array }> {
  const { real } = await openFile(path, MAX_IMAGE_BYTES)
  const data = await readFile(real)
  return { name: basename(path), mime: mimeOf(path), bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }
}
