import * as fs from 'node:fs/promises'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { extractFolder } from '../../../src/main/engine/batch'
import { extractPalette } from '../../../src/main/engine/extract'
import { ambiguousName } from '../../../src/main/engine/raw-path'

// Every folder listing the engine makes, counted (the real readdir answers).
vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof import('node:fs/promises')>()
  return { ...real, readdir: vi.fn(real.readdir) }
})

const FILES = 300
let root: string
let folder: string
/** A Latin-1 name in the folder (é as the one byte 0xe9), as an old camera card leaves it. */
const latin1 = (name: string): Buffer => Buffer.from(join(folder, name), 'latin1')

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ps-batch-raw-'))
  folder = join(root, 'shoot')
  await mkdir(folder)
  const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer()
  for (let i = 0; i < FILES; i++) await writeFile(latin1(`caf\xe9-${i}.png`), png)
  // Two names that read the same ("tw\uFFFD.png"): which one is meant cannot be told.
  await writeFile(latin1('tw\xe9.png'), png)
  await writeFile(latin1('tw\xe8.png'), png)
})
afterAll(() => rm(root, { recursive: true }))

describe('extractFolder over Latin-1 names', () => {
  it('lists the folder a fixed number of times, not once per file, and opens every file', async () => {
    const readdir = vi.mocked(fs.readdir)
    readdir.mockClear()
    const result = await extractFolder(folder, { method: 'median-cut', concurrency: 2, extract: extractPalette })
    const listings = readdir.mock.calls.filter(([dir]) => String(dir) === folder).length
    expect(listings).toBeLessThanOrEqual(2)
    expect(result.succeeded).toHaveLength(FILES)
    expect(result.succeeded.every((s) => s.result.palette.swatches.length > 0)).toBe(true)
    expect(result.failed).toEqual(
      ['tw\uFFFD.png', 'tw\uFFFD.png'].map((name) => ({ file: join(folder, name), code: 'NOT_FOUND', message: ambiguousName(name) }))
    )
  })
})
