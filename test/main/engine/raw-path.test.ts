import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
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
    }
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

  it('returns a path without U+FFFD as it is, listing no folder', async () => {
    const fs = counting()
    expect(await rawPath(join(dir, 'plain.png'), fs)).toBe(join(dir, 'plain.png'))
    expect(fs.listed).toBe(0)
  })

  it('returns a name written with U+FFFD itself as it is, when it is the only one that reads so', async () => {
    const real = join(dir, 'only\uFFFD.png')
    await writeFile(real, 'x')
    expect(await rawPath(real)).toBe(real)
  })

  it('refuses to guess between two names that read the same', async () => {
    await writeFile(latin1('tw\xe9.png'), 'x')
    await writeFile(latin1('tw\xe8.png'), 'x')
    await expect(rawPath(lossy(latin1('tw\xe9.png')))).rejects.toBeInstanceOf(AmbiguousNameError)
  })

  it('refuses to guess when a name written with U+FFFD itself sits beside one that reads the same', async () => {
    // The dialog hands over "m\uFFFD.png" for the Latin-1 one: the user may have chosen either.
    await writeFile(latin1('m\xe9.png'), 'latin-1')
    await writeFile(join(dir, 'm\uFFFD.png'), 'literal')
    await expect(rawPath(join(dir, 'm\uFFFD.png'))).rejects.toBeInstanceOf(AmbiguousNameError)
  })

  it('keeps a name that matches nothing as written, so opening it fails as a missing file', async () => {
    const gone = lossy(latin1('gone\xe9.png'))
    expect(await rawPath(gone)).toBe(gone)
  })
})
