import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LaunchFiles } from '../../src/shared/ipc-contract'
import { PathGrants } from '../../src/main/handlers/grants'
import { isImagePath, mimeOf } from '../../src/main/handlers/files'
import { LaunchQueue, pathsInArgv } from '../../src/main/launch-files'
import { RecentStore } from '../../src/main/recent'

describe('pathsInArgv', () => {
  it('takes the files after the executable, resolved where the command ran, and no switches', () => {
    const argv = ['/opt/Palette Studio/palette-studio', '--no-sandbox', 'board.palette-studio', '/home/a/photo.jpg', '-psn_0_12345', '']
    expect(pathsInArgv(argv, 1, '/home/a/work')).toEqual(['/home/a/work/board.palette-studio', '/home/a/photo.jpg'])
  })

  it('makes a full path typed with "." or ".." plain, the only form the page may open', () => {
    expect(pathsInArgv(['/opt/ps/palette-studio', '/home/a/Pictures/../photo.jpg', '/home/a//./b.png'], 1, '/w')).toEqual(['/home/a/photo.jpg', '/home/a/b.png'])
  })

  it('skips the app folder when run unpackaged (electron .)', () => {
    expect(pathsInArgv(['/usr/bin/electron', '.', 'photo.png'], 2, '/w')).toEqual(['/w/photo.png'])
  })

  it('takes the file:// URLs that Linux file managers pass (Open With), decoded, and no other URLs', () => {
    const photo = join(tmpdir(), 'holiday photo #1 été.jpg')
    const argv = ['/opt/Palette Studio/palette-studio', pathToFileURL(photo).href, 'https://example.com/a.jpg', 'FILE:///tmp/x%20y.png']
    expect(pathsInArgv(argv, 1, '/home/designer')).toEqual([photo, '/tmp/x y.png'])
  })
})

describe('LaunchQueue', () => {
  let dir: string
  let grants: PathGrants
  let delivered: LaunchFiles[]
  let queue: LaunchQueue

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'launch-'))
    for (const name of ['sunset.JPG', 'clip.mp4', 'moodboard.palette-studio', 'notes.txt', 'photo.constructor']) {
      await writeFile(join(dir, name), 'x')
    }
    await mkdir(join(dir, 'frames'))
    grants = new PathGrants(new RecentStore({ file: join(dir, 'recent.json') }))
    delivered = []
    queue = new LaunchQueue(grants, (files) => delivered.push(files), () => 42)
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('holds the files the app was started with until the page takes them, then opens each as what it is', async () => {
    const names = ['sunset.JPG', 'clip.mp4', 'moodboard.palette-studio', 'frames']
    await queue.add(names.map((name) => join(dir, name)))
    expect(delivered).toEqual([])
    const taken = await queue.take()
    expect(taken.refused).toEqual([])
    expect(taken.items).toEqual([
      { path: join(dir, 'sunset.JPG'), name: 'sunset.JPG', kind: 'image', openedAt: 42 },
      { path: join(dir, 'clip.mp4'), name: 'clip.mp4', kind: 'video', openedAt: 42 },
      { path: join(dir, 'moodboard.palette-studio'), name: 'moodboard.palette-studio', kind: 'project', openedAt: 42 },
      { path: join(dir, 'frames'), name: 'frames', kind: 'folder', openedAt: 42 }
    ])
    expect((await queue.take()).items).toEqual([]) // taken once
  })

  it('lets the page read what the OS asked us to open, and nothing else', async () => {
    await queue.add([join(dir, 'sunset.JPG'), join(dir, 'frames')])
    expect(await grants.allows(join(dir, 'sunset.JPG'))).toBe(false) // not before the page takes it
    await queue.take()
    expect(await grants.allows(join(dir, 'sunset.JPG'))).toBe(true)
    expect(await grants.allows(join(dir, 'frames', 'f1.png'))).toBe(true)
    expect(await grants.allows(join(dir, 'clip.mp4'))).toBe(false)
  })

  it('names each file it cannot open and why, and grants none of them', async () => {
    await queue.add([join(dir, 'notes.txt'), join(dir, 'photo.constructor'), join(dir, 'gone.png'), join(dir, 'sunset.JPG')])
    const taken = await queue.take()
    expect(taken.items.map((item) => item.name)).toEqual(['sunset.JPG'])
    expect(taken.refused).toEqual([
      '"notes.txt" is not an image, a film, a folder or a board, so Palette Studio cannot open it.',
      '"photo.constructor" is not an image, a film, a folder or a board, so Palette Studio cannot open it.',
      '"gone.png" could not be found. It may have been moved, renamed or deleted.'
    ])
    expect(await grants.allows(join(dir, 'notes.txt'))).toBe(false)
  })

  it('sends files that come once the page is running (a second launch, macOS open-file)', async () => {
    await queue.take()
    await queue.add([join(dir, 'clip.mp4')])
    expect(delivered).toEqual([{ items: [{ path: join(dir, 'clip.mp4'), name: 'clip.mp4', kind: 'video', openedAt: 42 }], refused: [] }])
    await queue.add([])
    expect(delivered).toHaveLength(1)
  })

  it('sends files opened together, which come one event each (macOS open-file), to the page together', async () => {
    await queue.take()
    await Promise.all([queue.add([join(dir, 'sunset.JPG')]), queue.add([join(dir, 'clip.mp4')]), queue.add([join(dir, 'notes.txt')])])
    expect(delivered).toHaveLength(1)
    expect(delivered[0].items.map((item) => item.name)).toEqual(['sunset.JPG', 'clip.mp4'])
    expect(delivered[0].refused).toHaveLength(1)
  })
})

describe('file types', () => {
  it('knows no type by an object key that is no extension', () => {
    expect(isImagePath('photo.constructor')).toBe(false)
    expect(isImagePath('photo.toString')).toBe(false)
    expect(mimeOf('clip.constructor')).toBe('application/octet-stream')
    expect(mimeOf('clip.MOV')).toBe('video/quicktime')
  })
})
