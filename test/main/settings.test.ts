// The app's preferences survive a restart, and a damaged file never blocks the start.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SettingsStore } from '../../src/main/settings'

let dir: string
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'settings-'))))
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('SettingsStore', () => {
  it('uses the GPU by default, and remembers turning it off', async () => {
    const file = join(dir, 'settings.json')
    expect(await new SettingsStore(file).load()).toEqual({ useGpu: true })
    const store = new SettingsStore(file)
    await store.set({ useGpu: false })
    expect(store.get()).toEqual({ useGpu: false })
    expect(await new SettingsStore(file).load()).toEqual({ useGpu: false })
  })

  it('starts from the defaults when the file is damaged, and the next change repairs it', async () => {
    const file = join(dir, 'settings.json')
    await writeFile(file, '{"useGpu": "sometimes"')
    const store = new SettingsStore(file)
    expect(await store.load()).toEqual({ useGpu: true })
    await store.set({ useGpu: false })
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ useGpu: false })
  })

  it('keeps a damaged file aside, once and whole, before the first change replaces it', async () => {
    const file = join(dir, 'settings.json')
    const damaged = '{"useGpu": false, "window": {"x": 10' // cut short: Use GPU was off
    await writeFile(file, damaged)
    const logged: string[] = []
    const store = new SettingsStore(file, (message) => logged.push(message))
    expect(await store.load()).toEqual({ useGpu: true })
    await store.set({ useGpu: true })
    await store.set({ useGpu: false })
    expect(await readFile(`${file}.damaged`, 'utf8')).toBe(damaged)
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ useGpu: false })
    expect(logged).toEqual([expect.stringContaining(`it is kept as ${file}.damaged`)])
    expect((await readdir(dir)).sort()).toEqual(['settings.json', 'settings.json.damaged'])
  })

  it('never replaces a copy kept earlier, and keeps nothing when there was no file', async () => {
    const file = join(dir, 'settings.json')
    await writeFile(`${file}.damaged`, 'kept last month')
    await writeFile(file, '[]')
    const store = new SettingsStore(file, () => {})
    await store.load()
    await store.set({ useGpu: false })
    expect(await readFile(`${file}.damaged`, 'utf8')).toBe('kept last month')
    expect(await readFile(`${file}.damaged-2`, 'utf8')).toBe('[]')
    const fresh = join(dir, 'fresh', 'settings.json')
    await mkdir(dirname(fresh))
    const first = new SettingsStore(fresh, () => {})
    await first.load()
    await first.set({ useGpu: false })
    expect(await readdir(dirname(fresh))).toEqual(['settings.json'])
  })

  it("keeps a newer version's settings, and the good ones beside a damaged value", async () => {
    const file = join(dir, 'settings.json')
    await writeFile(file, JSON.stringify({ useGpu: 'sometimes', theme: 'dark', loupe: { zoom: 8 } }))
    const store = new SettingsStore(file)
    expect((await store.load()).useGpu).toBe(true)
    await store.set({ useGpu: false })
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ useGpu: false, theme: 'dark', loupe: { zoom: 8 } })
  })

  it('forgets a damaged window place, and only that', async () => {
    const file = join(dir, 'settings.json')
    await writeFile(file, JSON.stringify({ useGpu: false, window: { x: 'left', y: 0, width: 1000, height: 700, maximized: false } }))
    const settings = await new SettingsStore(file).load()
    expect(settings.useGpu).toBe(false)
    expect(settings.window).toBeUndefined()
  })
})
