import { lstat, mkdtemp, mkdir, readFile, readdir, readlink, rm, stat, symlink, writeFile, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempName, writeFileAtomic } from '../../../src/main/formats/atomic-write'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-write-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('writeFileAtomic', () => {
  it('creates a new file and replaces an existing one, leaving no temporary file behind', async () => {
    const path = join(dir, 'palette.gpl')
    await writeFileAtomic(path, 'first')
    await writeFileAtomic(path, Buffer.from('second'))
    expect(await readFile(path, 'utf8')).toBe('second')
    expect(await readdir(dir)).toEqual(['palette.gpl'])
  })

  it('leaves the old file intact and removes the temporary file when writing fails part-way', async () => {
    const path = join(dir, 'board.json')
    await writeFile(path, 'the old board')
    async function* failingChunks() {
      yield Buffer.from('half of the new bo')
      throw new Error('disk full')
    }
    await expect(writeFileAtomic(path, failingChunks())).rejects.toThrow('disk full')
    expect(await readFile(path, 'utf8')).toBe('the old board')
    expect(await readdir(dir)).toEqual(['board.json'])
  })

  it('removes the temporary file when the final rename fails (target is a folder)', async () => {
    const path = join(dir, 'taken')
    await mkdir(path)
    await writeFile(join(path, 'inside'), 'x')
    await expect(writeFileAtomic(path, 'data')).rejects.toThrow()
    expect(await readdir(dir)).toEqual(['taken'])
  })

  it('fails without creating anything when the folder does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'a.ase'), 'x')).rejects.toThrow(/ENOENT/)
    expect(await readdir(dir)).toEqual([])
  })

  it.skipIf(process.platform === 'win32')('keeps the permissions of the file it replaces', async () => {
    const path = join(dir, 'private.json')
    await writeFile(path, 'old')
    await chmod(path, 0o600)
    await writeFileAtomic(path, 'new')
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it.skipIf(process.platform === 'win32')('keeps a group-writable file group-writable, whatever the umask', async () => {
    const path = join(dir, 'shared.gpl')
    await writeFile(path, 'old')
    await chmod(path, 0o666) // chmod is not masked by the umask, as open's mode is
    await writeFileAtomic(path, 'new')
    expect((await stat(path)).mode & 0o777).toBe(0o666)
  })

  it.skipIf(process.platform === 'win32')('creates the file a dangling link (or a chain of them) points at, keeping the links', async () => {
    await mkdir(join(dir, 'dotfiles'))
    await symlink(join('dotfiles', 'brand.gpl'), join(dir, 'first.gpl')) // relative: read from the link's folder
    await symlink(join(dir, 'first.gpl'), join(dir, 'brand.gpl'))
    await writeFileAtomic(join(dir, 'brand.gpl'), 'new')
    expect(await readFile(join(dir, 'dotfiles', 'brand.gpl'), 'utf8')).toBe('new')
    expect((await lstat(join(dir, 'brand.gpl'))).isSymbolicLink()).toBe(true)
    expect((await lstat(join(dir, 'first.gpl'))).isSymbolicLink()).toBe(true)
    expect(await readdir(join(dir, 'dotfiles'))).toEqual(['brand.gpl'])
  })

  it.skipIf(process.platform === 'win32')('saves through a symbolic link into the file it points at, keeping the link', async () => {
    await mkdir(join(dir, 'library'))
    const target = join(dir, 'library', 'brand.gpl')
    await writeFile(target, 'old')
    await symlink(target, join(dir, 'brand.gpl'))
    await writeFileAtomic(join(dir, 'brand.gpl'), 'new')
    expect(await readlink(join(dir, 'brand.gpl'))).toBe(target)
    expect(await readFile(target, 'utf8')).toBe('new')
    expect(await readdir(join(dir, 'library'))).toEqual(['brand.gpl'])
  })

  it('saves under a name near the file system’s 255-byte limit (the temporary name stays short)', async () => {
    const path = join(dir, `${'long-palette-name-'.repeat(13)}.gpl`) // 238 characters
    await writeFileAtomic(path, 'GIMP Palette\n')
    expect(await readFile(path, 'utf8')).toBe('GIMP Palette\n')
    expect(await readdir(dir)).toHaveLength(1)
  })

  it('cuts a long name by characters, not inside one', () => {
    const name = tempName('é🎨'.repeat(100) + '.ase')
    expect(name).toMatch(/^\.(é🎨){20}\.\d+\.[0-9a-f]{12}\.tmp$/)
  })
})
