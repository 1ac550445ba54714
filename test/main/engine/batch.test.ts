import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConcurrency, extractFolder, folderGoneMessage, type BatchProgress } from '../../../src/main/engine/batch'
import { extractPalette } from '../../../src/main/engine/extract'
import { EngineError } from '../../../src/main/engine/errors'
import type { Rgb } from '../../../src/shared/palette'
import { fileBeyondMaxPath } from './long-path'

let root: string
let folder: string
/** Each good image's two colours: 70 % of the top and 30 % of the bottom. */
const GOOD: Record<string, [Rgb, Rgb]> = {
  'a-red.png': [[200, 30, 30], [250, 240, 220]],
  'b-green.jpg': [[30, 150, 60], [20, 20, 80]],
  'sub/c-blue.webp': [[40, 80, 220], [240, 200, 40]]
}

async function twoColourImage(path: string, [top, bottom]: [Rgb, Rgb]): Promise<void> {
  const width = 100
  const height = 100
  const data = Buffer.alloc(width * height * 3)
  for (let i = 0; i < width * height; i++) data.set(i < width * 70 ? top : bottom, i * 3)
  const image = sharp(data, { raw: { width, height, channels: 3 } })
  const format = path.endsWith('.jpg') ? image.jpeg({ quality: 95 }) : path.endsWith('.webp') ? image.webp({ lossless: true }) : image.png()
  await format.toFile(path)
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ps-batch-'))
  folder = join(root, 'shoot')
  await mkdir(join(folder, 'sub'), { recursive: true })
  for (const [name, colours] of Object.entries(GOOD)) await twoColourImage(join(folder, name), colours)
  // A PNG cut off half-way, as an interrupted copy leaves it, and a text file with an image's name.
  const png = await readFile(join(folder, 'a-red.png'))
  await writeFile(join(folder, 'd-cut.png'), png.subarray(0, Math.floor(png.length / 2)))
  await writeFile(join(folder, 'e-notes.jpg'), 'shopping list: paint, brushes\n')
  await writeFile(join(folder, 'readme.txt'), 'not an image name, never tried')
})
// rm -rf: Node's rm cannot reach below a path longer than PATH_MAX (the deep tree below).
afterAll(() => execFileSync('rm', ['-rf', root]))

const near = (a: Rgb, b: Rgb) => a.every((c, i) => Math.abs(c - b[i]) <= 15)

