// Image and video files the renderer shows: read for display, folders listed for a batch.
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { MAX_IMAGE_BYTES } from '../../shared/ipc-contract'
import { ShellError } from './errors'

/** Extensions of the images we list in a folder and offer in the open dialog, with their MIME types. */
export const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  bmp: 'image/bmp',
  heic: 'image/heic',
  heif: 'image/heif'
}
export const IMAGE_EXTENSIONS = Object.keys(IMAGE_TYPES)

export const VIDEO_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska'
}
export const VIDEO_EXTENSIONS = Object.keys(VIDEO_TYPES)

const extOf = (path: string): string => extname(path).slice(1).toLowerCase()
// Own keys only: "photo.constructor" is no image, and its type is no function.
const typeIn = (types: Record<string, string>, path: string): string | undefined =>
  Object.hasOwn(types, extOf(path)) ? types[extOf(path)] : undefined
export const isImagePath = (path: string): boolean => typeIn(IMAGE_TYPES, path) !== undefined
export const isVideoPath = (path: string): boolean => typeIn(VIDEO_TYPES, path) !== undefined
export const mimeOf = (path: string): string => typeIn(IMAGE_TYPES, path) ?? typeIn(VIDEO_TYPES, path) ?? 'application/octet-stream'

/** Stat a path that must be a regular file, with designer-readable errors. */
export async function requireFile(path: string, maxBytes = Number.POSITIVE_INFINITY): Promise<number> {
  let info
  try {
    info = await stat(path)
  } catch (cause) {
    throw new ShellError('NOT_FOUND', `"${basename(path)}" could not be found. It may have been moved, renamed or deleted.`, { cause })
  }
  if (!info.isFile()) throw new ShellError('NOT_FOUND', `"${basename(path)}" is a folder, not a file.`)
  if (info.size > maxBytes) throw new ShellError('TOO_LARGE', `"${basename(path)}" is too large to open (${Math.round(info.size / 2 ** 20)} MB).`)
  return info.size
}

export async function readImageForDisplay(path: string): Promise<{ name: string; mime: string; bytes: Uint8Array }> {
  await requireFile(path, MAX_IMAGE_BYTES)
  const data = await readFile(path)
  return { name: basename(path), mime: mimeOf(path), bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }
}

/** The image files directly inside a folder, by name in natural order ("frame2" before "frame10"). */
export async function listImages(folder: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(folder, { withFileTypes: true })
  } catch (cause) {
    throw new ShellError('NOT_FOUND', `The folder "${basename(folder)}" could not be opened.`, { cause })
  }
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && isImagePath(e.name))
    .map((e) => e.name)
    .sort(collator.compare)
    .map((name) => join(folder, name))
}
