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
  private items: RecentItem[] | null = null
  private writing: Promise<void> = Promise.resolve()

  constructor(private readonly options: RecentStoreOptions) {}

  async list(): Promise<RecentItem[]> {
    const items = await this.load()
    const present = await Promise.all(items.map((item) => exists(item.path)))
    return items.filter((_, i) => present[i])
  }

  async add(path: string, kind: RecentItem['kind']): Promise<void> {
    const items = await this.load()
    const item: RecentItem = { path, name: basename(path), kind, openedAt: (this.options.now ?? Date.now)() }
    this.items = [item, ...items.filter((i) => i.path !== path)].slice(0, this.options.max ?? 12)
    await this.save()
  }

  async clear(): Promise<void> {
    this.items = []
    await this.save()
  }

  private async load(): Promise<RecentItem[]> {
    if (this.items) return this.items
    try {
      const stored: unknown = JSON.parse(await readFile(this.options.file, 'utf8'))
      // Item by item: one this version cannot read (a kind a newer one added) must not empty the list.
      this.items = (Array.isArray(stored) ? stored : []).flatMap((item) => {
        const parsed = RecentItemSchema.safeParse(item)
        return parsed.success ? [parsed.data] : []
      })
    } catch {
      this.items = [] // first start, or a damaged file: start a fresh list rather than fail
    }
    return this.items
  }

  /** Writes are serialised so a quick burst of opens cannot interleave two renames. */
  private save(): Promise<void> {
    const items = this.items ?? []
    this.writing = this.writing.catch(() => {}).then(() => writeFileAtomic(this.options.file, JSON.stringify(items, null, 2)))
    this.options.onChange?.(items)
    return this.writing
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(await rawPath(path))
    return true
  } catch {
    return false
  }
}
