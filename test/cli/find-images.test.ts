import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findImages } from '../../src/cli/find-images'

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
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('finding images', () => {
  it('walks folders recursively for image extensions, sorted, skipping hidden files and folder links', async () => {
    const { files, problems } = await findImages([join(root, 'shoot')])
    expect(files).toEqual([join(root, 'shoot', 'a.png'), join(root, 'shoot', 'b.JPG'), join(root, 'shoot', 'day 2', 'c.webp')])
    expect(problems).toEqual([])
  })

  it('passes named files through whatever they are, once each, in command-line order', async () => {
    const notes = join(root, 'shoot', 'notes.txt')
    const { files } = await findImages([notes, join(root, 'shoot'), join(root, 'shoot', 'a.png'), 'missing.jpg'])
    expect(files).toEqual([notes, join(root, 'shoot', 'a.png'), join(root, 'shoot', 'b.JPG'), join(root, 'shoot', 'day 2', 'c.webp'), 'missing.jpg'])
  })

  it('reports a folder with no images as a problem', async () => {
    expect(await findImages([join(root, 'empty')])).toEqual({ files: [], problems: [{ input: join(root, 'empty'), message: 'No images found in this folder.' }] })
  })
})
