// The real engine host (src/main/engine-host.ts) in a Node child process, as the app runs it in a
// utility process: real palettes come back, and killing it mid-request loses nothing but that request.
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EngineClient } from '../../src/main/engine-client'
import { nodeEngineFork } from '../../src/main/engine-process-node'

const HOST = join(__dirname, '../../src/main/engine-host.ts')
let dir: string
let image: string
let large: string
const children: ChildProcess[] = []
let client: EngineClient

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engine-host-'))
  image = join(dir, 'green.png')
  large = join(dir, 'noise.png')
  const noise = Buffer.from(Array.from({ length: 3000 * 2000 * 3 }, (_, i) => (i * 2654435761) >>> 24))
  await sharp(noise, { raw: { width: 3000, height: 2000, channels: 3 } }).png({ compressionLevel: 1 }).toFile(large)
  await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 40, g: 180, b: 90 } } }).png().toFile(image)
  client = new EngineClient({ fork: nodeEngineFork(HOST, { execArgv: ['--import', 'tsx'], onSpawn: (c) => children.push(c) }) })
})

afterAll(async () => {
  client.dispose()
  await rm(dir, { recursive: true, force: true })
})

const extract = (requestId: string) => client.extract({ requestId, method: 'median-cut', source: { kind: 'path', path: image } })

describe('engine host process', () => {
  it('extracts a real palette out of process', async () => {
    const result = await extract('first')
    const [r, g, b] = result.palette.swatches[0].rgb
    expect(Math.abs(r - 40) + Math.abs(g - 180) + Math.abs(b - 90)).toBeLessThanOrEqual(24)
    expect(result.source).toEqual({ width: 40, height: 30, format: 'png', hasAlpha: false, space: 'srgb' })
    expect(await client.methods()).toEqual(expect.arrayContaining(['median-cut', 'kmeans']))
  })

  it('says how many frames an animation has, of which only the first is read', async () => {
    // Frames that differ: a GIF encoder merges identical ones.
    const frames = Buffer.concat([0, 100, 200].map((v) => Buffer.alloc(8 * 6 * 3, v)))
    const gif = join(dir, 'three.gif')
    await sharp(frames, { raw: { width: 8, height: 18, channels: 3, pageHeight: 6 } }).gif().toFile(gif)
    const result = await client.extract({ requestId: 'gif', method: 'median-cut', source: { kind: 'path', path: gif } })
    expect(result.source).toMatchObject({ width: 8, height: 6, format: 'gif', pages: 3 })
  })

  it('makes a PNG display copy of a TIFF, by path and by bytes, at most 1600 px long', async () => {
    const tiff = join(dir, 'scan.tiff')
    await sharp({ create: { width: 3200, height: 800, channels: 3, background: { r: 120, g: 60, b: 200 } } })
      .tiff({ compression: 'lzw' })
      .toFile(tiff)
    for (const source of [{ kind: 'path', path: tiff } as const, { kind: 'bytes', bytes: await readFile(tiff) } as const]) {
      const copy = await client.displayCopy(source)
      expect([copy.mime, copy.width, copy.height]).toEqual(['image/png', 1600, 400])
      const { data, info } = await sharp(copy.bytes).raw().toBuffer({ resolveWithObject: true })
      expect([info.format, info.width, info.height]).toEqual(['raw', 1600, 400])
      expect([...data.subarray(0, 3)]).toEqual([120, 60, 200])
    }
    await expect(client.displayCopy({ kind: 'path', path: join(dir, 'gone.tiff') })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('names a file sent as bytes (dropped or pasted) by its name in what it cannot read', async () => {
    const source = { kind: 'bytes', bytes: Buffer.from('not a picture at all'), name: 'Pasted image.png' } as const
    await expect(client.extract({ requestId: 'named', method: 'median-cut', source })).rejects.toMatchObject({
      code: 'NOT_AN_IMAGE',
      message: expect.stringMatching(/^“Pasted image\.png” is not an image Palette Studio recognises/)
    })
  })

  it('opens a batch file by the bytes of its name that its walk found, where two names in its folder read the same', async () => {
    // Latin-1 names (one byte for è, é): Node reads both as "tw\uFFFD.png", so only the bytes tell them apart.
    const [red, blue] = [Buffer.from(join(dir, 'tw\xe8.png'), 'latin1'), Buffer.from(join(dir, 'tw\xe9.png'), 'latin1')]
    const square = (r: number, b: number) => sharp({ create: { width: 8, height: 8, channels: 3, background: { r, g: 20, b } } }).png().toBuffer()
    await writeFile(red, await square(220, 20))
    await writeFile(blue, await square(20, 220))
    const source = { kind: 'path', path: join(dir, 'tw\uFFFD.png') } as const
    const result = await client.extract({ requestId: 'by-bytes', method: 'median-cut', source }, () => {}, blue)
    const [r, , b] = result.palette.swatches[0].rgb
    expect([r < 40, b > 200]).toEqual([true, true]) // the blue one, not the red
  })

  it('killed mid-request: that request fails with ENGINE_CRASHED, the next one gets a fresh process', async () => {
    // Killed once the engine says it is decoding a large picture: the request is surely in flight
    // (killed right after sending, a loaded machine could let a small image finish first).
    const doomed = client.extract({ requestId: 'doomed', method: 'median-cut', source: { kind: 'path', path: large } }, (p) => {
      if (p.stage === 'decode') children[0].kill('SIGKILL') // as a segfault in a decoder would end it
    })
    await expect(doomed).rejects.toMatchObject({ code: 'ENGINE_CRASHED' })
    const after = await extract('after')
    expect(after.palette.swatches.length).toBeGreaterThan(0)
    expect(children).toHaveLength(2)
    expect(children[1].pid).not.toBe(children[0].pid)
  })
})

describe('engine host models folder', () => {
  const MODELS = join(__dirname, '../../resources/models')
  const hostWith = (modelsDir: string): EngineClient =>
    new EngineClient({ fork: nodeEngineFork(HOST, { execArgv: ['--import', 'tsx'], env: { ...process.env, PALETTE_STUDIO_MODELS_DIR: modelsDir } }) })

  it('takes the neural models from PALETTE_STUDIO_MODELS_DIR (the packaged app passes resources/models there)', async () => {
    // The repository's own models are installed: an empty folder named by the app must win over them.
    const none = hostWith(dir)
    const packaged = await mkdtemp(join(dir, 'packaged-models-'))
    for (const f of await readdir(MODELS)) await symlink(join(MODELS, f), join(packaged, f))
    const elsewhere = hostWith(packaged)
    try {
      expect(await none.methods()).toEqual(['median-cut', 'kmeans'])
      expect(await elsewhere.methods()).toContain('neural')
      const result = await elsewhere.extract({ requestId: 'n', method: 'neural', forceCpu: true, source: { kind: 'path', path: image } })
      expect(result.palette.method).toBe('neural')
      expect(result.provider).toBe('cpu')
    } finally {
      none.dispose()
      elsewhere.dispose()
    }
  }, 60_000)
})
