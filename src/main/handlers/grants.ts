// Which files and folders the page may name. A path reaches the page only from a native dialog,
// Open Recent, or a drop (which the preload reports); main reads, lists and writes only those, so
// a page that goes wrong cannot reach the rest of the disk.
import { basename, isAbsolute, relative, resolve, sep } from 'node:path'
import { ShellError } from './errors'
import type { Dialogs, Recent } from './services'

/** True when `path` is `folder` or lies anywhere below it. */
function within(folder: string, path: string): boolean {
  const rel = relative(folder, path)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

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

  /** Whether the user gave us `path`: itself, a folder above it, or as an Open Recent item. */
  async allows(path: string): Promise<boolean> {
    const target = resolve(path)
    if (this.files.has(target)) return true
    if ([...this.folders].some((folder) => within(folder, target))) return true
    const items = await this.recent.list()
    return items.some((item) => (item.kind === 'folder' ? within(resolve(item.path), target) : resolve(item.path) === target))
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
      confirmReplace: (path) => dialogs.confirmReplace(path)
    }
  }
}
