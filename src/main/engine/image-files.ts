// Which files in a folder are images: one walk shared by the command line and the batch engine.
import type { Dirent } from 'node:fs'
import { readdir, readlink, stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { BATCH_TYPES, typeOf } from '../../shared/media-types'
import { MAX_PATH } from '../../shared/path-limits'
import { withIoReason } from './io-messages'
import { type FolderNames, rawPath } from './raw-path'

/** What a folder walk picks up (with the dot). Files named on the command line are tried whatever they end in. */
export const IMAGE_EXTENSIONS: readonly string[] = BATCH_TYPES.map((t) => `.${t.extension}`)

/**
 * An image the walk found: its path, and why it cannot be opened when the walk already knows (a
 * link that leads nowhere, a path longer than the system reads), so that it is named as failed
 * rather than tried or left out without a word.
 */
export interface FoundImage {
  file: string
  problem?: string
}

/** A subfolder the walk could not read, and why, in a designer's words. */
export interface SkippedFolder {
  folder: string
  message: string
  cause: unknown
}

export interface ListOptions {
  /**
   * Called for each subfolder that cannot be read (locked, path too long), which is then skipped
   * so that the rest of the folder goes ahead. Without it such a subfolder's error ends the walk.
   * The folder the walk starts from always throws: then there is nothing to go ahead with.
   */
  onSkippedFolder?: (skipped: SkippedFolder) => void
  /** The folder reader; tests stand in a failing one (root reads folders that chmod 000 locks). */
  readdir?: (dir: string) => Promise<Dirent[]>
  /** The operation's folder listings (raw-path.ts), shared with the opening of the files found. */
  names?: FolderNames
  /**
   * Checked before each folder is read: once aborted the walk stops there and throws the signal's
   * reason, so a cancel does not wait for the rest of a big tree or a slow network drive.
   */
  signal?: AbortSignal
}

// A folder named in bytes that are not UTF-8 is listed by those bytes (raw-path.ts); its entries'
// names come back lossy, and are found again the same way when opened.
const readEntries = async (dir: string, names?: FolderNames): Promise<Dirent[]> => readdir(await rawPath(dir, names), { withFileTypes: true })

/**
 * Names in the order a file manager shows them: numbers by value ("img2" before "img10"), case and
 * accents second ("apple" before "Zeta", "été" beside "ete"); names equal that way (the same
 * accented letter composed and decomposed) fall back to their code units, so the order is fixed.
 */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'variant' })
function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)
}

/**
 * Image files under `dir`: recursive, in natural order, skipping hidden entries; links to folders
 * are not followed (no cycles). No path it gives passes MAX_PATH by more than a name: a folder past
 * it is not read, as Linux cannot read it (Windows could, but the app carries no such path).
 */
export async function listImageFiles(dir: string, options: ListOptions = {}): Promise<FoundImage[]> {
  options.signal?.throwIfAborted()
  const entries = await (options.readdir ?? readEntries)(dir, options.names)
  entries.sort((a, b) => compareNames(a.name, b.name))
  const out: FoundImage[] = []
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await listSubfolder(path, options)))
    else if (isImageName(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
      const found = await imageAt(path, entry, options.names)
      if (found) out.push(found)
    }
  }
  return out
}

/** The image at `path`, with why it cannot be opened; undefined for a link to something else than a file (a folder, a device). */
async function imageAt(path: string, entry: Dirent, names?: FolderNames): Promise<FoundImage | undefined> {
  // The system opens no such path: said now, since the app cannot even send it to the engine.
  if (path.length > MAX_PATH) return { file: path, problem: withIoReason(`“${entry.name}” could not be read`, 'ENAMETOOLONG') }
  if (entry.isFile()) return { file: path }
  const raw = await rawPath(path, names)
  try {
    return (await stat(raw)).isFile() ? { file: path } : undefined
  } catch (error) {
    // No longer a link (deleted since the folder was read): nothing to name.
    const target = await readlink(raw, 'utf8').catch(() => undefined)
    return target === undefined ? undefined : { file: path, problem: brokenLink(entry.name, resolve(dirname(path), target), error) }
  }
}

/** Why the link `name` to `target` cannot be opened: most often a drive that is not plugged in. */
function brokenLink(name: string, target: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') return `“${name}” links to ${target}, which is not there. If that is on a removable or network disk, check that it is connected.`
  return withIoReason(`“${name}” links to ${target}, which cannot be opened`, code)
}

async function listSubfolder(path: string, options: ListOptions): Promise<FoundImage[]> {
  try {
    if (path.length > MAX_PATH) throw Object.assign(new Error('ENAMETOOLONG: the path is longer than MAX_PATH'), { code: 'ENAMETOOLONG' })
    return await listImageFiles(path, options)
  } catch (cause) {
    // A cancelled walk is not an unreadable subfolder: it ends the whole walk.
    if (!options.onSkippedFolder || options.signal?.aborted) throw cause
    options.onSkippedFolder({ folder: path, message: folderProblem(cause), cause })
    return []
  }
}

/** Why a folder could not be listed, for a designer: "The folder cannot be read: permission denied." */
export function folderProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const reasons: Record<string, string> = {
    EACCES: 'The folder cannot be read: permission denied.',
    EPERM: 'The folder cannot be read: permission denied.',
    ELOOP: 'The folder cannot be read: it is a link that leads back to itself (a loop of links).',
    ENAMETOOLONG: 'The folder cannot be read: its path is too long.',
    ENOTDIR: 'This is a file, not a folder.',
    ENOENT: 'The folder could not be found. It may have been moved, renamed or deleted.'
  }
  // Own keys only (a code such as "constructor" must not find Object's prototype); then the disk's
  // other complaints (EIO, ...) in the app's words.
  if (code !== undefined && Object.hasOwn(reasons, code)) return reasons[code]
  return code ? withIoReason('The folder cannot be read', code) : 'The folder cannot be read.'
}

const isImageName = (name: string): boolean => typeOf(BATCH_TYPES, name) !== undefined
