import * as fs from 'node:fs/promises'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { extractFolder } from '../../../src/main/engine/batch'

// Every folder listing the walk makes, counted (the real readdir answers).
vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof import('node:fs/promises')>()
  return { ...real, readdir: vi.fn(real.readdir) }
})

const FOLDERS = 30
let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ps-batch-walk-'))
  for (let i = 1; i <= FOLDERS; i++) {
    await mkdir(join(root, `day${i}`))
    await writeFile(join(root, `day${i}`, 'photo.png'), 'never opened')
  }
})
afterAll(() => rm(root, { recursive: true }))

describe('extractFolder cancelled while it walks the folder', () => {
  it('stops the walk at the next folder and ends as cancelled, having tried no file', async () => {
    const readdir = vi.mocked(fs.readdir)
    readdir.mockClear()
    const real = readdir.getMockImplementation()!
    const controller = new AbortController()
    // The user presses Cancel while the top folder is read ("Looking for images…").
    readdir.mockImplementationOnce(async (...args) => {
      const entries = await real(...args)
      controller.abort()
      return entries
    })
    const extract = vi.fn()
    const result = await extractFolder(root, { method: 'median-cut', signal: controller.signal, extract })
    expect(result).toEqual({ folder: root, total: 0, succeeded: [], failed: [], unreadable: [], cancelled: true, listed: false })
    expect(extract).not.toHaveBeenCalled()
    // The top folder only: none of its subfolders was read after the cancel.
    expect(readdir).toHaveBeenCalledTimes(1)
  })
  it('after a subfolder it could not read, says the listing was not finished, counting no image and naming the folder', async () => {
    const readdir = vi.mocked(fs.readdir)
    const real = readdir.getMockImplementation()!
    const controller = new AbortController()
    const progress: unknown[] = []
    // day1 is locked; the user presses Cancel as the walk reads day2.
    readdir.mockImplementation(async (...args) => {
      if (String(args[0]) === join(root, 'day1')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })
      if (String(args[0]) === join(root, 'day2')) controller.abort()
      return real(...args)
    })
    try {
      const result = await extractFolder(root, { method: 'median-cut', signal: controller.signal, extract: vi.fn(), onProgress: (p) => progress.push(p) })
      expect(result).toEqual({
        folder: root,
        total: 0,
        succeeded: [],
        failed: [],
        unreadable: [{ folder: join(root, 'day1'), message: 'The folder cannot be read: permission denied.' }],
        cancelled: true,
        listed: false
      })
      expect(progress).toEqual([])
    } finally {
      readdir.mockImplementation(real)
    }
  })
})
