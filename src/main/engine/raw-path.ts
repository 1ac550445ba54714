// File names that are not valid UTF-8 (Latin-1 names from old archives, a Windows zip, an old
// camera card). Linux allows any bytes in a name; Node decodes such a name lossily (U+FFFD) in
// process.argv, in readdir's strings and in what Electron hands main, and opening that string
// finds nothing. The real name is found again by listing each folder as bytes.
import { readdir } from 'node:fs/promises'
import { basename, parse, resolve, sep } from 'node:path'
import { EngineError } from './errors'

const LOST = '\uFFFD'

/** More than one name in a folder reads as the same lossy name, so which one was meant is unknown. */
export class AmbiguousNameError extends Error {
  override readonly name = 'AmbiguousNameError'
  readonly code = 'ENOENT'

  constructor(readonly path: string) {
    super(`more than one name in its folder reads as ${path}`)
  }
}

/** What to do about a name that is not valid UTF-8 and cannot be opened as it is. */
export const RENAME_HINT = 'Rename it (for example with `convmv -f latin1 -t utf-8`) and try again.'

/** Why `name` cannot be opened when two names in its folder read as it. */
export const ambiguousName = (name: string): string =>
  `Can't find “${name}”: its name is not valid UTF-8, and more than one name in its folder reads the same. ${RENAME_HINT}`

/** rawPath for the engine: an ambiguous name is its NOT_FOUND, in a designer's words. */
export async function pathToOpen(path: string, from?: RawPathFs | FolderNames): Promise<string | Buffer> {
  try {
    return await rawPath(path, from)
  } catch (cause) {
    if (!(cause instanceof AmbiguousNameError)) throw cause
    throw new EngineError('NOT_FOUND', ambiguousName(basename(path)), { cause, file: path })
  }
}

/** Whether a path was written with a character that stands for bytes that were not valid UTF-8. */
const mayBeLossy = (path: string): boolean => path.includes(LOST)

export interface RawPathFs {
  readdir: (dir: Buffer) => Promise<Buffer[]>
}

const nodeFs: RawPathFs = {
  readdir: (dir) => readdir(dir, { encoding: 'buffer' })
}

/** A folder's entries by the lossy name Node reads each as (several when they read the same). */
type NamesByReading = Map<string, Buffer[]>

/**
 * The folders listed during one operation (one walk, one batch), each once: without it every file
 * of a folder of n Latin-1 names lists the folder again and compares all n names (n² in all).
 * Made at the operation's start and dropped at its end, never kept across the user's actions, so
 * a name renamed since is looked up afresh next time. A file renamed during the operation fails
 * to open as any missing file does.
 */
export class FolderNames {
  private readonly listed = new Map<string, Promise<NamesByReading>>()

  constructor(private readonly fs: RawPathFs = nodeFs) {}

  /** The entries of `dir` that read as `part`. */
  async matching(dir: Buffer, part: string): Promise<Buffer[]> {
    // latin1 keeps every byte of the folder's path, so two folders never share a key.
    const key = dir.toString('latin1')
    let names = this.listed.get(key)
    if (!names) {
      names = listNames(dir, this.fs)
      this.listed.set(key, names)
    }
    return (await names).get(part) ?? []
  }
}

async function listNames(dir: Buffer, fs: RawPathFs): Promise<NamesByReading> {
  const names: NamesByReading = new Map()
  for (const entry of await readable(dir, fs)) {
    const reading = entry.toString('utf8')
    names.set(reading, [...(names.get(reading) ?? []), entry])
  }
  return names
}

// An unreadable folder matches nothing: opening the path then fails with the folder's own reason.
const readable = (dir: Buffer, fs: RawPathFs): Promise<Buffer[]> => fs.readdir(dir).catch(() => [])

/**
 * The path to open for `path`: itself when it has no U+FFFD (no folder is listed) or when each part
 * is the one name on disk that reads so, else its bytes as found on disk (fs takes Buffer paths).
 * Itself again when some part of it matches no entry, so opening it fails as any missing file does.
 * Throws AmbiguousNameError when several entries of one folder read as the same part, a name
 * written with U+FFFD itself among them: which one the user chose cannot be told. `from` lists
 * folders (a FolderNames lists each folder once for a whole operation).
 */
export async function rawPath(path: string, from: RawPathFs | FolderNames = nodeFs): Promise<string | Buffer> {
  if (!mayBeLossy(path)) return path
  const full = resolve(path)
  const { root } = parse(full)
  let found: Buffer = Buffer.from(root)
  let asWritten = true
  for (const part of full.slice(root.length).split(sep)) {
    if (part === '') continue
    const written = Buffer.from(part)
    const name = mayBeLossy(part) ? await entryFor(found, part, from) : written
    if (!name) return path
    asWritten &&= name.equals(written)
    found = joinBytes(found, name)
  }
  return asWritten ? path : found
}

/** The one entry of `dir` whose name reads as `part` (undefined when none does). */
async function entryFor(dir: Buffer, part: string, from: RawPathFs | FolderNames): Promise<Buffer | undefined> {
  const matches = from instanceof FolderNames ? await from.matching(dir, part) : (await readable(dir, from)).filter((entry) => entry.toString('utf8') === part)
  if (matches.length > 1) throw new AmbiguousNameError(joinBytes(dir, Buffer.from(part)).toString('utf8'))
  return matches[0]
}

function joinBytes(dir: Buffer, name: Buffer): Buffer {
  const endsWithSep = dir.toString('utf8').endsWith(sep)
  return Buffer.concat([dir, endsWithSep ? Buffer.alloc(0) : Buffer.from(sep), name])
}
