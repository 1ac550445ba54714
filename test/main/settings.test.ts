// The app's preferences survive a restart, and a damaged file never blocks the start.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
