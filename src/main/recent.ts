// Open Recent: the last files and folders the user opened, newest first, kept in a small JSON
// file in the app's data folder. Items that have since disappeared are left out of the list.
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { RecentItemSchema, type RecentItem } from '../shared/ipc-contract'
import { rawPath } from './engine/raw-path'
import { writeFileAtomic } from './formats/atomic-write'
import type { Recent } from './handlers/services'

interface RecentStoreOptions {
  file: string
  max?: number
  /** Told after every change (main rebuilds the Open Recent menu; the OS recent list is fed). */
  onChange?: (items: RecentItem[]) => void
  now?: () => number
}

export class RecentStore implements Recent {
  private items: RecentItem[] = []
  /** The stored list, read once: every change waits for it, so none is lost to a late read. */
  private loaded: Promise<void> | undefined
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
    this.loaded ??= readItems(this.options.file).then((items) => {
      this.items = items
    })
    return this.loaded
  }

  /**
   * Writes are serialised so a quick burst of opens cannot interleave two renames; the menu is
   * told in the same order, and only of the items still there, as list() gives them.
   */
  private async save(): Promise<void> {
    const items = this.items
    this.writing = this.writing.catch(() => {}).then(() => writeFileAtomic(this.options.file, JSON.stringify(items, null, 2)))
    const onChange = this.options.onChange
    await Promise.all([this.writing, onChange && this.tell(onChange, () => items)])
  }

  /** Tells `to` the items still there of `items()`, after whatever was told before. */
  private tell(to: (items: RecentItem[]) => void, items: () => RecentItem[]): Promise<void> {
    this.telling = this.telling.catch(() => {}).then(async () => to(await present(items())))
    return this.telling
  }
}

async function readItems(file: string): Promise<RecentItem[]> {
  try {
    const stored: unknown = JSON.parse(await readFile(file, 'utf8'))
    // Item by item: one this version cannot read (a kind a newer one added) must not empty the list.
    return (Array.isArray(stored) ? stored : []).flatMap((item) => {
      const parsed = RecentItemSchema.safeParse(item)
      return parsed.success ? [parsed.data] : []
    })
  } catch {
    return [] // first start, or a damaged file: start a fresh list rather than fail
  }
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
