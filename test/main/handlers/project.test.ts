// Board project files and the autosave read from disk: every unreadable file says why, specifically.
import { mkdir, mkdtemp, readFile, readdir, rename, rm, truncate, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PathGrants } from '../../../src/main/handlers/grants'
import { adoptProject, autosave, keepAside, openProject, ProjectStamps, restore, saveProject } from '../../../src/main/handlers/project'
import type { Dialogs, Recent } from '../../../src/main/handlers/services'

/**
 * Files and folders made read-only for the app (these tests run as root, whom permissions do not
 * stop): a file's write is refused as access refuses it, a new file in a folder as open does.
 */
const readOnly = new Set<string>()
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>()
  const refused = (path: unknown): never => {
    throw Object.assign(new Error(`EACCES: permission denied, '${String(path)}'`), { code: 'EACCES' })
  }
  const access: typeof fs.access = async (path, mode) => (mode && readOnly.has(String(path)) ? refused(path) : fs.access(path, mode))
  const open = (async (path: string, ...rest: [string]) => (readOnly.has(dirname(path)) ? refused(path) : fs.open(path, ...rest))) as typeof fs.open
  return { ...fs, access, open, default: { ...fs, access, open } }
})

let dir: string
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'project-'))))
afterEach(async () => {
  readOnly.clear()
  await rm(dir, { recursive: true, force: true })
})

const recent: Recent = { list: async () => [], add: async () => {}, clear: async () => {} }
const choosing = (path: string): Dialogs => ({
  openImages: async () => [],
  openVideo: async () => null,
  openFolder: async () => null,
  openFile: async () => path,
  saveFile: async () => null,
  confirmReplace: async () => false
})

/** Opens `contents` through the Open board dialog; the error it fails with. */
async function openFails(contents: string | Buffer): Promise<unknown> {
  const path = join(dir, 'b.palette-studio')
  await writeFile(path, contents)
  return openProject(choosing(path), recent, new PathGrants(recent), new ProjectStamps(), {}).then(
    () => null,
    (error: unknown) => error
  )
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

describe('openProject', () => {
  it('names what is wrong with a file that is empty, cut short, of another shape, or not a board', async () => {
    expect(await openFails('')).toMatchObject({ code: 'CORRUPT', message: '"b.palette-studio" is empty: it holds no board.' })
    const damaged = { code: 'CORRUPT', message: '"b.palette-studio" is not a Palette Studio board, or it is damaged.' }
    expect(await openFails('{"format":"palette-studio-bo')).toMatchObject(damaged)
    expect(await openFails('[1, 2, 3]')).toMatchObject(damaged)
    expect(await openFails('null')).toMatchObject(damaged)
    expect(await openFails(PNG)).toMatchObject(damaged)
  })

  it('calls a board nested thousands of levels deep damaged, rather than failing inside the app', async () => {
    const deep = `{"format":"palette-studio-board","version":1,"savedAt":1,"board":${'['.repeat(5000)}${']'.repeat(5000)}}`
    expect(await openFails(deep)).toMatchObject({ code: 'CORRUPT', message: '"b.palette-studio" is not a Palette Studio board, or it is damaged.' })
  })

  it('asks for a newer app, rather than calling the file damaged, when a newer build saved it', async () => {
    const newer = JSON.stringify({ format: 'palette-studio-board', version: 2, savedAt: 1, board: {}, layers: [] })
    expect(await openFails(newer)).toMatchObject({
      code: 'UNSUPPORTED',
      message: '"b.palette-studio" was saved by a newer Palette Studio. Update the app to open it.'
    })
  })

  it('refuses a file too large to be a board before reading it', async () => {
    const path = join(dir, 'huge.palette-studio')
    await writeFile(path, '')
    await truncate(path, 65 * 1024 * 1024) // sparse: no real disk use
    const opening = openProject(choosing(path), recent, new PathGrants(recent), new ProjectStamps(), {})
    await expect(opening).rejects.toMatchObject({ code: 'TOO_LARGE' })
  })

  it('says how large a too-large board file is, what the limit is, and what to do', async () => {
    const path = join(dir, 'huge.palette-studio')
    await writeFile(path, '')
    await truncate(path, 64 * 1024 * 1024 + 1) // a byte over: not to be told it is the limit's size
    const opening = openProject(choosing(path), recent, new PathGrants(recent), new ProjectStamps(), {})
    await expect(opening).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message:
        '"huge.palette-studio" is too large to open (64.1 MB; the limit is 64 MB). Palette Studio does not save boards this large, ' +
        'so another program made or changed it: remove columns in the program that wrote it, then open it again.'
    })
  })
})

