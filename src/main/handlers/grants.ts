// Which files and folders the page may name. A path reaches the page only from a native dialog,
// Open Recent, a drop (which the preload reports), the files the operating system asks the app to
// open (launch-files.ts), or a saved board the user opened (its pictures); main reads, lists and
// writes only those, so a page that goes wrong cannot reach the rest of the disk.
import { realpath, stat } from 'node:fs/promises'
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { rawPath } from '../engine/raw-path'
import { ShellError } from './errors'
import { isImagePath, isVideoPath } from './files'
import type { Dialogs, Recent } from './services'

/** True when `path` is `folder` or lies anywhere below it. */
function within(folder: string, path: string): boolean {
  const rel = relative(folder, path)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

/**
 * How a real path's bytes are compared. On Linux and macOS a name is bytes: as latin1, one
 * character a byte, so that two folders whose names read alike as UTF-8 still differ. Windows
 * names are UTF-16, which UTF-8 carries whole, and compare without case, as relative() does there.
 */
const PATH_BYTES: BufferEncoding = process.platform === 'win32' ? 'utf8' : 'latin1'

/** Where `path` really is (a name that is not UTF-8 found by its bytes: raw-path.ts), or null. */
const real = (path: string): Promise<string | null> =>
  rawPath(path)
    .then((found) => realpath(found, { encoding: 'buffer' }))
    .then((bytes) => bytes.toString(PATH_BYTES))
    .catch(() => null)

/**
 * Whether a folder the user chose holds `target` as a batch sees it (engine/image-files.ts): the
 * folder, its subfolders and its images, never through a link to a folder elsewhere. Not its
 * other files: choosing a folder of photos gives no page its keys, documents or board files.
 * An image named here that is a link to something other than an image of the folder is 'linked':
 * what it leads to decides (PathGrants.verdict).
 */
async function holds(folder: string, target: string): Promise<boolean | 'linked'> {
  if (!within(folder, target)) return false
  if (target === folder) return true
  const image = isImagePath(target)
  const [realFolder, realTarget] = await Promise.all([real(folder), real(target)])
  // A path that does not resolve holds nothing to read: the handler says it is not found.
  if (realFolder === null) return image
  if (realTarget === null) return image && (await real(dirname(target)).then((dir) => dir === null || within(realFolder, dir)))
  if (image) return (within(realFolder, realTarget) && isImagePath(realTarget)) || 'linked'
  return within(realFolder, realTarget) && (await isFolder(realTarget))
}

const isFolder = (realPath: string): Promise<boolean> =>
  stat(Buffer.from(realPath, PATH_BYTES)).then((info) => info.isDirectory(), () => false)

/** Whether `realTarget` (no links in it) is one of `files`, or an image in one of `folders`, wherever those really are. */
async function grantsReal(realTarget: string, files: readonly string[], folders: readonly string[]): Promise<boolean> {
  for (const file of files) if ((await real(file)) === realTarget) return true
  if (!isImagePath(realTarget)) return false
  for (const folder of folders) {
    const realFolder = await real(folder)
    if (realFolder !== null && within(realFolder, realTarget)) return true
  }
  return false
}

/** What a drop opens: an image, or a film in the Film view. */
const droppable = (path: string): boolean => isImagePath(path) || isVideoPath(path)

export class PathGrants {
  private readonly files = new Set<string>()
  private readonly folders = new Set<string>()

  constructor(private readonly recent: Recent) {}

  grantFile(path: string): void {
    this.files.add(resolve(path))
  }

  grantFolder(path: string): void {
    this.folders.add(resolve(path))
  }

  /**
   * A file the preload reports as dropped, granted when it is one a drop opens; whether it was.
   * Main cannot see the drop, so this is all a page that goes wrong could claim: not the disk.
   */
  grantDropped(path: string): boolean {
    if (!droppable(path)) return false
    this.grantFile(path)
    return true
  }

  /** Whether the user gave us `path`: itself, a folder that holds it, or as an Open Recent item. */
  async allows(path: string): Promise<boolean> {
    return (await this.verdict(path)) === 'granted'
  }

  async require(path: string): Promise<void> {
    const verdict = await this.verdict(path)
    if (verdict === 'granted') return
    if (verdict === 'not plain') {
      throw new ShellError(
        'FORBIDDEN',
        `Palette Studio only opens a file by its full, plain path, and "${path}" is not one (it is relative, or has "." or ".." or a doubled or trailing separator in it). ` +
          'Open the file with File › Open, or drop it on the window.'
      )
    }
    const name = basename(path)
    if (verdict === 'refused') throw new ShellError('FORBIDDEN', `Palette Studio only opens files you choose. Open "${name}" with File › Open, or drop it on the window.`)
    const other = basename(verdict.linkedTo)
    throw new ShellError(
      'FORBIDDEN',
      `Palette Studio only opens files you choose, and "${name}" is a link to "${other}", which is not an image in a folder you opened. ` +
        `Open "${other}" itself with File › Open, or drop it on the window.`
    )
  }

  /**
   * Whether the user gave us `path`; refused, not plain (not in the form resolve() gives), or (an
   * image link in a folder the user opened) a link to where it really leads, which is granted only
   * where the user gave us that file itself.
   */
  private async verdict(path: string): Promise<'granted' | 'refused' | 'not plain' | { linkedTo: string }> {
    // resolve() drops '..' by the letters, while the system applies it after following a link:
    // "Pictures/album/../a.jpg", album a link to Documents/scans, is Documents/a.jpg. Only a path
    // already in that form is checked as the handler will open it. (A link itself, in a folder the
    // user chose, is followed only to what the user gave too: holds and grantsReal see where it leads.)
    if (path !== resolve(path)) return 'not plain'
    if (this.files.has(path)) return 'granted'
    const items = await this.recent.list()
    const files = [...this.files, ...items.filter((item) => item.kind !== 'folder').map((item) => resolve(item.path))]
    if (files.includes(path)) return 'granted'
    const folders = [...this.folders, ...items.filter((item) => item.kind === 'folder').map((item) => resolve(item.path))]
    let linked = false
    for (const folder of folders) {
      const held = await holds(folder, path)
      if (held === true) return 'granted'
      linked ||= held === 'linked'
    }
    const linkedTo = linked ? await real(path) : null
    if (linkedTo === null) return 'refused'
    return (await grantsReal(linkedTo, files, folders)) ? 'granted' : { linkedTo }
  }

  /** `dialogs` with every path the user picks granted on the way back. */
  granting(dialogs: Dialogs): Dialogs {
    const file = (path: string | null): string | null => {
      if (path !== null) this.grantFile(path)
      return path
    }
    return {
      openImages: async (multiple) => {
        const paths = await dialogs.openImages(multiple)
        paths.forEach((path) => this.grantFile(path))
        return paths
      },
      openVideo: async () => file(await dialogs.openVideo()),
      openFolder: async (title) => {
        const path = await dialogs.openFolder(title)
        if (path !== null) this.grantFolder(path)
        return path
      },
      openFile: async (title, filters) => file(await dialogs.openFile(title, filters)),
      // A save is granted once written (saveProject), under the name it was written with.
      saveFile: (title, name, filters) => dialogs.saveFile(title, name, filters),
      confirmReplace: (path, others) => dialogs.confirmReplace(path, others)
    }
  }
}
