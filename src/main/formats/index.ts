// One entry point for swatch files: pick the format from the file name, read and write whole files.
import { readFile, stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { EngineError } from '../engine/errors'
import { readAse, writeAse } from './ase'
import { writeFileAtomic } from './atomic-write'
import { writeCss } from './css'
import { readGpl, writeGpl } from './gpl'
import { readJson, writeJson } from './json'
import type { SwatchFile } from './swatch-file'

export * from './swatch-file'
export { readAse } from './ase'
export { readGpl } from './gpl'
export { slugify } from './css'
export { writeFileAtomic } from './atomic-write'

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

function decodeSwatchFile(format: SwatchFormat, data: Buffer): SwatchFile {
  switch (format) {
    case 'ase':
      return readAse(data)
    case 'gpl':
      return readGpl(data)
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
export async function loadSwatchFile(path: string): Promise<SwatchFile> {
  const format = requireFormat(path)
  let size: number
  try {
    size = (await stat(path)).size
  } catch (cause) {
    throw new EngineError('NOT_FOUND', undefined, { cause, file: path })
  }
  if (size > MAX_SWATCH_FILE_BYTES) throw new EngineError('BAD_SWATCH_FILE', 'The file is far too large to be a swatch file.', { file: path })
  return decodeSwatchFile(format, await readFile(path))
}

function requireFormat(path: string): SwatchFormat {
  const format = formatOfPath(path)
  if (!format) {
    throw new EngineError('BAD_SWATCH_FILE', `Swatch files must end in ${SWATCH_FORMATS.map((f) => `.${f}`).join(', ')}.`, { file: path })
  }
  return format
}
