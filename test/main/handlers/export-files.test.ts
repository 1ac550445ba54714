// Exports as the page asks for them, through main's real handlers: the files a designer finds in
// the folder, their names, the palette's title inside them, and what a failure leaves behind.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadSwatchFile } from '../../../src/main/formats'
import { dispatch } from '../../../src/main/handlers/dispatch'
import { createHandlers } from '../../../src/main/handlers/handlers'
import type { Dialogs } from '../../../src/main/handlers/services'
import type { SwatchGroup } from '../../../src/shared/ipc-contract'
import { fakeServices } from '../shell-services'

/** How many more files the disk has room for: the write of the one after fails as a full disk's does. */
const disk = { room: Infinity }
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>()
  const open = async (...args: Parameters<typeof fs.open>): ReturnType<typeof fs.open> => {
    const handle = await fs.open(...args)
    // Only new files ("wx": every save writes a temporary file first) fill the disk.
    if (args[1] === 'wx' && disk.room-- <= 0) {
      handle.writeFile = async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
      }
    }
    return handle
  }
  return { ...fs, open, default: { ...fs, open } }
})

let dir: string
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'export-files-'))))
afterEach(async () => {
  disk.room = Infinity
  await rm(dir, { recursive: true, force: true })
})

/** Exports as the page does, `dialogs` answering as the user would. */
function exportPalette(dialogs: Partial<Dialogs>, request: { format: string; groups: SwatchGroup[]; suggestedName: string; filePerGroup?: boolean }) {
  const services = fakeServices(dir)
  const handlers = createHandlers({ ...services, dialogs: { ...services.dialogs, ...dialogs } })
  return dispatch(handlers, 'exportPalette', request)
}

const column = (name: string, rgb: [number, number, number]): SwatchGroup => ({
  name,
  swatches: [{ rgb, hex: '#' + rgb.map((c) => c.toString(16).padStart(2, '0')).join(''), share: 1 }]
})
const columns = (count: number): SwatchGroup[] => Array.from({ length: count }, (_, i) => column(`Frame ${i + 1}`, [i, i, i]))

describe('a file per column', () => {
  it('a disk that fills up part-way leaves the folder as it was, as the message says', async () => {
    const folder = join(dir, 'out')
    await mkdir(folder)
    await writeFile(join(folder, 'film - Frame 2.gpl'), 'the old Frame 2')
    disk.room = 3
    const result = await exportPalette({ openFolder: async () => folder }, { format: 'gpl', groups: columns(60), suggestedName: 'film', filePerGroup: true })
    expect(result).toEqual({
      ok: false,
      error: { code: 'IO_ERROR', message: 'The disk is full. Free some space and try again; no file was written or changed.' }
    })
    expect(await readdir(folder)).toEqual(['film - Frame 2.gpl'])
    expect(await readFile(join(folder, 'film - Frame 2.gpl'), 'utf8')).toBe('the old Frame 2')
  })

  it('a file that cannot be replaced part-way takes the new files back out, and says which it had replaced', async () => {
    const folder = join(dir, 'out')
    await mkdir(folder)
    // Frame 3's name is a folder's: only renaming over it finds that out, after Frame 1 was replaced.
    await writeFile(join(folder, 'film - Frame 1.gpl'), 'the old Frame 1')
    await mkdir(join(folder, 'film - Frame 3.gpl'))
    const result = await exportPalette({ openFolder: async () => folder }, { format: 'gpl', groups: columns(4), suggestedName: 'film', filePerGroup: true })
    expect(result).toEqual({
      ok: false,
      error: { code: 'IO_ERROR', message: '"film - Frame 1.gpl" was replaced before the export stopped (EISDIR); the rest were left as they were.' }
    })
    expect((await readdir(folder)).sort()).toEqual(['film - Frame 1.gpl', 'film - Frame 3.gpl'])
    // Without a file replaced, nothing changed: the disk's own words say so.
    await rm(join(folder, 'film - Frame 1.gpl'))
    const clean = await exportPalette({ openFolder: async () => folder }, { format: 'gpl', groups: columns(4), suggestedName: 'film', filePerGroup: true })
    expect(clean).toEqual({ ok: false, error: { code: 'IO_ERROR', message: 'This is a folder, not a file.' } })
    expect(await readdir(folder)).toEqual(['film - Frame 3.gpl'])
  })

  it('keeps names in any script, one file each, as a single export does', async () => {
    const groups = [column('東京', [1, 1, 1]), column('大阪', [2, 2, 2]), column('Москва', [3, 3, 3]), column('Sea', [4, 4, 4]), column('sea', [5, 5, 5])]
    const result = await exportPalette({ openFolder: async () => dir }, { format: 'css', groups, suggestedName: '旅行: 2024', filePerGroup: true })
    // "Sea" and "sea" are one file on macOS and Windows.
    const names = ['旅行- 2024 - 東京.css', '旅行- 2024 - 大阪.css', '旅行- 2024 - Москва.css', '旅行- 2024 - Sea.css', '旅行- 2024 - sea-2.css']
    expect(result).toEqual({ ok: true, value: { paths: names.map((name) => join(dir, name)) } })
    expect(await readFile(join(dir, '旅行- 2024 - Москва.css'), 'utf8')).toContain('--москва-1: #030303;')
  })
})

describe('a single file', () => {
  it('on a full disk says the old file was left as it was, or, a new file, that none was written', async () => {
    const groups = [column('Sunset', [250, 120, 40])]
    const full = (left: string) => ({ ok: false, error: { code: 'IO_ERROR', message: `The disk is full. Free some space and try again; ${left}.` } })
    await writeFile(join(dir, 'old.gpl'), 'the old palette')
    disk.room = 0
    const replacing = await exportPalette({ saveFile: async () => join(dir, 'old.gpl') }, { format: 'gpl', groups, suggestedName: 'Sunset' })
    expect(replacing).toEqual(full('the old file was left as it was'))
    const creating = await exportPalette({ saveFile: async () => join(dir, 'new.gpl') }, { format: 'gpl', groups, suggestedName: 'Sunset' })
    expect(creating).toEqual(full('no file was written'))
    expect(await readdir(dir)).toEqual(['old.gpl'])
    expect(await readFile(join(dir, 'old.gpl'), 'utf8')).toBe('the old palette')
  })

  it('is titled with the name the user gave the file in the save dialog, or else with the palette’s own', async () => {
    const groups = [column('IMG_1234', [1, 2, 3])]
    const renamed = await exportPalette({ saveFile: async () => join(dir, 'Brand') }, { format: 'gpl', groups, suggestedName: 'IMG_1234' })
    expect(renamed).toEqual({ ok: true, value: { paths: [join(dir, 'Brand.gpl')] } })
    expect((await loadSwatchFile(join(dir, 'Brand.gpl'))).name).toBe('Brand')
    // Kept as suggested, the title is the palette's name, which no file name could hold whole.
    const kept = await exportPalette({}, { format: 'gpl', groups, suggestedName: 'film @ 01:23.400' })
    expect(kept).toEqual({ ok: true, value: { paths: [join(dir, 'film @ 01-23.400.gpl')] } })
    expect((await loadSwatchFile(join(dir, 'film @ 01-23.400.gpl'))).name).toBe('film @ 01:23.400')
  })
})
