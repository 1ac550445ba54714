// The compare board on disk: project files the user names, and an autosave that survives a crash.
// The board itself is the renderer's JSON; we only wrap it so a stray file is recognised as foreign.
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from '../formats'
import { boardProblem } from '../../shared/board-size'
import { MAX_PROJECT_FILE_BYTES, type RequestOf, type ResponseOf } from '../../shared/ipc-contract'
import { ioMessage } from '../engine/io-messages'
import { ShellError, toIpcError } from './errors'
import { requireFile } from './files'
import type { PathGrants } from './grants'
import { chooseSavePath, saveLeaving, withExtension } from './save-path'
import type { Dialogs, FileFilter, Recent } from './services'

export const PROJECT_EXTENSION = 'palette-studio'
const FILTER: FileFilter = { name: 'Palette Studio board', extensions: [PROJECT_EXTENSION] }
const PROJECT_VERSION = 1
/** Palette Studio never saves a board this large (MAX_BOARD_BYTES): what to do about one that is. */
const TOO_LARGE_FIX =
  'Palette Studio does not save boards this large, so another program made or changed it: remove columns in the program that wrote it, then open it again.'

const ProjectFileSchema = z.object({
  format: z.literal('palette-studio-board'),
  version: z.literal(PROJECT_VERSION),
  savedAt: z.number(),
  /**
   * The board as read: JSON that could have been saved (boardProblem), so one nested deeper than a
   * save allows was damaged or written by another program. Not z.json(), whose walk recurses as deep
   * as the file goes (a board 5,000 levels deep overflowed the stack), and whose copy of the board
   * drops a key named "__proto__"; boardProblem's walk stops at the depth a save allows.
   */
  board: z.custom<z.core.util.JSONType>((board) => boardProblem(board) === ''),
  /** Autosaves only: `ProjectStamps` of the run that wrote it, so a restored board keeps its check. */
  stamps: z.record(z.string(), z.number()).optional()
})

const encode = (board: z.infer<typeof ProjectFileSchema>['board'], savedAt: number, stamps?: Record<string, number>): string =>
  JSON.stringify({ format: 'palette-studio-board', version: PROJECT_VERSION, savedAt, board, stamps })

async function readProjectFile(path: string): Promise<z.infer<typeof ProjectFileSchema>> {
  const size = await requireFile(path, MAX_PROJECT_FILE_BYTES, TOO_LARGE_FIX)
  const name = basename(path)
  if (size === 0) throw new ShellError('CORRUPT', `"${name}" is empty: it holds no board.`)
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch {
    json = undefined
  }
  const parsed = ProjectFileSchema.safeParse(json)
  if (parsed.success) return parsed.data
  // A newer build may change the format: say so, rather than call the user's file damaged.
  const version = (json as { version?: unknown } | null | undefined)?.version
  if (typeof version === 'number' && version > PROJECT_VERSION) {
    throw new ShellError('UNSUPPORTED', `"${name}" was saved by a newer Palette Studio. Update the app to open it.`)
  }
  throw new ShellError('CORRUPT', `"${name}" is not a Palette Studio board, or it is damaged.`)
}

const mtimeOf = async (path: string): Promise<number> => (await stat(path)).mtimeMs

/**
 * When each board file was last shown on the board or written here. Saving over one that another
 * program (or another window) changed since would silently throw its work away: that save is
 * refused instead. The autosave carries them, so a board restored after a crash is checked against
 * the file it was opened from, not trusted blindly.
 */
export class ProjectStamps {
  readonly #mtimes = new Map<string, number>()
  /**
   * Files read for the board and not shown on it yet (`adoptRead`). A read alone changes no check:
   * the page may keep the board it has (it could not open the file), and that board is still the
   * file as it was before.
   */
  readonly #read = new Map<string, number>()

  async note(path: string): Promise<void> {
    this.#mtimes.set(path, await mtimeOf(path))
  }

  async noteRead(path: string): Promise<void> {
    this.#read.set(path, await mtimeOf(path))
  }

  /** The board shows the file read from `path` (`noteRead`): saves to it are checked against that read. */
  adoptRead(path: string): void {
    const read = this.#read.get(path)
    if (read === undefined) return
    this.#mtimes.set(path, read)
    this.#read.delete(path)
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.#mtimes)
  }

