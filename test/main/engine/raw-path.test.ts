import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AmbiguousNameError, rawPath, type RawPathFs } from '../../../src/main/engine/raw-path'

let dir: string
/** A Latin-1 name ("café" with é as the one byte 0xe9), as an old archive or camera card leaves it. */
const latin1 = (name: string): Buffer => Buffer.from(join(dir, name), 'latin1')
/** What Node makes of such a name in process.argv, readdir's strings and Electron's paths. */
const lossy = (path: Buffer): string => path.toString('utf8')

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raw-path-'))
})
afterAll(() => rm(dir, { recursive: true }))

/** The real fs, counting folder listings. */
function counting(): RawPathFs & { listed: number } {
  const fs = {
    listed: 0,
    readdir: (d: Buffer) => {
      fs.listed++
      return readdir(d, { encoding: 'buffer' })
    },
    exists: (p: string) => stat(p).then(() => true, () => false)
  }
  return fs
}

describe('rawPath', () => {
  it('finds the bytes of a Latin-1 name from its lossy string, in a folder with such a name too', async () => {
    await mkdir(latin1('d\xe9j\xe0'))
    const file = latin1('d\xe9j\xe0/caf\xe9.png')
    await writeFile(file, 'x')
    const found = await rawPath(lossy(file))
    expect(Buffer.isBuffer(found) && found.equals(file)).toBe(true)
  })

  it('returns a path without U+FFFD, or one that exists as written, as it is, listing no folder', async () => {
    const fs = counting()
    expect(await rawPath(join(dir, 'plain.png'), fs)).toBe(join(dir, 'plain.png'))
    const real = join(dir, 'caf\uFFFD.png')
    await writeFile(real, 'x')
    expect(await rawPath(real, fs)).toBe(real)
    expect(fs.listed).toBe(0)
  })

  it('refuses to guess between two names that read the same', async () => {
    await writeFile(latin1('tw\xe9.png'), 'x')
    await writeFile(latin1('tw\xe8.png'), 'x')
    await expect(rawPath(lossy(latin1('tw\xe9.png')))).rejects.toBeInstanceOf(AmbiguousNameError)
  })

  it('keeps a name that matches nothing as written, so opening it fails as a missing file', async () => {
    const gone = lossy(latin1('gone\xe9.png'))
    expect(await rawPath(gone)).toBe(gone)
  })
})
