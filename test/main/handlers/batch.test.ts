// The app's folder batch: each file goes through the engine client, failures keep their reasons,
// progress reaches the renderer, and cancelling stops the batch and the file in the engine.
import { execFileSync } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { invokeContract, type BatchProgress, type ExtractRequest, type ExtractResult } from '../../../src/shared/ipc-contract'
import { BatchRunner } from '../../../src/main/handlers/batch'
import { ShellError } from '../../../src/main/handlers/errors'
import type { Engine } from '../../../src/main/handlers/services'
import { MAX_BOARD_COLUMNS } from '../../../src/shared/preview-limits'
import { fileBeyondMaxPath } from '../engine/long-path'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'batch-handler-'))
  for (const name of ['a.png', 'b.png', 'broken.png']) await writeFile(join(dir, name), 'x')
})
// rm -rf: Node's rm cannot reach below a path longer than PATH_MAX (the deep folder below).
afterEach(() => execFileSync('rm', ['-rf', dir]))

const result = (hex: string): ExtractResult => ({
  palette: { method: 'kmeans', swatches: [{ rgb: [1, 2, 3], hex, share: 1 }] },
  timings: {},
  source: { width: 1, height: 1, format: 'png', hasAlpha: false, space: 'srgb' }
})

class FakeEngine implements Engine {
  requests: ExtractRequest[] = []
  cancelled: string[] = []
  /** A file whose palette waits until `until` resolves: the one the engine is on when the user cancels. */
  hold?: { file: string; until: Promise<void> }
  async extract(request: ExtractRequest): Promise<ExtractResult> {
    this.requests.push(request)
    const path = request.source.kind === 'path' ? request.source.path : ''
    if (basename(path) === this.hold?.file) await this.hold.until
    if (this.cancelled.includes(request.requestId)) throw new ShellError('CANCELLED', 'Cancelled.')
    if (basename(path) === 'broken.png') throw new ShellError('CORRUPT', 'The image is damaged.')
    if (basename(path) === 'b.png') throw new ShellError('ENGINE_CRASHED', 'The engine stopped.')
    return request.preview ? { ...result('#010203'), preview: 'data:image/jpeg;base64,AA==' } : result('#010203')
  }
  cancel(id: string): boolean {
    this.cancelled.push(id)
    return true
  }
  displayCopy(): Promise<never> {
    return Promise.reject(new Error('A batch makes no display copies.'))
  }
}

/** The folder's grant covers every file in it (grants.test.ts checks which do). */
const allowAll = async (): Promise<void> => {}

