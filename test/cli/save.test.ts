import { constants } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportFolderProblem, type AccessFn } from '../../src/cli/save'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-save-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Refuses writing into `locked` as a read-only folder does (root, running the tests, may write into a chmod 555 one). */
const lockedAccess =
  (locked: string, code: string): AccessFn =>
  async (path, mode) => {
    if (path === locked && mode === constants.W_OK) throw Object.assign(new Error(`${code}: access '${path}'`), { code })
  }

describe('checking where --export saves, before any image is read', () => {
  it('finds nothing wrong with a folder that can be written to', async () => {
    expect(await exportFolderProblem(join(dir, 'p.gpl'))).toBeUndefined()
  })

  it('refuses a file name that a folder already has, as the save itself would', async () => {
    await mkdir(join(dir, 'taken.gpl'))
    expect((await exportFolderProblem(join(dir, 'taken.gpl')))?.message).toBe(`could not save ${join(dir, 'taken.gpl')}: a folder has that name.`)
  })

  it.each([
    ['EACCES', 'permission denied.'],
    ['EROFS', 'the disk is read-only.']
  ])('refuses a folder it cannot write into (%s) in one line', async (code, reason) => {
    const problem = await exportFolderProblem(join(dir, 'p.gpl'), lockedAccess(dir, code))
    expect(problem?.message).toBe(`could not save ${join(dir, 'p.gpl')}: ${reason}`)
  })

  it('refuses a swatch file already there that is read-only, before a film is decoded (the save would refuse it only after)', async () => {
    const kept = join(dir, 'brand.gpl')
    await writeFile(kept, 'GIMP Palette\n')
    const problem = await exportFolderProblem(kept, lockedAccess(kept, 'EACCES'))
    expect(problem?.message).toBe(`could not save ${kept}: permission denied.`)
    // One that may be written is replaced, as the help says.
    expect(await exportFolderProblem(kept)).toBeUndefined()
  })
})
