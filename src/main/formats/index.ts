// One entry point for swatch files: pick the format from the file name, read and write whole files.
import type { FileHandle } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { EngineError } from '../engine/errors'
import { permissionDenied, withOpenFile } from '../engine/open-file'
import { readAse, writeAse } from './ase'
import { writeFileAtomic } from './atomic-write'
import { writeCss } from './css'
import { readGpl, writeGpl } from './gpl'
import { readJson, writeJson } from './json'
import type { ReadOptions, SwatchFile } from './swatch-file'

export * from './swatch-file'
export { readAse } from './ase'
export { readGpl } from './gpl'
export { PartlyReplaced, writeFileAtomic, writeFilesAtomic } from './atomic-write'

export const SWATCH_FORMATS = ['ase', 'gpl', 'json', 'css'] as const
export type SwatchFormat = (typeof SWATCH_FORMATS)[number]
/** Formats Palette Studio can read back (CSS is export only). */
const READABLE_FORMATS: readonly SwatchFormat[] = ['ase', 'gpl', 'json']

/** Real swatch files are a few kilobytes; anything this big is not one, so it is never read whole. */
export const MAX_SWATCH_FILE_BYTES = 16 * 1024 * 1024

/** The format a path names by its extension, or undefined. */
export function formatOfPath(path: string): SwatchFormat | undefined {
  const ext = extname(path).slice(1).toLowerCase()
  return (SWATCH_FORMATS as readonly string[]).includes(ext) ? (ext as SwatchFormat) : undefined
}

/** The file's bytes; a readable format over MAX_SWATCH_FILE_BYTES is refused, since it could not be opened again. */
export function encodeSwatchFile(format: SwatchFormat, file: SwatchFile): Buffer {
  const data = encode(format, file)
  if (READABLE_FORMATS.includes(format) && data.length > MAX_SWATCH_FILE_BYTES) {
    throw new EngineError(
      'TOO_LARGE',
      `This palette is too large for one ${format.toUpperCase()} file (over ${MAX_SWATCH_FILE_BYTES / 1024 / 1024} MiB, more than Palette Studio opens): export fewer frames or images at a time.`
    )
  }
  return data
}

function encode(format: SwatchFormat, file: SwatchFile): Buffer {
  switch (format) {
    case 'ase':
      return writeAse(file)
    case 'gpl':
      return Buffer.from(writeGpl(file), 'utf8')
    case 'json':
      return Buffer.from(writeJson(file), 'utf8')
    case 'css':
      return Buffer.from(writeCss(file), 'utf8')
  }
}

/** How a file is read: `maxColours`, the colours of each group the caller keeps (ReadOptions). */
export type LoadOptions = ReadOptions

function decodeSwatchFile(format: SwatchFormat, data: Buffer, options: LoadOptions): SwatchFile {
  switch (format) {
    case 'ase':
      return readAse(data, options)
    case 'gpl':
      return readGpl(data, options)
    case 'json':
      return readJson(data)
    case 'css':
      throw new EngineError('BAD_SWATCH_FILE', 'CSS files can be exported but not opened as swatch files.')
  }
}

/** Write a swatch file atomically, in the format its extension names. */
export async function saveSwatchFile(path: string, file: SwatchFile): Promise<void> {
  const format = requireFormat(path)
  await writeFileAtomic(path, encodeSwatchFile(format, file))
}

/** Read a swatch file in the format its extension names. */
export async function loadSwatchFile(path: string, options: LoadOptions = {}): Promise<SwatchFile> {
  const format = requireFormat(path)
  return decodeSwatchFile(format, await readSwatchBytes(path), options)
}

/**
 * The file's bytes, at most MAX_SWATCH_FILE_BYTES of them, read from the handle that was checked:
 * a pipe or a device (a link to /dev/zero named like a palette) has no size to check beforehand,
 * and would be read for ever or wait for ever.
 */
async function readSwatchBytes(path: string): Promise<Buffer> {
  const name = `“${basename(path)}”`
  try {
    return await withOpenFile(path, async (handle, info) => {
      if (info.isDirectory()) throw new EngineError('BAD_SWATCH_FILE', `${name} is a folder, not a swatch file.`, { file: path })
      if (!info.isFile()) {
        throw new EngineError('BAD_SWATCH_FILE', `${name} is not a file but a pipe or a device: save the swatches to a file and open that.`, { file: path })
      }
      const data = await readAtMost(handle, MAX_SWATCH_FILE_BYTES + 1, info.size)
      if (data.length > MAX_SWATCH_FILE_BYTES) throw new EngineError('BAD_SWATCH_FILE', 'The file is far too large to be a swatch file.', { file: path })
      return data
    })
  } catch (cause) {
    // Only the file's opening is worded here (it is not there, or not the user's to read); a
    // failure reading it goes on as it came.
    if ((cause as NodeJS.ErrnoException).syscall !== 'open') throw cause
    throw new EngineError('NOT_FOUND', permissionDenied(cause, name), { cause, file: path })
  }
}

/** Up to `limit` bytes from the handle; `size` (what stat said) sizes the first read, the file may have grown since. */
async function readAtMost(handle: FileHandle, limit: number, size: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(limit - total, Math.max(size + 1 - total, 64 * 1024)))
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
    if (bytesRead === 0) break
    chunks.push(chunk.subarray(0, bytesRead))
    total += bytesRead
  }
  return Buffer.concat(chunks, total)
}

function requireFormat(path: string): SwatchFormat {
  const format = formatOfPath(path)
  if (!format) {
    throw new EngineError('BAD_SWATCH_FILE', `Swatch files must end in ${SWATCH_FORMATS.map((f) => `.${f}`).join(', ')}.`, { file: path })
  }
  return format
}