describe('extractFolder', () => {
  it('gives every good image its palette and each broken file its own reason', async () => {
    const result = await extractFolder(folder, { method: 'median-cut', extract: extractPalette })
    expect(result.total).toBe(5)
    expect(result.succeeded.map((s) => s.file)).toEqual(['a-red.png', 'b-green.jpg', 'sub/c-blue.webp'].map((n) => join(folder, n)))
    for (const { file, result: r } of result.succeeded) {
      const [top, bottom] = GOOD[file.slice(folder.length + 1)]
      expect(near(r.palette.swatches[0].rgb, top), `${file}: ${r.palette.swatches.map((s) => s.hex).join(' ')}`).toBe(true)
      expect(r.palette.swatches.some((s) => near(s.rgb, bottom))).toBe(true)
    }
    expect(result.failed).toEqual([
      { file: join(folder, 'd-cut.png'), code: 'CORRUPT', message: expect.stringMatching(/damaged or incomplete/) },
      { file: join(folder, 'e-notes.jpg'), code: 'NOT_AN_IMAGE', message: expect.stringMatching(/not an image/) }
    ])
  })

  it('takes the palette of an image whose name is not valid UTF-8 (a Latin-1 "café"), found by the walk', async () => {
    const own = join(root, 'latin1')
    await mkdir(own)
    const latin1 = Buffer.from(join(own, 'caf\xe9.png'), 'latin1')
    await writeFile(latin1, await readFile(join(folder, 'a-red.png')))
    const result = await extractFolder(own, { method: 'median-cut', extract: extractPalette })
    expect(result.failed).toEqual([])
    expect(result.succeeded).toMatchObject([{ file: latin1.toString('utf8') }])
  })

  it('walks a folder whose own name is not valid UTF-8', async () => {
    const own = Buffer.from(join(root, 'photos \xe9t\xe9'), 'latin1')
    await mkdir(own)
    await writeFile(Buffer.concat([own, Buffer.from('/red.png')]), await readFile(join(folder, 'a-red.png')))
    const result = await extractFolder(own.toString('utf8'), { method: 'median-cut', extract: extractPalette })
    expect(result.failed).toEqual([])
    expect(result.succeeded).toMatchObject([{ file: join(own.toString('utf8'), 'red.png') }])
  })

  it('reports progress for every file, counting failures as they happen', async () => {
    const events: BatchProgress[] = []
    await extractFolder(folder, { method: 'kmeans', concurrency: 2, onProgress: (p) => events.push(p), extract: extractPalette })
    expect(events[0]).toEqual({ done: 0, total: 5, failed: 0 })
    expect(events.map((e) => e.done)).toEqual([0, 1, 2, 3, 4, 5])
    expect(events.at(-1)).toMatchObject({ done: 5, total: 5, failed: 2 })
    expect(new Set(events.slice(1).map((e) => e.file)).size).toBe(5)
  })

  it('never works on more files at once than its concurrency', async () => {
    let running = 0
    let peak = 0
    const extract: typeof extractPalette = async (file, opts) => {
      peak = Math.max(peak, ++running)
      try {
        await new Promise((resolve) => setTimeout(resolve, 20))
        return await extractPalette(file, opts)
      } finally {
        running--
      }
    }
    await extractFolder(folder, { method: 'median-cut', concurrency: 3, extract })
    expect(peak).toBe(3)
    peak = 0
    await extractFolder(folder, { method: 'median-cut', concurrency: 1, extract })
    expect(peak).toBe(1)
  })

  it('picks a concurrency from the CPUs, within bounds', () => {
    expect(defaultConcurrency()).toBeGreaterThanOrEqual(2)
    expect(defaultConcurrency()).toBeLessThanOrEqual(8)
  })

  it('cancelling stops starting files and keeps the palettes and failures finished before', async () => {
    const controller = new AbortController()
    const started: string[] = []
    const extract: typeof extractPalette = (file, opts) => {
      started.push(file as string)
      if (started.length < 3) return extractPalette(file, opts)
      // The third file is under way when the user cancels; the engine stops it.
      controller.abort()
      return Promise.reject(new EngineError('CANCELLED'))
    }
    const result = await extractFolder(folder, { method: 'median-cut', concurrency: 1, signal: controller.signal, extract })
    expect(started).toHaveLength(3)
    expect(result).toMatchObject({ folder, total: 5, cancelled: true, failed: [] })
    expect(result.succeeded.map((s) => s.file)).toEqual(['a-red.png', 'b-green.jpg'].map((n) => join(folder, n)))
    expect(near(result.succeeded[0].result.palette.swatches[0].rgb, GOOD['a-red.png'][0])).toBe(true)
  })

  it('a cancel before the start is CANCELLED; one after the last file cancelled nothing', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(extractFolder(folder, { method: 'median-cut', signal: controller.signal, extract: extractPalette })).rejects.toMatchObject({ code: 'CANCELLED' })
    const late = new AbortController()
    const result = await extractFolder(folder, {
      method: 'median-cut',
      signal: late.signal,
      onProgress: (p) => p.done === p.total && late.abort(),
      extract: extractPalette
    })
    expect(result).toMatchObject({ total: 5, cancelled: false })
    expect(result.succeeded.length + result.failed.length).toBe(5)
  })

  it('reports a subfolder that cannot be read as a folder, not counted among the images, and the rest of the folder goes ahead', async () => {
    const shoot = join(root, 'deep')
    await mkdir(shoot)
    await twoColourImage(join(shoot, 'top.png'), GOOD['a-red.png'])
    // Each step is short enough to create relative to the last; together they pass PATH_MAX (4096),
    // which root, running the tests, cannot read past (unlike a folder locked with chmod 000).
    const name = 'n'.repeat(200)
    execFileSync('bash', ['-c', `cd "$1" && for i in $(seq 22); do mkdir ${name} && cd ${name} || exit 1; done && : > bottom.png`, 'bash', shoot])
    const progress: BatchProgress[] = []
    const result = await extractFolder(shoot, { method: 'median-cut', extract: extractPalette, onProgress: (p) => progress.push(p) })
    // "1 of 1 images · 0 failed": the folder is no image, neither in the running count nor in the result.
    expect(progress.map(({ done, total, failed }) => [done, total, failed])).toEqual([
      [0, 1, 0],
      [1, 1, 0]
    ])
    expect(result.succeeded.map((s) => s.file)).toEqual([join(shoot, 'top.png')])
    expect(result.failed).toEqual([])
    // The first folder down the chain whose path is too long to read.
    expect(result.unreadable).toEqual([{ folder: expect.stringMatching(new RegExp(`^${shoot}(/${name}){20,}$`)), message: 'The folder cannot be read: its path is too long.' }])
    expect(result).toMatchObject({ total: 1, cancelled: false })
    // Without a progress callback too (the count once lived inside `onProgress?.(…)`).
    expect(await extractFolder(shoot, { method: 'median-cut', extract: extractPalette })).toMatchObject({ total: 1, unreadable: result.unreadable, cancelled: false })
  })

  it('a missing folder is NOT_FOUND; a folder without images is an empty result', async () => {
    await expect(extractFolder(join(root, 'nope'), { method: 'median-cut', extract: extractPalette })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const empty = join(root, 'empty')
    await mkdir(empty)
    expect(await extractFolder(empty, { method: 'median-cut', extract: extractPalette })).toEqual({ folder: empty, total: 0, succeeded: [], failed: [], unreadable: [], cancelled: false, listed: true })
  })

  it('works in the order a file manager shows: numbers by value, case and accents after the letter', async () => {
    const shoot = join(root, 'ordered')
    await mkdir(join(shoot, 'img3'), { recursive: true })
    const png = await readFile(join(folder, 'a-red.png'))
    // "été" twice: composed (as Windows and Linux write it) and decomposed (as macOS does).
    const names = ['img10.png', 'img2.png', 'Zeta.png', 'apple.png', 'img1.png', 'ÉCOLE.png', 'ete.png', '\u00e9t\u00e9.png', 'e\u0301te\u0301.png', 'img3/img1.png']
    for (const name of names) await writeFile(join(shoot, name), png)
    const seen: string[] = []
    const extract: typeof extractPalette = async (file, opts) => {
      seen.push((file as string).slice(shoot.length + 1))
      return extractPalette(file, opts)
    }
    const result = await extractFolder(shoot, { method: 'kmeans', concurrency: 1, extract })
    const order = ['apple.png', 'ÉCOLE.png', 'ete.png', 'e\u0301te\u0301.png', '\u00e9t\u00e9.png', 'img1.png', 'img2.png', 'img3/img1.png', 'img10.png', 'Zeta.png']
    expect(result.succeeded.map((s) => s.file.slice(shoot.length + 1))).toEqual(order)
    expect(seen).toEqual(order)
  })

  it('stops trying files when the folder itself goes, listing the rest with that one reason and keeping the palettes made', async () => {
    const shoot = join(root, 'vanishing')
    await mkdir(shoot)
    const png = await readFile(join(folder, 'a-red.png'))
    for (let i = 1; i <= 40; i++) await writeFile(join(shoot, `p${i}.png`), png)
    let tried = 0
    const extract: typeof extractPalette = async (file, opts) => {
      // One image deleted on its own fails with its reason and the batch goes on; then the user
      // deletes the folder (or unplugs its drive) while the fourth image is worked on.
      if (++tried === 1) await rm(join(shoot, 'p2.png'))
      if (tried === 4) await rm(shoot, { recursive: true })
      return extractPalette(file, opts)
    }
    const progress: BatchProgress[] = []
    const result = await extractFolder(shoot, { method: 'kmeans', concurrency: 1, extract, onProgress: (p) => progress.push(p) })
    expect(tried).toBe(4)
    expect(result).toMatchObject({ total: 40, cancelled: false })
    expect(result.succeeded.map((s) => s.file)).toEqual([1, 3].map((i) => join(shoot, `p${i}.png`)))
    expect(result.failed).toHaveLength(38)
    expect(result.failed[0]).toEqual({ file: join(shoot, 'p2.png'), code: 'NOT_FOUND', message: expect.stringContaining('p2.png') })
    expect(result.failed[1]).toMatchObject({ file: join(shoot, 'p4.png'), code: 'NOT_FOUND' })
    expect(result.failed.slice(2)).toEqual(Array.from({ length: 36 }, (_, i) => ({ file: join(shoot, `p${i + 5}.png`), code: 'NOT_FOUND', message: folderGoneMessage(shoot, shoot) })))
    expect(folderGoneMessage(shoot, shoot)).toBe('The folder “vanishing” was moved, renamed or deleted while the batch ran, so this image was not done.')
    expect(progress.at(-1)).toMatchObject({ done: 40, total: 40, failed: 38 })
  })

  it('when a subfolder goes, lists its images left with one reason that names it, tries none of them, and goes on with the rest', async () => {
    const shoot = join(root, 'moving')
    const png = await readFile(join(folder, 'a-red.png'))
    const files = ['day1/p1.png', 'day1/p2.png', 'day1/p3.png', 'day1/p4.png', 'day2/deep/q1.png', 'day2/deep/q2.png', 'day2/deep/q3.png', 'z.png']
    for (const file of files) {
      await mkdir(join(shoot, file, '..'), { recursive: true })
      await writeFile(join(shoot, file), png)
    }
    const tried: string[] = []
    const extract: typeof extractPalette = async (file, opts) => {
      const name = (file as string).slice(shoot.length + 1)
      tried.push(name)
      // The user moves day1 away while its second image is worked on, then day2 (whose images sit
      // one folder further down) while its second is.
      if (name === 'day1/p2.png') await rm(join(shoot, 'day1'), { recursive: true })
      if (name === 'day2/deep/q2.png') await rm(join(shoot, 'day2'), { recursive: true })
      return extractPalette(file, opts)
    }
    const progress: BatchProgress[] = []
    const result = await extractFolder(shoot, { method: 'kmeans', concurrency: 1, extract, onProgress: (p) => progress.push(p) })
    expect(tried).toEqual(['day1/p1.png', 'day1/p2.png', 'day2/deep/q1.png', 'day2/deep/q2.png', 'z.png'])
    expect(result.succeeded.map((s) => s.file.slice(shoot.length + 1))).toEqual(['day1/p1.png', 'day2/deep/q1.png', 'z.png'])
    const gone = (name: string, folderGone: string) => ({ file: join(shoot, name), code: 'NOT_FOUND', message: folderGoneMessage(join(shoot, folderGone), shoot) })
    expect(result.failed).toEqual([
      ...['day1/p2.png', 'day1/p3.png', 'day1/p4.png'].map((name) => gone(name, 'day1')),
      ...['day2/deep/q2.png', 'day2/deep/q3.png'].map((name) => gone(name, 'day2'))
    ])
    expect(folderGoneMessage(join(shoot, 'day2', 'deep'), shoot)).toBe('The folder “day2/deep” was moved, renamed or deleted while the batch ran, so this image was not done.')
    expect(result).toMatchObject({ total: 8, cancelled: false })
    expect(progress.at(-1)).toMatchObject({ done: 8, total: 8, failed: 5 })
  })
})

