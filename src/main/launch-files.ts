// Files the operating system asks us to open: a double-clicked board (the installers register
// .palette-studio), "Open With Palette Studio", a jump-list or dock item. They come on the
// command line, from a second launch, or (macOS) as open-file events, often before the page can
// take them: they wait until it asks (`take`), and later ones are sent to it as they come.
import type { Stats } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename, extname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LaunchFiles, RecentItem } from '../shared/ipc-contract'
import type { PathGrants } from './handlers/grants'
import { isImagePath, isVideoPath } from './handlers/files'
import { PROJECT_EXTENSION } from './handlers/project'

/** A URL ("https://…"): its scheme has two letters at least, so a Windows drive ("C:\…") is none. */
const URL_SCHEME = /^[a-z][a-z\d+.-]+:\/\//i

/**
 * The file an argument names. Linux file managers pass file:// URLs (the .desktop entry's `%U`),
 * percent-encoded; other URLs, and file URLs of another machine, name nothing we can open.
 */
function pathOf(arg: string, cwd: string): string | null {
  if (/^file:/i.test(arg)) {
    try {
      return fileURLToPath(arg)
    } catch {
      return null
    }
  }
  if (URL_SCHEME.test(arg)) return null
  // resolve also makes an absolute path plain (no "." or ".."), the only form the grants accept.
  return resolve(cwd, arg)
}

/**
 * The paths in a command line, resolved against the folder it ran in. `skip` leaves out the
 * executable (and, unpackaged, the app's own folder); switches (`--flag`, Chromium's, macOS's
 * `-psn_…`) are not files.
 */
export function pathsInArgv(argv: readonly string[], skip: number, cwd: string): string[] {
  return argv
    .slice(skip)
    .filter((arg) => arg !== '' && !arg.startsWith('-'))
    .flatMap((arg) => pathOf(arg, cwd) ?? [])
}

/** What a path opens as, by what it is and its extension; null: nothing the app opens. */
export function kindOf(path: string, info: Stats): RecentItem['kind'] | null {
  if (info.isDirectory()) return 'folder'
  if (!info.isFile()) return null
  if (extname(path).slice(1).toLowerCase() === PROJECT_EXTENSION) return 'project'
  if (isImagePath(path)) return 'image'
  return isVideoPath(path) ? 'video' : null
}

type Opened = { item: RecentItem } | { refused: string }

/** What `path` opens as, by what it is and its extension; or why it cannot be opened. */
async function classify(path: string, now: number): Promise<Opened> {
  const name = basename(path)
  let info
  try {
    info = await stat(path)
  } catch {
    return { refused: `"${name}" could not be found. It may have been moved, renamed or deleted.` }
  }
  const kind = kindOf(path, info)
  if (kind === null) return { refused: `"${name}" is not an image, a film, a folder or a board, so Palette Studio cannot open it.` }
  return { item: { path, name, kind, openedAt: now } }
}

/**
 * Several files opened at once in a file manager can come one event each, moments apart (macOS
 * sends open-file per file; Windows may start a second launch per file): those that come within
 * this long of the first go to the page together, so several photos still go side by side.
 */
const GATHER_MS = 200

export class LaunchQueue {
  private pending: string[] = []
  private taken = false
  /** Files arriving now, and when they will have been sent. */
  private gathering: { paths: string[]; sent: Promise<void> } | null = null

  /** `deliver` sends files that arrive after the page took the first ones. */
  constructor(
    private readonly grants: PathGrants,
    private readonly deliver: (files: LaunchFiles) => void,
    private readonly now: () => number = Date.now
  ) {}

  async add(paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return
    if (!this.taken) {
      this.pending.push(...paths)
      return
    }
    if (this.gathering) {
      this.gathering.paths.push(...paths)
      return this.gathering.sent
    }
    const gathering = { paths: [...paths], sent: new Promise<void>((resolve) => setTimeout(resolve, GATHER_MS)) }
    gathering.sent = gathering.sent.then(async () => {
      this.gathering = null
      if (this.taken) this.deliver(await this.open(gathering.paths))
      else this.pending.push(...gathering.paths)
    })
    this.gathering = gathering
    return gathering.sent
  }

  /** The page went (it crashed, and is reloaded): files wait again until the new page takes them. */
  hold(): void {
    this.taken = false
  }

  /** The files that came before the page was ready; from now on they are delivered. */
  async take(): Promise<LaunchFiles> {
    this.taken = true
    const paths = this.pending
    this.pending = []
    return this.open(paths)
  }

  /** The user chose these files in their file manager: the page may read them, as after a dialog. */
  private async open(paths: readonly string[]): Promise<LaunchFiles> {
    const opened = await Promise.all(paths.map((path) => classify(path, this.now())))
    const items: RecentItem[] = []
    const refused: string[] = []
    for (const one of opened) {
      if ('refused' in one) {
        refused.push(one.refused)
        continue
      }
      if (one.item.kind === 'folder') this.grants.grantFolder(one.item.path)
      else this.grants.grantFile(one.item.path)
      items.push(one.item)
    }
    return { items, refused }
  }
}
