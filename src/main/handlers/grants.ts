// Which files and folders the page may name. A path reaches the page only from a native dialog,
// Open Recent, or a drop (which the preload reports); main reads, lists and writes only those, so
// a page that goes wrong cannot reach the rest of the disk.
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
 */
async function holds(folder: string, target: string): Promise<boolean> {
  if (!within(folder, target)) return false
  if (target === folder) return true
  const image = isImagePath(target)
  // A link to an image is one (a batch takes it); a link to a folder is followed by neither.
  const [realFolder, realInside] = await Promise.all([real(folder), real(image ? dirname(target) : target)])
  // A path that does not resolve holds nothing to read: the handler says it is not found.
  if (realFolder === null || realInside === null) return image
  if (!within(realFolder, realInside)) return false
  return image || (await stat(Buffer.from(realInside, PATH_BYTES)).then((info) => info.isDirectory(), () => false))
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
    const target = resolve(path)
    if (this.files.has(target)) return true
    const items = await this.recent.list()
    if (items.some((item) => item.kind !== 'folder' && resolve(item.path) === target)) return true
    const folders = [...this.folders, ...items.filter((item) => item.kind === 'folder').map((item) => resolve(item.path))]
    for (const folder of folders) if (await holds(folder, target)) return true
    return false
  }

  async require(path: string): Promise<void> {
    if (await this.allows(path)) return
    throw new ShellError(
      'FORBIDDEN',
      `Palette Studio only opens files you choose. Open "${basename(path)}" with File › Open, or drop it on the window.`
    )
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
