// Write a file so that readers (and a crash) see either the old contents or the new, never half:
// write a temporary file in the same folder (so rename stays on one file system), flush it to
// disk, then rename it over the target. On any failure the temporary file is removed and the
// old file is left as it was. A set of files is written the same way, all before any is renamed.
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { type FileHandle, access, lstat, open, readlink, realpath, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'

/** Whole contents, or chunks (a chunk source that throws mid-way leaves the old file untouched). */
type AtomicData = string | Uint8Array | Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>

export async function writeFileAtomic(linkOrPath: string, data: AtomicData): Promise<void> {
  await writeFilesAtomic([{ path: linkOrPath, data }])
}

/**
 * Several files as one (a board exported a file per column): every new file is written beside its
 * target before any is renamed into place, so a disk that fills up part-way leaves every target as
 * it was, not a half set of new files among old ones.
 */
export async function writeFilesAtomic(files: readonly { path: string; data: AtomicData }[]): Promise<void> {
  const staged: Staged[] = []
  try {
    for (const file of files) staged.push(await stage(file.path, file.data))
  } catch (error) {
    await removeAll(staged.map((s) => s.temp))
    throw error
  }
  await renameAll(staged)
  for (const dir of new Set(staged.map((s) => dirname(s.path)))) await syncFolder(dir)
}

/** A file's new contents, flushed to a temporary file beside it, waiting to be renamed over it. */
interface Staged {
  path: string
  temp: string
  /** Whether `path` was there before: renaming over it loses its old contents. */
  existed: boolean
}

async function stage(linkOrPath: string, data: AtomicData): Promise<Staged> {
  const path = await followLink(linkOrPath)
  const temp = join(dirname(path), tempName(basename(path)))
  const mode = await existingMode(path)
  // Rename needs only the folder's permission, so it would replace a file its owner made read-only
  // (chmod 444, to keep a brand palette as it is). Refused with access's own EACCES or EPERM, which
  // every caller already puts in a designer's words.
  if (mode !== undefined) await access(path, constants.W_OK)
  try {
    // The mode in open too, so that a private file's new contents are never readable more widely.
    const handle = await open(temp, 'wx', mode ?? 0o666)
    try {
      if (mode !== undefined) await keepMode(handle, mode)
      if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data)
      else for await (const chunk of data) await handle.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  return { path, temp, existed: mode !== undefined }
}

/**
 * Some files of a set were replaced when the next could not be (a file another program holds on
 * Windows): their old contents are gone, so the set cannot be put back as it was. `cause` is the
 * failure; the new files that had not been there before are removed again.
 */
export class PartlyReplaced extends Error {
  override readonly name = 'PartlyReplaced'
  constructor(
    readonly replaced: readonly string[],
    cause: unknown
  ) {
    super(`${replaced.length} of the files were replaced before the rest could not be`, { cause })
  }
}

async function renameAll(staged: readonly Staged[]): Promise<void> {
  let done = 0
  try {
    for (; done < staged.length; done++) await rename(staged[done].temp, staged[done].path)
  } catch (error) {
    const renamed = staged.slice(0, done)
    await removeAll([...staged.slice(done).map((s) => s.temp), ...renamed.filter((s) => !s.existed).map((s) => s.path)])
    const replaced = renamed.filter((s) => s.existed).map((s) => s.path)
    throw replaced.length > 0 ? new PartlyReplaced(replaced, error) : error
  }
}

const removeAll = (paths: readonly string[]): Promise<unknown> => Promise.all(paths.map((path) => rm(path, { force: true })))

/**
 * The file a symbolic link points at: renaming over the link itself would leave its target as it
 * was and turn the link into a copy (a palette kept in a synced folder, or linked by a dotfiles
 * manager, would silently stop updating there). A path that does not exist yet is kept as it is.
 */
async function followLink(path: string): Promise<string> {
  try {
    return await realpath(path)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? await danglingTarget(path) : path
  }
}

/** Links followed before giving up, as Linux does (MAXSYMLINKS). */
const MAX_LINKS = 40

/**
 * Where a link whose target does not exist yet leads (a dotfiles manager links a file before it is
 * first saved): realpath cannot tell, so follow the chain by hand. A relative target is read from
 * the link's folder.
 */
async function danglingTarget(path: string): Promise<string> {
  let current = path
  for (let followed = 0; followed < MAX_LINKS; followed++) {
    const isLink = await lstat(current).then(
      (stats) => stats.isSymbolicLink(),
      () => false
    )
    if (!isLink) return current
    current = resolve(dirname(current), await readlink(current))
  }
  throw Object.assign(new Error(`ELOOP: too many symbolic links encountered, '${path}'`), { code: 'ELOOP', path })
}

/** Characters of the target's name kept in the temporary one, which only needs to be recognisable. */
const TEMP_STEM_LENGTH = 40

/**
 * ".<start of name>.<pid>.<random>.tmp": short, so that a target whose name is near the file
 * system's limit (255 bytes) still gets a temporary file. Cut by code points, never mid-character.
 */
export function tempName(name: string): string {
  const stem = Array.from(name).slice(0, TEMP_STEM_LENGTH).join('')
  return `.${stem}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
}

/** The permissions of the file being replaced; undefined for a new file, which gets the usual 0o666 & ~umask. */
async function existingMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o7777
  } catch {
    return undefined
  }
}

/**
 * Give the temporary file the replaced file's mode. Set after opening, as open's mode is masked by
 * the umask (a group-writable palette in a shared folder would lose its group's write). Best
 * effort: file systems without Unix permissions (FAT, some network shares) refuse chmod, and the
 * new contents matter more than a mode they cannot keep anyway.
 */
async function keepMode(handle: FileHandle, mode: number): Promise<void> {
  try {
    await handle.chmod(mode)
  } catch {
    // See above: the file keeps the mode the file system gives it.
  }
}

/** Make the rename itself durable. Folders cannot be opened for syncing on Windows: best effort. */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  try {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Some file systems refuse fsync on a folder; the data itself is already on disk.
  }
}
