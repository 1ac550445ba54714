import { execFileSync } from 'node:child_process'
import type { Dirent } from 'node:fs'
import { mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findImages } from '../../src/cli/find-images'
import { fileBeyondMaxPath } from '../main/engine/long-path'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'find-images-'))
  await mkdir(join(root, 'shoot', 'day 2'), { recursive: true })
  await mkdir(join(root, 'shoot', '.thumbs'))
  await mkdir(join(root, 'empty'))
  for (const f of ['shoot/b.JPG', 'shoot/a.png', 'shoot/notes.txt', 'shoot/.hidden.jpg', 'shoot/day 2/c.webp', 'shoot/.thumbs/t.jpg']) {
    await writeFile(join(root, f), '')
  }
  await symlink(join(root, 'shoot'), join(root, 'shoot', 'day 2', 'loop'))
})
afterAll(() => {
  // rm -rf: Node's rm cannot reach below a path longer than PATH_MAX (the deep tree below).
  execFileSync('rm', ['-rf', root])
})

/**
 * A reader that fails on `locked` with `code`: by default like a folder locked with chmod 000
 * (which root, running the tests, reads anyway).
 */
const lockedReader =
  (locked: string, code = 'EACCES') =>
  (dir: string): Promise<Dirent[]> =>
    dir === locked ? Promise.reject(Object.assign(new Error(`${code}: scandir '${dir}'`), { code })) : readdir(dir, { withFileTypes: true })

describe('finding images', () => {
  it('walks folders recursively for image extensions, sorted, skipping hidden files and folder links', async () => {
    const { files, problems } = await findImages([join(root, 'shoot')])
    expect(files).toEqual([join(root, 'shoot', 'a.png'), join(root, 'shoot', 'b.JPG'), join(root, 'shoot', 'day 2', 'c.webp')])
    expect(problems).toEqual([])
  })

  it('finds BMPs, which Windows screenshots and old scans come as', async () => {
    const dir = join(root, 'scans')
    await mkdir(dir)
    await writeFile(join(dir, 'scan.BMP'), '')
    expect((await findImages([dir])).files).toEqual([join(dir, 'scan.BMP')])
  })

  it('passes named files through whatever they are, once each, in command-line order', async () => {
    const notes = join(root, 'shoot', 'notes.txt')
    const { files } = await findImages([notes, join(root, 'shoot'), join(root, 'shoot', 'a.png'), 'missing.jpg'])
    expect(files).toEqual([notes, join(root, 'shoot', 'a.png'), join(root, 'shoot', 'b.JPG'), join(root, 'shoot', 'day 2', 'c.webp'), 'missing.jpg'])
  })

  it('keeps "-" (standard input) apart from ./-, the file named "-", and each once', async () => {
    expect((await findImages(['-', './-', '-'])).files).toEqual(['-', './-'])
  })

  it('reports a folder with no images as a problem', async () => {
    expect(await findImages([join(root, 'empty')])).toEqual({ files: [], problems: [{ input: join(root, 'empty'), message: 'No images found in this folder.' }] })
  })

  it('says that the films in a folder without images are read only when named, not that there is nothing', async () => {
    const clips = join(root, 'clips')
    await mkdir(clips)
    for (const f of ['take 2.MOV', 'take 1.mp4', '.draft.mp4', 'notes.txt']) await writeFile(join(clips, f), '')
    expect(await findImages([clips])).toEqual({
      files: [],
      problems: [{ input: clips, message: `No images found in this folder. Its 2 films are read only when named, not from a folder, as in: palette-studio extract ${join(clips, 'take 1.mp4')}` }]
    })
  })

  it('reports an unreadable subfolder on its own line and still finds every other image', async () => {
    const locked = join(root, 'shoot', 'day 2')
    const { files, problems } = await findImages([join(root, 'shoot')], { readdir: lockedReader(locked) })
    expect(files).toEqual([join(root, 'shoot', 'a.png'), join(root, 'shoot', 'b.JPG')])
    expect(problems).toEqual([{ input: locked, message: 'The folder cannot be read: permission denied.' }])
  })

  it('words a disk error (EIO) the way the app does, not as a bare code', async () => {
    const failing = join(root, 'shoot', 'day 2')
    const { problems } = await findImages([join(root, 'shoot')], { readdir: lockedReader(failing, 'EIO') })
    expect(problems).toEqual([{ input: failing, message: expect.stringMatching(/^The folder cannot be read\. The disk could not be read or written\./) }])
  })

  it('reports an unreadable folder named on the command line as one problem, and goes on with the next input', async () => {
    const locked = join(root, 'shoot')
    const named = join(root, 'named.png')
    const found = await findImages([locked, named], { readdir: lockedReader(locked) })
    expect(found).toEqual({ files: [named], problems: [{ input: locked, message: 'The folder cannot be read: permission denied.' }] })
  })

  it('skips a subfolder whose path is too long to read (a real failure, which root cannot bypass either)', async () => {
    const deep = join(root, 'deep')
    await mkdir(deep)
    await writeFile(join(deep, 'top.png'), '')
    // Each step is short enough to create relative to the last (bash's cd, unlike dash's, falls back to a
    // relative chdir); together they pass PATH_MAX (4096).
    const name = 'n'.repeat(200)
    execFileSync('bash', ['-c', `cd "$1" && for i in $(seq 22); do mkdir ${name} && cd ${name} || exit 1; done && : > bottom.png`, 'bash', deep])
    const { files, problems } = await findImages([deep])
    expect(files).toEqual([join(deep, 'top.png')])
    expect(problems).toHaveLength(1)
    expect(problems[0].input.length).toBeGreaterThan(4000)
    expect(problems[0].message).toBe('The folder cannot be read: its path is too long.')
  })
})