  /** Stamps an autosave carried; ones noted in this run are newer and win. */
  adopt(stamps: Record<string, number>): void {
    for (const [path, mtime] of Object.entries(stamps)) if (!this.#mtimes.has(path)) this.#mtimes.set(path, mtime)
  }

  /** The files noted that changed on disk since. */
  async changed(): Promise<string[]> {
    const paths = [...this.#mtimes.keys()]
    const changed = await Promise.all(paths.map((path) => this.#changed(path)))
    return paths.filter((_, i) => changed[i])
  }

  /** Whether `path` changed on disk since `note`; a file never noted, or gone since, did not (a save writes it anew). */
  async #changed(path: string): Promise<boolean> {
    const noted = this.#mtimes.get(path)
    const now = await mtimeOf(path).catch(() => undefined)
    return noted !== undefined && now !== undefined && now !== noted
  }

  /** Throws when `path` changed on disk since `note`. */
  async check(path: string): Promise<void> {
    if (!(await this.#changed(path))) return
    throw new ShellError(
      'IO_ERROR',
      `"${basename(path)}" was changed by another program since you opened it, so it was not saved over. Choose Save As… to save your board under another name, or over that file to replace it.`
    )
  }
}

/**
 * Save to the board's own file, or through the save dialog. A path the user never chose (a
 * restored autosave after Open Recent was cleared, or a confused page) gets the dialog too.
 */
export async function saveProject(
  dialogs: Dialogs,
  recent: Recent,
  grants: PathGrants,
  stamps: ProjectStamps,
  request: RequestOf<'saveProject'>
): Promise<ResponseOf<'saveProject'>> {
  // Only ever a board file: a folder the user opened for its images grants no other writes.
  const own = request.path === undefined ? null : withExtension(request.path, PROJECT_EXTENSION)
  const known = own !== null && (await grants.allows(own))
  const path = known ? own : await chooseSavePath(dialogs, 'Save board', request.suggestedName, PROJECT_EXTENSION, [FILTER])
  if (path === null) return { path: null }
  // The dialog's choice is the user's own say to replace whatever is there.
  if (known) await stamps.check(path)
  await writeProject(path, encode(request.board, Date.now()))
  await stamps.note(path)
  grants.grantFile(path)
  await recent.add(path, 'project')
  return { path }
}

/**
 * Writes a board file. A disk's refusal says that the board was not saved, which file, and what
 * to do: the designer's first questions (Save was pressed, nothing else changed on screen).
 */
async function writeProject(path: string, contents: string): Promise<void> {
  try {
    await saveLeaving([path], () => writeFileAtomic(path, contents))
  } catch (error) {
    // A failure of the app itself stays one: logged, and said to be ours.
    const errno = (error as { code?: unknown } | null)?.code
    if (!(error instanceof ShellError) && ioMessage(errno) === undefined) throw error
    const { code, message } = toIpcError(error)
    throw new ShellError(code, `"${basename(path)}" was not saved: ${message} Choose Save As… to save it elsewhere.`, { cause: error })
  }
}

/** Reads a board file for the board; it counts as the board's file once the page adopts it (adoptProject). */
export async function openProject(
  dialogs: Dialogs,
  recent: Recent,
  grants: PathGrants,
  stamps: ProjectStamps,
  request: RequestOf<'openProject'>
): Promise<ResponseOf<'openProject'>> {
  if (request.path !== undefined) await grants.require(request.path)
  const path = request.path ?? (await dialogs.openFile('Open board', [FILTER]))
  if (path === null) return { project: null }
  const file = await readProjectFile(path)
  await stamps.noteRead(path)
  await recent.add(path, 'project')
  return { project: { path, board: file.board } }
}

export function adoptProject(stamps: ProjectStamps, { path }: RequestOf<'adoptProject'>): ResponseOf<'adoptProject'> {
  stamps.adoptRead(path)
  return {}
}

export async function autosave(file: string, stamps: ProjectStamps, request: RequestOf<'autosaveBoard'>): Promise<ResponseOf<'autosaveBoard'>> {
  const savedAt = Date.now()
  // The app's data folder is ours: one deleted while the app runs (a cleaner) is made again.
  await mkdir(dirname(file), { recursive: true })
  await writeFileAtomic(file, encode(request.board, savedAt, stamps.toJSON()))
  return { savedAt }
}

/**
 * The autosaved board, or null when there is none. One that cannot be read (damaged, or from a
 * newer build) is moved aside before we say why, so the next autosave cannot overwrite it.
 */
export async function restore(file: string, stamps: ProjectStamps): Promise<ResponseOf<'restoreBoard'>> {
  try {
    const saved = await readProjectFile(file)
    stamps.adopt(saved.stamps ?? {})
    return { autosave: { board: saved.board, savedAt: saved.savedAt, changed: await stamps.changed() } }
  } catch (error) {
    if (error instanceof ShellError && error.code === 'NOT_FOUND') return { autosave: null }
    const kept = await keepAside(file)
    const reason = error instanceof Error ? error.message : String(error)
    const where = kept ? ` It was kept as ${kept}.` : ''
    throw new ShellError(error instanceof ShellError ? error.code : 'IO_ERROR', `Your last board could not be restored: ${reason}${where}`, { cause: error })
  }
}

/** Renames an unreadable autosave to a project file of its own; its new path, or null if it could not be moved. */
export async function keepAside(file: string): Promise<string | null> {
  const kept = join(dirname(file), `unrestored-board-${Date.now()}.${PROJECT_EXTENSION}`)
  try {
    await rename(file, kept)
    return kept
  } catch {
    return null
  }
}

export async function clearAutosave(file: string): Promise<void> {
  await rm(file, { force: true })
}
