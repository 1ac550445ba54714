import { execFileSync } from 'node:child_process'
import { lstat, mkdtemp, mkdir, readFile, readdir, readlink, rm, stat, symlink, writeFile, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempName, writeFileAtomic } from '../../../src/main/formats/atomic-write'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-write-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const ATOMIC_WRITE = resolve('src/main/formats/atomic-write.ts')
const TSX = resolve('node_modules/.bin/tsx')

/**
 * Runs a TypeScript module in a child process as an ordinary user and returns what it prints: as
 * `nobody` when the tests run as root, who may write to any file whatever its permissions.
 */
async function runAsOrdinaryUser(source: string): Promise<string> {
  const script = join(dir, 'script.mts')
  await writeFile(script, source)
  await chmod(dir, 0o777) // for nobody, as the user's own folder is theirs
  const command = process.getuid?.() === 0 ? ['runuser', '-u', 'nobody', '--', TSX, script] : [TSX, script]
  return execFileSync(command[0], command.slice(1), { encoding: 'utf8', cwd: dir })
}

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

  it.skipIf(process.platform === 'win32')('refuses to replace a file made read-only, with EACCES, leaving it as it was', async () => {
    const output = await runAsOrdinaryUser(`
      import { chmod, readFile, stat, writeFile } from 'node:fs/promises'
      import { writeFileAtomic } from ${JSON.stringify(ATOMIC_WRITE)}
      await writeFile('locked.gpl', 'the brand palette')
      await chmod('locked.gpl', 0o444)
      const code = await writeFileAtomic('locked.gpl', 'new').then(() => 'replaced', (error) => error.code)
      const mode = (await stat('locked.gpl')).mode & 0o777
      console.log(JSON.stringify({ code, contents: await readFile('locked.gpl', 'utf8'), mode }))
    `)
    expect(JSON.parse(output)).toEqual({ code: 'EACCES', contents: 'the brand palette', mode: 0o444 })
    expect((await readdir(dir)).sort()).toEqual(['locked.gpl', 'script.mts'])
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
