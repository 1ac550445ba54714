// What main reads for the page is a file: a folder, a pipe or a device is refused by name, at once.
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fileVersion, requireFile } from '../../../src/main/handlers/files'

let dir: string
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'files-'))))
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('requireFile', () => {
  it('calls a folder a folder', async () => {
    await expect(requireFile(dir)).rejects.toMatchObject({ message: `"${dir.split(/[\\/]/).at(-1)}" is a folder, not a file.` })
  })

  it.skipIf(process.platform === 'win32')('calls a pipe a pipe, not a folder', async () => {
    const fifo = join(dir, 'frame.png')
    execFileSync('mkfifo', [fifo])
    await expect(requireFile(fifo)).rejects.toMatchObject({ message: '"frame.png" is not a file but a pipe or a device: save it to a file and open that.' })
  })
})

describe('fileVersion', () => {
  it('stays while the file does, and changes when it is written again, even to the same size', async () => {
    const film = join(dir, 'film.webm')
    await writeFile(film, 'first cut')
    const first = await fileVersion(film)
    expect(await fileVersion(film)).toBe(first)
    await writeFile(film, 'final cut')
    await utimes(film, new Date(), new Date(Date.now() + 5000)) // stamped later, as a real later write is (two of a test's may share a tick)
    expect(await fileVersion(film)).not.toBe(first)
    await expect(fileVersion(join(dir, 'gone.webm'))).rejects.toMatchObject({ message: '"gone.webm" could not be found. It may have been moved, renamed or deleted.' })
  })
})