describe('saveProject', () => {
  it('does not save over a board another program changed since it was opened; Save As to it still may', async () => {
    const path = join(dir, 'b.palette-studio')
    const grants = new PathGrants(recent)
    const stamps = new ProjectStamps()
    await writeFile(path, JSON.stringify({ format: 'palette-studio-board', version: 1, savedAt: 1, board: { columns: [] } }))
    await openProject(choosing(path), recent, grants, stamps, {})
    grants.grantFile(path)
    const save = (dialogs: Dialogs, request: { path?: string }) =>
      saveProject(dialogs, recent, grants, stamps, { board: { columns: ['mine'] }, suggestedName: 'b', ...request })
    // Saving twice is no conflict: our own write is noted.
    await save(choosing(path), { path })
    await save(choosing(path), { path })
    const theirs = JSON.stringify({ format: 'palette-studio-board', version: 1, savedAt: 2, board: { columns: ['theirs'] } })
    await writeFile(path, theirs)
    await utimes(path, new Date(), new Date(Date.now() + 60_000))
    await expect(save(choosing(path), { path })).rejects.toMatchObject({ message: expect.stringContaining('"b.palette-studio" was changed by another program') })
    expect(await readFile(path, 'utf8')).toBe(theirs)
    // Save As, the dialog answering the same file: the user chose to replace it.
    await save({ ...choosing(path), saveFile: async () => path }, {})
    expect(JSON.parse(await readFile(path, 'utf8')).board).toEqual({ columns: ['mine'] })
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('checks a save against the file as the board shows it: a file read and never shown changes nothing', async () => {
    const path = join(dir, 'b.palette-studio')
    const grants = new PathGrants(recent)
    const stamps = new ProjectStamps()
    grants.grantFile(path) // Open Recent lists it
    await writeFile(path, JSON.stringify({ format: 'palette-studio-board', version: 1, savedAt: 1, board: { columns: [] } }))
    await openProject(choosing(path), recent, grants, stamps, { path })
    adoptProject(stamps, { path })
    const save = () => saveProject(choosing(path), recent, grants, stamps, { board: { columns: ['mine'] }, suggestedName: 'b', path })
    await save()
    const theirs = JSON.stringify({ format: 'palette-studio-board', version: 1, savedAt: 2, board: { columns: ['theirs'] } })
    await writeFile(path, theirs)
    await utimes(path, new Date(), new Date(Date.now() + 60_000))
    // Read again (Open Recent), but the page kept its board (it asked, and the user cancelled).
    await openProject(choosing(path), recent, grants, stamps, { path })
    await expect(save()).rejects.toMatchObject({ message: expect.stringContaining('"b.palette-studio" was changed by another program') })
    expect(await readFile(path, 'utf8')).toBe(theirs)
    // Read again, and shown: the board is theirs now, and saving it over their file loses nothing.
    await openProject(choosing(path), recent, grants, stamps, { path })
    adoptProject(stamps, { path })
    await save()
    expect(JSON.parse(await readFile(path, 'utf8')).board).toEqual({ columns: ['mine'] })
  })

  it('still refuses to save over a changed board after the app restarts and restores it from the autosave', async () => {
    const path = join(dir, 'b.palette-studio')
    const autosaveFile = join(dir, 'data', 'autosave.palette-studio')
    await writeFile(path, JSON.stringify({ format: 'palette-studio-board', version: 1, savedAt: 1, board: { columns: [] } }))
    const before = new ProjectStamps()
    await openProject(choosing(path), recent, new PathGrants(recent), before, {})
    adoptProject(before, { path }) // the page shows it
    await autosave(autosaveFile, before, { board: { columns: ['mine'] } })
    // The app is killed; another program saves over the board before the next start.
    const theirs = JSON.stringify({ format: 'palette-studio-board', version: 1, savedAt: 2, board: { columns: ['theirs'] } })
    await writeFile(path, theirs)
    await utimes(path, new Date(), new Date(Date.now() + 60_000))
    const after = new ProjectStamps()
    const grants = new PathGrants(recent)
    grants.grantFile(path) // Open Recent lists it
    // The restored board is told its file changed, before any save.
    expect((await restore(autosaveFile, after)).autosave?.changed).toEqual([path])
    const saving = saveProject(choosing(path), recent, grants, after, { board: { columns: ['mine'] }, suggestedName: 'b', path })
    await expect(saving).rejects.toMatchObject({ message: expect.stringContaining('was changed by another program') })
    expect(await readFile(path, 'utf8')).toBe(theirs)
  })
})

describe('saveProject, when the disk refuses it', () => {
  /** Saves a board over `path`, a file of the user's; the error it fails with. */
  async function saveFails(path: string): Promise<unknown> {
    const grants = new PathGrants(recent)
    grants.grantFile(path)
    const request = { board: { columns: [] }, path, suggestedName: 'brand' }
    return saveProject(choosing(path), recent, grants, new ProjectStamps(), request).then(
      () => null,
      (error: unknown) => error
    )
  }
  const notSaved = (reason: string) => `"brand.palette-studio" was not saved: ${reason} Choose Save As… to save it elsewhere.`

  it('says the board was not saved, which file, why and what to do, for a read-only file or folder', async () => {
    const path = join(dir, 'brand.palette-studio')
    await writeFile(path, 'the old board')
    const permissions = 'Palette Studio is not allowed to use this file or folder. Check its permissions.'
    readOnly.add(path)
    expect(await saveFails(path)).toMatchObject({ code: 'IO_ERROR', message: notSaved(permissions) })
    readOnly.clear()
    readOnly.add(dir)
    expect(await saveFails(path)).toMatchObject({ code: 'IO_ERROR', message: notSaved(permissions) })
    expect(await readFile(path, 'utf8')).toBe('the old board')
  })

  it('says so for a board whose folder was moved or renamed since it was saved', async () => {
    await mkdir(join(dir, 'Client A'))
    const path = join(dir, 'Client A', 'brand.palette-studio')
    await writeFile(path, 'the old board')
    await rename(join(dir, 'Client A'), join(dir, 'Client A (archived)'))
    expect(await saveFails(path)).toMatchObject({
      code: 'NOT_FOUND',
      message: notSaved('The file or folder could not be found. It may have been moved, renamed or deleted.')
    })
  })
})

describe('restore', () => {
  const file = (): string => join(dir, 'autosave.palette-studio')

  it('moves an autosave it cannot read aside, says where, and keeps its bytes', async () => {
    await writeFile(file(), '{"format":"palette-studio-bo')
    const error = await restore(file(), new ProjectStamps()).catch((e: unknown) => e as Error)
    const kept = (await readdir(dir)).filter((name) => name !== 'autosave.palette-studio')
    expect(kept).toHaveLength(1)
    expect(error).toMatchObject({
      code: 'CORRUPT',
      message: `Your last board could not be restored: "autosave.palette-studio" is not a Palette Studio board, or it is damaged. It was kept as ${join(dir, kept[0])}.`
    })
    expect(await readFile(join(dir, kept[0]), 'utf8')).toBe('{"format":"palette-studio-bo')
    // The next start begins clean, and the next autosave writes beside the kept copy.
    expect(await restore(file(), new ProjectStamps())).toEqual({ autosave: null })
  })

  it('keeps aside, when the app asks, an autosave whose board the app could not restore', async () => {
    await autosave(file(), new ProjectStamps(), { board: { columns: 'not columns' } })
    const saved = await readFile(file(), 'utf8')
    const kept = await keepAside(file())
    expect(kept).toMatch(/unrestored-board-\d+\.palette-studio$/)
    expect(await readFile(kept!, 'utf8')).toBe(saved)
    expect(await restore(file(), new ProjectStamps())).toEqual({ autosave: null })
    expect(await keepAside(file())).toBeNull()
  })

  it('autosaves even after the app data folder was deleted while the app ran', async () => {
    const gone = join(dir, 'data', 'autosave.palette-studio')
    await autosave(gone, new ProjectStamps(), { board: { columns: [] } })
    expect(await restore(gone, new ProjectStamps())).toMatchObject({ autosave: { board: { columns: [] } } })
  })

  it('keeps an autosave from a newer build for that build, and says to update', async () => {
    const newer = JSON.stringify({ format: 'palette-studio-board', version: 3, savedAt: 1, board: {} })
    await writeFile(file(), newer)
    await expect(restore(file(), new ProjectStamps())).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('newer Palette Studio') })
    await autosave(file(), new ProjectStamps(), { board: { columns: [] } })
    const kept = (await readdir(dir)).filter((name) => name.startsWith('unrestored-board-'))
    expect(await readFile(join(dir, kept[0]), 'utf8')).toBe(newer)
  })
})