describe('BatchRunner', () => {
  it('sends every image to the engine by path, and lists failures with their reasons', async () => {
    const engine = new FakeEngine()
    const events: BatchProgress[] = []
    const out = await new BatchRunner(engine, (p) => events.push(p), allowAll).run({ requestId: 'r', path: dir, method: 'kmeans' })
    expect(engine.requests.map((r) => r.source)).toEqual(['a.png', 'b.png', 'broken.png'].map((n) => ({ kind: 'path', path: join(dir, n) })))
    expect(out).toMatchObject({ total: 3, cancelled: false })
    expect(out.succeeded.map((s) => basename(s.file))).toEqual(['a.png'])
    expect(out.failed).toEqual([
      { file: join(dir, 'b.png'), code: 'INTERNAL', message: 'The engine stopped.' },
      { file: join(dir, 'broken.png'), code: 'CORRUPT', message: 'The image is damaged.' }
    ])
    expect(events.at(0)).toEqual({ requestId: 'r', done: 0, total: 3, failed: 0 })
    expect(events.at(-1)).toMatchObject({ requestId: 'r', done: 3, total: 3, failed: 2 })
  })

  it('cancel stops the batch, cancels the file the engine is on, and keeps the palettes already made', async () => {
    await writeFile(join(dir, 'c.png'), 'x')
    const engine = new FakeEngine()
    let release = (): void => {}
    engine.hold = { file: 'broken.png', until: new Promise((r) => (release = r)) }
    const events: BatchProgress[] = []
    const runner = new BatchRunner(engine, (p) => events.push(p), allowAll)
    const running = runner.run({ requestId: 'r', path: dir, method: 'kmeans' })
    await expect.poll(() => engine.requests.length).toBe(3)
    expect(runner.cancel('r')).toBe(true)
    release()
    const out = await running
    expect(invokeContract.extractFolder.response.parse(out)).toEqual(out)
    expect(out).toMatchObject({ total: 4, cancelled: true, failed: [{ file: join(dir, 'b.png'), code: 'INTERNAL', message: 'The engine stopped.' }] })
    expect(out.succeeded.map((s) => basename(s.file))).toEqual(['a.png'])
    expect(engine.cancelled).toEqual([engine.requests[2].requestId])
    expect(engine.requests).toHaveLength(3)
    expect(events.at(-1)).toMatchObject({ done: 2, total: 4, failed: 1 })
    expect(runner.cancel('r')).toBe(false)
  })

  it('sends no file to the engine once the user cancelled, while the next file was being checked, and counts only what was done', async () => {
    const engine = new FakeEngine()
    const events: BatchProgress[] = []
    // Cancel comes while b.png's grant is checked, before its request is sent.
    const mayRead = async (file: string): Promise<void> => {
      if (basename(file) === 'b.png') runner.cancel('r')
    }
    const runner = new BatchRunner(engine, (p) => events.push(p), mayRead)
    const out = await runner.run({ requestId: 'r', path: dir, method: 'kmeans' })
    expect(engine.requests.map((r) => r.source)).toEqual([{ kind: 'path', path: join(dir, 'a.png') }])
    expect(invokeContract.extractFolder.response.parse(out)).toEqual(out)
    // "Cancelled after 1 of 3 images".
    expect(out).toMatchObject({ total: 3, cancelled: true, failed: [] })
    expect(out.succeeded.map((s) => basename(s.file))).toEqual(['a.png'])
    expect(events.at(-1)).toMatchObject({ done: 1, total: 3, failed: 0 })
  })

  it('lists an image whose path is too long to open as failed, within the contract, without sending it to the engine', async () => {
    const long = fileBeyondMaxPath(dir)
    const engine = new FakeEngine()
    const out = await new BatchRunner(engine, () => {}, allowAll).run({ requestId: 'r', path: dir, method: 'kmeans' })
    expect(invokeContract.extractFolder.response.parse(out)).toEqual(out)
    expect(out).toMatchObject({ total: 4, cancelled: false })
    expect(out.failed).toContainEqual({ file: long, code: 'NOT_FOUND', message: expect.stringMatching(/path is too long/) })
    expect(engine.requests.map((r) => r.source)).not.toContainEqual({ kind: 'path', path: long })
  })

  it('names a subfolder it could not read apart from the images, which it does not count among', async () => {
    // Past PATH_MAX (4096), which root cannot read either (unlike a folder locked with chmod 000).
    const name = 'n'.repeat(200)
    execFileSync('bash', ['-c', `cd "$1" && for i in $(seq 22); do mkdir ${name} && cd ${name} || exit 1; done && : > deep.png`, 'bash', dir])
    const events: BatchProgress[] = []
    const out = await new BatchRunner(new FakeEngine(), (p) => events.push(p), allowAll).run({ requestId: 'r', path: dir, method: 'kmeans' })
    expect(invokeContract.extractFolder.response.parse(out)).toEqual(out)
    expect(out).toMatchObject({ total: 3, unreadable: [{ folder: expect.stringContaining(join(dir, name, name)), message: 'The folder cannot be read: its path is too long.' }] })
    expect(out.failed.map((f) => basename(f.file))).toEqual(['b.png', 'broken.png'])
    expect(events.at(-1)).toMatchObject({ done: 3, total: 3, failed: 2 })
  })

  it('a file refused by the grants (an image link leading elsewhere) is listed as FORBIDDEN with its reason, not as an internal error', async () => {
    const why = 'Palette Studio only opens files you choose. Open "a.png" with File › Open, or drop it on the window.'
    const mayRead = async (file: string): Promise<void> => {
      if (basename(file) === 'a.png') throw new ShellError('FORBIDDEN', why)
    }
    const engine = new FakeEngine()
    const out = await new BatchRunner(engine, () => {}, mayRead).run({ requestId: 'r', path: dir, method: 'kmeans' })
    expect(invokeContract.extractFolder.response.parse(out)).toEqual(out)
    expect(out.failed[0]).toEqual({ file: join(dir, 'a.png'), code: 'FORBIDDEN', message: why })
    // Refused before the engine is asked: the engine never reads it.
    expect(engine.requests.map((r) => r.source)).not.toContainEqual({ kind: 'path', path: join(dir, 'a.png') })
  })

  it('a folder that does not exist is NOT_FOUND', async () => {
    const runner = new BatchRunner(new FakeEngine(), () => {}, allowAll)
    await expect(runner.run({ requestId: 'r', path: join(dir, 'nope'), method: 'kmeans' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('asks for previews for no more palettes than a board takes', async () => {
    for (let i = 0; i < MAX_BOARD_COLUMNS + 2; i++) await writeFile(join(dir, `many-${i}.png`), 'x')
    const engine = new FakeEngine()
    const out = await new BatchRunner(engine, () => {}, allowAll).run({ requestId: 'r', path: dir, method: 'kmeans', preview: { width: 240, height: 130 } })
    expect(out.succeeded.length).toBe(MAX_BOARD_COLUMNS + 3)
    expect(out.succeeded.filter((s) => s.result.preview).length).toBe(MAX_BOARD_COLUMNS)
    // Once a board's worth is made, the engine is not asked for more (b.png and broken.png asked, and failed).
    expect(engine.requests.slice(-3).map((r) => r.preview)).toEqual([undefined, undefined, undefined])
    expect(engine.requests.filter((r) => r.preview).length).toBe(MAX_BOARD_COLUMNS + 2)
  })
})