describe('extractFolder and the images it finds but cannot open', () => {
  it('lists an image whose path is too long to open as failed with that reason, counted, and never tried', async () => {
    const shoot = join(root, 'long')
    await mkdir(shoot)
    await twoColourImage(join(shoot, 'top.png'), GOOD['a-red.png'])
    const long = fileBeyondMaxPath(shoot)
    const tried: string[] = []
    const extract: typeof extractPalette = async (file, opts) => {
      tried.push(file as string)
      return extractPalette(file, opts)
    }
    const result = await extractFolder(shoot, { method: 'median-cut', extract })
    expect(tried).toEqual([join(shoot, 'top.png')])
    expect(result).toMatchObject({ total: 2, unreadable: [], cancelled: false })
    expect(result.failed).toEqual([
      { file: long, code: 'NOT_FOUND', message: `“${basename(long)}” could not be read. The file name or its path is too long for this disk. Choose a shorter name or a folder nearer the top of the disk.` }
    ])
  })

  it('lists each image link that leads nowhere as failed, saying where it leads (a drive unplugged), in the folder’s order', async () => {
    const shoot = join(root, 'links')
    await mkdir(shoot)
    await twoColourImage(join(shoot, 'b-here.png'), GOOD['a-red.png'])
    await symlink('/media/unplugged/photo1.jpg', join(shoot, 'a-photo1.jpg'))
    await symlink('missing.png', join(shoot, 'c-renamed.png'))
    await symlink('d-loop.png', join(shoot, 'd-loop.png'))
    // Not an image's name: not the batch's business, whatever it leads to.
    await symlink('/media/unplugged/notes.txt', join(shoot, 'notes.txt'))
    const tried: string[] = []
    const extract: typeof extractPalette = async (file, opts) => {
      tried.push(file as string)
      return extractPalette(file, opts)
    }
    const result = await extractFolder(shoot, { method: 'median-cut', extract })
    expect(tried).toEqual([join(shoot, 'b-here.png')])
    expect(result).toMatchObject({ total: 4, cancelled: false })
    const unplugged = 'If that is on a removable or network disk, check that it is connected.'
    expect(result.failed).toEqual([
      { file: join(shoot, 'a-photo1.jpg'), code: 'NOT_FOUND', message: `“a-photo1.jpg” links to /media/unplugged/photo1.jpg, which is not there. ${unplugged}` },
      { file: join(shoot, 'c-renamed.png'), code: 'NOT_FOUND', message: `“c-renamed.png” links to ${join(shoot, 'missing.png')}, which is not there. ${unplugged}` },
      {
        file: join(shoot, 'd-loop.png'),
        code: 'NOT_FOUND',
        message: `“d-loop.png” links to ${join(shoot, 'd-loop.png')}, which cannot be opened. This path goes round in a circle of symbolic links. Choose the file or folder itself instead.`
      }
    ])
  })
})
