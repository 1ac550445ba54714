// Write a file so that readers (and a crash) see either the old contents or the new, never half:
// write a temporary file in the same folder (so rename stays on one file system), flush it to
// disk, then rename it over the target. On any failure the temporary file is removed and the
// old file is left as it was.
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { type FileHandle, access, lstat, open, readlink, realpath, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'

/** Whole contents, or chunks (a chunk source that throws mid-way leaves the old file untouched). */
type AtomicData = string | Uint8Array | Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>

export async function writeFileAtomic(linkOrPath: string, data: AtomicData): Promise<void> {
  const path = await followLink(linkOrPath)
  const dir = dirname(path)
  const temp = join(dir, tempName(basename(path)))
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
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  await syncFolder(dir)
}

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