describe('findImages and the images it cannot open', () => {
  it('names each image link that leads nowhere (a drive unplugged), rather than saying the folder has no images', async () => {
    const links = join(root, 'links')
    await mkdir(links)
    await symlink('/media/unplugged/photo1.jpg', join(links, 'photo1.jpg'))
    await symlink('/media/unplugged/photo2.jpg', join(links, 'photo2.jpg'))
    await symlink('/media/unplugged/notes.txt', join(links, 'notes.txt'))
    const unplugged = 'which is not there. If that is on a removable or network disk, check that it is connected.'
    expect(await findImages([links])).toEqual({
      files: [],
      problems: [
        { input: join(links, 'photo1.jpg'), message: `“photo1.jpg” links to /media/unplugged/photo1.jpg, ${unplugged}` },
        { input: join(links, 'photo2.jpg'), message: `“photo2.jpg” links to /media/unplugged/photo2.jpg, ${unplugged}` }
      ]
    })
  })

  it('names an image whose path is too long to open, and finds the others', async () => {
    const dir = join(root, 'long')
    await mkdir(dir)
    await writeFile(join(dir, 'top.png'), '')
    const long = fileBeyondMaxPath(dir)
    expect(await findImages([dir])).toEqual({ files: [join(dir, 'top.png')], problems: [{ input: long, message: expect.stringMatching(/could not be read\. The file name or its path is too long/) }] })
  })
})

describe('no file twice', () => {
  it('lists a folder reached through two links once, by the path first typed', async () => {
    const sub = join(root, 'twice', 'sub')
    await mkdir(join(sub, 'deeper'), { recursive: true })
    for (const f of ['blue.png', 'deeper/green.png']) await writeFile(join(sub, f), '')
    await symlink('.', join(sub, 'loopdir'))
    await symlink('..', join(sub, 'deeper', 'up'))
    const { files } = await findImages([join(sub, 'loopdir'), join(sub, 'deeper', 'up'), join(sub, 'blue.png')])
    expect(files).toEqual([join(sub, 'loopdir', 'blue.png'), join(sub, 'loopdir', 'deeper', 'green.png')])
  })
})

describe('findImages on a pipe or a device', () => {
  it('points to "-" for a pipe, named as typed, as bash gives <(cat photo.jpg) or /dev/stdin under cat … |', async () => {
    const fifo = join(root, 'pipe.jpg')
    execFileSync('mkfifo', [fifo])
    // /dev/stdin and /dev/fd/63 are links to the pipe: the message names the link, not "63".
    const link = join(root, 'fd-63')
    await symlink(fifo, link)
    const hint = 'not a file: to read an image piped in, name "-" instead, as in: cat photo.jpg | palette-studio extract -'
    expect(await findImages([link, '/dev/null'])).toEqual({
      files: [],
      problems: [
        { input: link, message: `“${link}” is a pipe, ${hint}` },
        { input: '/dev/null', message: `“/dev/null” is a device, ${hint}` }
      ]
    })
  })
})
