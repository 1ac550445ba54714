// Open Recent: the last files and folders the user opened, newest first, kept in a small JSON
// file in the app's data folder. Items that have since disappeared are left out of the list.
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { RecentItemSchema, type RecentItem } from '../shared/ipc-contract'
import { rawPath } from './engine/raw-path'
import { keepDamaged } from './damaged-file'
import { writeFileAtomic } from './formats/atomic-write'
import type { Recent } from './handlers/services'

interface RecentStoreOptions {
  file: string
  max?: number
  /** Told after every change (main rebuilds the Open Recent menu; the OS recent list is fed). */
  onChange?: (items: RecentItem[]) => void
  now?: () => number
  /** Told when a damaged file is kept aside (main logs it). */
  log?: (message: string) => void
}

export class RecentStore implements Recent {
  private items: RecentItem[] = []
  /** The stored list, read once: every change waits for it, so none is lost to a late read. */
  private loaded: Promise<void> | undefined
  /** The contents of a file that could not be read, kept aside before the first write replaces it. */
  private damaged: string | undefined
  private writing: Promise<void> = Promise.resolve()
  private telling: Promise<void> = Promise.resolve()

  constructor(private readonly options: RecentStoreOptions) {}

  async list(): Promise<RecentItem[]> {
    await this.load()
    return present(this.items)
  }

  /**
   * Tells `to` the list as it stands, in turn with what changes tell onChange: the menu built at
   * start never gets an older list after an open's newer one.
   */
  async announce(to: (items: RecentItem[]) => void): Promise<void> {
    await this.load()
    await this.tell(to, () => this.items)
  }

  async add(path: string, kind: RecentItem['kind']): Promise<void> {
    await this.load()
    const item: RecentItem = { path, name: basename(path), kind, openedAt: (this.options.now ?? Date.now)() }
    this.items = [item, ...this.items.filter((i) => i.path !== path)].slice(0, this.options.max ?? 12)
    await this.save()
  }

  async clear(): Promise<void> {
    await this.load()
    this.items = []
    await this.save()
  }

  private load(): Promise<void> {
    this.loaded ??= readItems(this.options.file).then(({ items, damaged }) => {
      this.items = items
      this.damaged = damaged
    })
    return this.loaded
  }

  /**
   * Writes are serialised so a quick burst of opens cannot interleave two renames; the menu is
   * told in the same order, and only of the items still there, as list() gives them.
   */
  private async save(): Promise<void> {
    const items = this.items
    this.writing = this.writing
      .catch(() => {})
      .then(async () => {
        await this.keepDamaged()
        await writeFileAtomic(this.options.file, JSON.stringify(items, null, 2))
      })
    const onChange = this.options.onChange
    await Promise.all([this.writing, onChange && this.tell(onChange, () => items)])
  }

  /** Until the damaged file is kept aside, it is not replaced (the write fails, and is tried again). */
  private async keepDamaged(): Promise<void> {
    if (this.damaged === undefined) return
    const kept = await keepDamaged(this.options.file, this.damaged)
    this.damaged = undefined
    const log = this.options.log ?? console.error
    log(`Open Recent: ${this.options.file} could not be read, so the list started empty; it is kept as ${kept}`)
  }

  /** Tells `to` the items still there of `items()`, after whatever was told before. */
  private tell(to: (items: RecentItem[]) => void, items: () => RecentItem[]): Promise<void> {
    this.telling = this.telling.catch(() => {}).then(async () => to(await present(items())))
    return this.telling
  }
}

/** The stored list; a damaged file gives an empty one rather than fail, and its contents. */
async function readItems(file: string): Promise<{ items: RecentItem[]; damaged?: string }> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return { items: [] } // first start
  }
  let stored: unknown
  try {
    stored = JSON.parse(text)
  } catch {
    return { items: [], damaged: text }
  }
  if (!Array.isArray(stored)) return { items: [], damaged: text }
  // Item by item: one this version cannot read (a kind a newer one added) must not empty the list.
  const items = stored.flatMap((item) => {
    const parsed = RecentItemSchema.safeParse(item)
    return parsed.success ? [parsed.data] : []
  })
  return { items }
}

async function present(items: RecentItem[]): Promise<RecentItem[]> {
  const found = await Promise.all(items.map((item) => exists(item.path)))
  return items.filter((_, i) => found[i])
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(await rawPath(path))
    return true
  } catch {
    return false
  }
}
