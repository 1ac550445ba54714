// method 'neural' registered without loading it: the engine index stays light to import (no ONNX
// Runtime, no zod), lists 'neural' exactly when the models folder has models.json, and the last
// registration's options (the CLI's --cpu, the engine host's folder) are the ones that run.
import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import * as ort from 'onnxruntime-node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { availableMethods, extractPalette } from '../../../src/main/engine/extract'
import { backboneDir, DEFAULT_MODELS_DIR, installedBackbones, registerNeuralMethod } from '../../../src/main/engine/neural-method'
import { bands } from './helpers'

const ROOT = join(__dirname, '../../..')
let empty: string
let broken: string

beforeAll(async () => {
  empty = await mkdtemp(join(tmpdir(), 'no-models-'))
  // models.json without the networks it names: a palette from this folder cannot be made.
  broken = await mkdtemp(join(tmpdir(), 'broken-models-'))
  await copyFile(join(DEFAULT_MODELS_DIR, 'models.json'), join(broken, 'models.json'))
})
afterAll(async () => {
  await rm(empty, { recursive: true, force: true })
  await rm(broken, { recursive: true, force: true })
})

/** Runs `code` in a fresh Node process (tsx loads the TypeScript) and parses the JSON it prints last. */
async function inFreshProcess(code: string, env: NodeJS.ProcessEnv = {}): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: ROOT,
    env: { ...process.env, ...env }
  })
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>
}

const LOADED = `(() => Object.keys(require.cache).filter((f) => /onnxruntime-node|[\\\\/]zod[\\\\/]|engine[\\\\/]neural\\.ts$/.test(f)).length)`

describe('neural method registration', () => {
  it('importing the engine loads neither ONNX Runtime, zod nor the neural module; the first neural palette does', async () => {
    const out = await inFreshProcess(`
      const engine = require('./src/main/engine/index.ts')
      const loaded = ${LOADED}
      const before = loaded()
      engine.registerNeuralMethod({ device: 'cpu' })
      const img = { width: 8, height: 8, data: new Uint8Array(256).fill(200) }
      engine.extractPalette(img, { method: 'neural' }).then((r) => {
        console.log(JSON.stringify({ methods: engine.availableMethods(), before, after: loaded(), provider: r.provider, n: r.palette.swatches.length }))
      })`)
    expect(out).toMatchObject({ before: 0, provider: 'cpu' })
    expect(out.after).toBeGreaterThan(0)
    expect(out.methods).toContain('neural')
    expect(out.n).toBeGreaterThan(0)
  }, 60_000)

  it('lists neural only when the models folder (PALETTE_STUDIO_MODELS_DIR) has models.json', async () => {
    const code = `const e = require('./src/main/engine/index.ts'); console.log(JSON.stringify({ methods: e.availableMethods(), dir: e.DEFAULT_MODELS_DIR }))`
    expect(await inFreshProcess(code, { PALETTE_STUDIO_MODELS_DIR: empty })).toEqual({ methods: ['median-cut', 'kmeans'], dir: empty })
    expect(await inFreshProcess(code, { PALETTE_STUDIO_MODELS_DIR: '' })).toEqual({
      methods: ['median-cut', 'kmeans', 'neural'],
      dir: join(ROOT, 'resources', 'models')
    })
  }, 60_000)

  it('registers nothing for a folder without models', () => {
    expect(registerNeuralMethod({ modelsDir: empty })).toBeUndefined()
  })

  it('finds another backbone\'s models in the subfolder named after it, and registers nothing for one not installed', async () => {
    const root = await mkdtemp(join(tmpdir(), 'backbones-'))
    try {
      await copyFile(join(DEFAULT_MODELS_DIR, 'models.json'), join(root, 'models.json'))
      await mkdir(join(root, 'rrdn'))
      await copyFile(join(DEFAULT_MODELS_DIR, 'models.json'), join(root, 'rrdn', 'models.json'))
      await mkdir(join(root, 'notes')) // a folder without models.json is not a backbone
      expect(installedBackbones(root)).toEqual(['rdn', 'rrdn'])
      expect(installedBackbones(empty)).toEqual([])
      expect(backboneDir(root, 'rrdn')).toBe(join(root, 'rrdn'))
      expect(backboneDir(root)).toBe(root)
      expect(registerNeuralMethod({ modelsDir: root, backbone: 'edsr' })).toBeUndefined()
      expect(registerNeuralMethod({ modelsDir: root, backbone: 'rrdn', device: 'cpu' })?.modelsDir).toBe(root)
    } finally {
      registerNeuralMethod({ device: 'cpu' })
      await rm(root, { recursive: true, force: true })
    }
  })

  it('the latest registration runs, even one made before the neural module loaded', async () => {
    const img = bands(8, [{ rgb: [200, 30, 40], rows: 4 }, { rgb: [20, 110, 200], rows: 4 }])
    expect(registerNeuralMethod({ modelsDir: broken, device: 'cpu' })?.modelsDir).toBe(broken)
    expect(availableMethods()).toContain('neural')
    // Loading neural.ts registers its own default instance; the broken folder must still be the one used.
    await expect(extractPalette(img, { method: 'neural' })).rejects.toThrow()
    await expect(extractPalette(img, { method: 'neural' })).rejects.toThrow()
    const handle = registerNeuralMethod({ device: 'cpu' })
    const result = await extractPalette(img, { method: 'neural' })
    expect(result.provider).toBe('cpu')
    await handle?.release()
  }, 60_000)

  it('lets the palettes already running finish when the device changes mid-batch (the app’s “Use the CPU” during a folder)', async () => {
    const img = bands(8, [{ rgb: [200, 30, 40], rows: 4 }, { rgb: [20, 110, 200], rows: 4 }])
    const before = registerNeuralMethod({ device: 'auto' })
    await before?.prepare()
    // The first model run of the palette in flight waits until the engine host has switched devices.
    const sessions = (ort.InferenceSession as unknown as { prototype: ort.InferenceSession }).prototype
    const run = sessions.run as (this: ort.InferenceSession, feeds: ort.InferenceSession.FeedsType) => Promise<ort.InferenceSession.ReturnType>
    let started!: () => void
    const running = new Promise<void>((resolve) => (started = resolve))
    let switched!: () => void
    const afterSwitch = new Promise<void>((resolve) => (switched = resolve))
    const held = vi.spyOn(sessions, 'run').mockImplementationOnce(async function (this: ort.InferenceSession, feeds) {
      started()
      await afterSwitch
      return run.call(this, feeds)
    })
    const released = vi.spyOn(sessions, 'release')
    try {
      const inFlight = extractPalette(img, { method: 'neural' })
      await running
      const after = registerNeuralMethod({ device: 'cpu' })
      // Give a release that does not wait for the palette the time to dispose of its sessions.
      await new Promise((resolve) => setImmediate(resolve))
      switched()
      expect((await inFlight).palette.swatches.length).toBeGreaterThan(0)
      // The old sessions are freed once nothing uses them, and the new registration runs.
      await before?.release()
      expect(released).toHaveBeenCalled()
      expect((await extractPalette(img, { method: 'neural' })).provider).toBe('cpu')
      await after?.release()
    } finally {
      held.mockRestore()
      released.mockRestore()
      registerNeuralMethod({ device: 'cpu' })
    }
  }, 60_000)
})
