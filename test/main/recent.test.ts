// Open Recent: newest first, no duplicates, bounded, kept across restarts, vanished files hidden.
import * as fs from 'node:fs/promises'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RecentStore } from '../../src/main/recent'
import type { RecentItem } from '../../src/shared/ipc-contract'

// The store's checks that files still exist, which a test slows down (the real stat answers).
vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof import('node:fs/promises')>()
  return { ...real, stat: vi.fn(real.stat) }
})

let dir: string
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'recent-'))))
afterEach(() => rm(dir, { recursive: true, force: true }))

async function files(...names: string[]): Promise<string[]> {
  return Promise.all(names.map(async (n) => (await writeFile(join(dir, n), 'x'), join(dir, n))))
}

describe('RecentStore', () => {
  it('lists newest first without duplicates, up to its limit, and survives a restart', async () => {
    const [a, b, c] = await files('a.jpg', 'b.jpg', 'c.jpg')
    const store = new RecentStore({ file: join(dir, 'recent.json'), max: 2 })
    await store.add(a, 'image')
    await store.add(b, 'image')
    await store.add(a, 'image')
    await store.add(c, 'image')
    expect((await store.list()).map((i) => i.name)).toEqual(['c.jpg', 'a.jpg'])
    const reopened = new RecentStore({ file: join(dir, 'recent.json') })
    expect((await reopened.list()).map((i) => i.path)).toEqual([c, a])
  })

  it('hides files that have since been deleted, and starts empty from a damaged file', async () => {
    const [a] = await files('a.jpg')
    const store = new RecentStore({ file: join(dir, 'recent.json') })
    await store.add(a, 'image')
    await store.add(join(dir, 'gone.jpg'), 'image')
    expect((await store.list()).map((i) => i.path)).toEqual([a])
    await writeFile(join(dir, 'bad.json'), '{not json')
    expect(await new RecentStore({ file: join(dir, 'bad.json') }).list()).toEqual([])
  })

  it('keeps a damaged file aside, once and whole, before the first change replaces it', async () => {
    const [a, b] = await files('a.jpg', 'b.jpg')
    const file = join(dir, 'recent.json')
    const damaged = `[{"path": ${JSON.stringify(a)}, "name": "a.jpg"` // cut short
    await writeFile(file, damaged)
    const logged: string[] = []
    const store = new RecentStore({ file, log: (message) => logged.push(message) })
    expect(await store.list()).toEqual([])
    await store.add(b, 'image')
    await store.add(a, 'image')
    expect(await fs.readFile(`${file}.damaged`, 'utf8')).toBe(damaged)
    expect((await store.list()).map((i) => i.path)).toEqual([a, b])
    expect(logged).toEqual([expect.stringContaining(`it is kept as ${file}.damaged`)])
    expect((await fs.readdir(dir)).filter((name) => name.startsWith('recent.json')).sort()).toEqual(['recent.json', 'recent.json.damaged'])
  })

  it('keeps the items it can read when another is damaged or from a newer version', async () => {
    const [a, b] = await files('a.jpg', 'b.mp4')
    const stored = [
      { path: a, name: 'a.jpg', kind: 'image', openedAt: 2 },
      { path: join(dir, 'swatches.ase'), name: 'swatches.ase', kind: 'swatches', openedAt: 1 },
      { path: b, name: 'b.mp4', kind: 'video', openedAt: 0 },
      'not an item'
    ]
    await writeFile(join(dir, 'recent.json'), JSON.stringify(stored))
    expect((await new RecentStore({ file: join(dir, 'recent.json') }).list()).map((i) => i.path)).toEqual([a, b])
  })

  it('tells the menu after every change', async () => {
    const seen: number[] = []
    const store = new RecentStore({ file: join(dir, 'recent.json'), onChange: (items) => seen.push(items.length) })
    await store.add(dir, 'folder')
    await store.clear()
    expect(seen).toEqual([1, 0])
  })

  it('tells the menu only of items still there, as at start, so a deleted file does not come back', async () => {
    const [kept] = await files('kept.jpg')
    const stored = [{ path: join(dir, 'deleted.jpg'), name: 'deleted.jpg', kind: 'image', openedAt: 1 }]
    await writeFile(join(dir, 'recent.json'), JSON.stringify(stored))
    const menus: string[][] = []
    const store = new RecentStore({ file: join(dir, 'recent.json'), onChange: (items) => menus.push(items.map((i) => i.name)) })
    await store.add(kept, 'image')
    expect(menus).toEqual([['kept.jpg']])
  })

  it('gives the menu built at start its list in turn with an open made meanwhile: the open’s newer list comes last', async () => {
    const [a, b] = await files('a.jpg', 'b.jpg')
    await writeFile(join(dir, 'recent.json'), JSON.stringify([{ path: a, name: 'a.jpg', kind: 'image', openedAt: 1 }]))
    const menus: string[][] = []
    const tell = (items: RecentItem[]) => menus.push(items.map((i) => i.name))
    const store = new RecentStore({ file: join(dir, 'recent.json'), onChange: tell })
    // The start's look at a.jpg is slow (a sleeping network drive): the open's list is ready first.
    const stat = vi.mocked(fs.stat)
    const realStat = stat.getMockImplementation()!
    stat.mockImplementationOnce(async (path) => (await new Promise((resolve) => setTimeout(resolve, 200)), realStat(path)))
    await Promise.all([store.announce(tell), store.add(b, 'image')])
    expect(menus).toHaveLength(2)
    expect(menus.at(-1)).toEqual(['b.jpg', 'a.jpg'])
  })

  it('keeps both of two files opened before the list has been read, in memory and on disk', async () => {
    const [a, b, c] = await files('a.jpg', 'b.jpg', 'c.jpg')
    await writeFile(join(dir, 'recent.json'), JSON.stringify([{ path: c, name: 'c.jpg', kind: 'image', openedAt: 1 }]))
    const store = new RecentStore({ file: join(dir, 'recent.json') })
    await Promise.all([store.add(a, 'image'), store.add(b, 'image')])
    expect((await store.list()).map((i) => i.path)).toEqual([b, a, c])
    expect((await new RecentStore({ file: join(dir, 'recent.json') }).list()).map((i) => i.path)).toEqual([b, a, c])
  })
})
