// The neural palette of the paper, at run time: RDN backbone (§2.1) → 4×4 pooled features →
// generator (§2.2) → RL chroma fine-tuning (§2.3) → five swatches. The shipped generator (the
// split generator, resources/models/MODEL-CARD.md) reads only the colour histogram: the
// backbone's features reach the agent's state, not the palette, where the paper's FC generator
// read them. The ranking of §2.2 is applied by extract.ts after every method. The palette comes
// from the image through the networks only: the median-cut answer is never read here.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import type { Swatch } from '../../shared/palette'
import { fineTune, type FloatPalette } from './agent'
import { EngineError } from './errors'
import { colourCells, FINE_CELLS, fineHistogram, generatorCells } from './histogram'
import type { RgbaImage } from './image'
import { failureReason, runFloat, SessionPool, type Device, type FloatTensor, type ModelSession, type ProviderFallback } from './onnx-session'
import { toRgbyTensor } from './rgby'
import { backboneDir, DEFAULT_MODELS_DIR } from './neural-method'
import { makeSwatch } from './swatch'

const ModelFile = z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })
const ModelsJson = z.object({
  version: z.number().int(),
  /** null when the generator was trained without backbone features (its ONNX has no `features` input). */
  backbone: z.object({ file: z.string(), inputSize: z.number().int().positive(), pooledGrid: z.number().int().positive() }).nullable(),
  /** optimised: the file holds ONNX Runtime's graph optimisations, saved at export. */
  generator: ModelFile.extend({ optimised: z.boolean().optional() }),
  agent: ModelFile.extend({
    step: z.number().positive(),
    repeat: z.number().int().positive(),
    maxSteps: z.number().int().nonnegative(),
    raFactor: z.number().positive(),
    raThreshold: z.number().positive()
  })
})
type ModelsDescription = z.infer<typeof ModelsJson>

export interface NeuralOptions {
  modelsDir?: string
  device?: Device
  /**
   * Which backbone's trained models to run (the CLI's --backbone): 'rdn', the default, or one
   * with a subfolder of modelsDir (see backboneDir).
   */
  backbone?: string
  /** false: the generator's palette as it is, without the RL agent (for the evaluation). */
  fineTune?: boolean
}

interface NeuralResult {
  swatches: Swatch[]
  /** Absent, as `provider`, when no model ran (an image with nothing visible): there is nothing to report. */
  agentSteps?: number
  /** Milliseconds of each network stage: backbone (with its input tensor and pooling), generator, agent. */
  timings: Record<string, number>
  /** Execution provider(s) that ran: 'cpu', 'webgpu', ... ('backbone:webgpu+generator:cpu' when mixed). */
  provider?: string
  /** The GPU providers that were tried and did not run it, and why: absent when none was. */
  providerFallbacks?: ProviderFallback[]
}

/** Mean of each block of a [1, c, h, w] map on a grid × grid layout: [1, c, grid, grid]. */
export function gridPool(t: Float32Array, c: number, h: number, w: number, grid: number): Float32Array {
  const out = new Float32Array(c * grid * grid)
  for (let ch = 0; ch < c; ch++)
    for (let gy = 0; gy < grid; gy++)
      for (let gx = 0; gx < grid; gx++) {
        const [y0, y1, x0, x1] = [Math.floor((gy * h) / grid), Math.floor(((gy + 1) * h) / grid), Math.floor((gx * w) / grid), Math.floor(((gx + 1) * w) / grid)]
        let s = 0
        for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) s += t[(ch * h + y) * w + x]
        out[(ch * grid + gy) * grid + gx] = s / ((y1 - y0) * (x1 - x0))
      }
  return out
}

/**
 * CPU threads of the backbone's session. onnxruntime runs a session on the calling (main) thread,
 * so a folder's palettes take turns there however many decode at once: a second core for the
 * backbone, one large convolution stack, took 1080p frames from 8.4–8.9 to 10.1–10.6 palettes/s on
 * 2 cores (docs/benchmarks.md). The generator and the agent, many small operators, stay on one.
 */
const BACKBONE_THREADS = Math.min(4, availableParallelism())

export class NeuralPalette {
  /** The models folder (backbone files) and the backbone's folder in it (models.json, generator, agent). */
  private readonly root: string
  private readonly dir: string
  private readonly pool: SessionPool
  /**
   * The generator and the agent always run on the CPU; only the backbone, one large convolution
   * stack, gains from a GPU. The agent is three small FC layers called once per step, and the
   * split generator a chain of small MLPs, arg-max decisions and box sums: a GPU's dispatch and
   * copy cost dominates both. On an H100 with WebGPU the agent took 8.4 ms a palette against
   * 0.8 ms on the CPU of the same machine, the generator 54–70 ms against 2.3–2.7 ms
   * (docs/benchmarks.md, GPU).
   */
  private readonly cpuPool = new SessionPool({ device: 'cpu' })
  /** The CPU sessions of generators whose files hold their optimisations (models.json's `optimised`). */
  private readonly optimisedCpuPool = new SessionPool({ device: 'cpu', optimised: true })
  /** The backbone's CPU session once its GPU session failed: as many threads as the GPU-first one's CPU fallback. */
  private readonly backboneCpuPool = new SessionPool({ device: 'cpu', threads: BACKBONE_THREADS })
  /** Models whose GPU session failed at run time, and how: they run on the CPU from then on. */
  private readonly gpuFailed = new Map<string, ProviderFallback>()
  /** Whether the engine's log has said why the GPU did not run the palette. */
  private fallbackLogged = false
  private description?: Promise<ModelsDescription>

  constructor(private readonly opts: NeuralOptions = {}) {
    this.root = opts.modelsDir ?? DEFAULT_MODELS_DIR
    this.dir = backboneDir(this.root, opts.backbone)
    this.pool = new SessionPool({ device: opts.device ?? 'auto', threads: BACKBONE_THREADS })
  }

  /** models.json, read and checked once. */
  models(): Promise<ModelsDescription> {
    this.description ??= readFile(join(this.dir, 'models.json'), 'utf8')
      .then((text) => ModelsJson.parse(JSON.parse(text)))
      .catch((cause: unknown) => {
        this.description = undefined
        throw modelFileError(join(this.dir, 'models.json'), cause)
      })
    return this.description
  }

  /**
   * Creates every session extract will use (models.json, the generator, the agent and the
   * backbone), so the first palette does not wait for them: about half a second of CPU here.
   */
  async prepare(): Promise<void> {
    const m = await this.models()
    await Promise.all([
      this.generator(m),
      this.session(join(this.dir, m.agent.file), this.cpuPool),
      ...(m.backbone ? [this.session(join(this.root, m.backbone.file))] : [])
    ])
  }

  async extract(decoded: RgbaImage, analysis: RgbaImage): Promise<NeuralResult> {
    const colours = colourCells(analysis)
    // No opaque pixel, no colour to show: the networks would invent greys. Median cut and
    // k-means give no swatches either.
    if (!colours.hist.some((share) => share > 0)) return { swatches: [], timings: {} }
    const m = await this.models()
    const [generator, agent] = await Promise.all([this.generator(m), this.session(join(this.dir, m.agent.file), this.cpuPool)])
    const takes = (name: string): boolean => generator.session.inputNames.includes(name)
    const inputs: Record<string, FloatTensor> = generatorCells(colours, takes('hist_cells'))
    // The split generator cuts the colour cube on median cut's 32-level grid (training/model/splits.py).
    if (takes('hist32')) inputs.hist32 = { data: fineHistogram(analysis), dims: [1, FINE_CELLS] }
    const sessions: Record<string, ModelSession> = { generator, agent }
    const timings: Record<string, number> = {}
    const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
      const t0 = performance.now()
      const value = await work()
      timings[stage] = performance.now() - t0
      return value
    }
    const backbone = m.backbone
    if (backbone && generator.session.inputNames.includes('features')) {
      const run = (session: ModelSession): Promise<FloatTensor> => {
        sessions.backbone = session
        return this.features(session, decoded, backbone.inputSize, backbone.pooledGrid)
      }
      inputs.features = await timed('backbone', () => this.onGpuOrCpu(join(this.root, backbone.file), run))
    }
    const out = await timed('generator', () => runFloat(generator, inputs))
    let palette: FloatPalette = [0, 1, 2, 3, 4].map((i) => Array.from(out.palette.data.subarray(3 * i, 3 * i + 3)))
    let agentSteps = 0
    if (this.opts.fineTune !== false) {
      const policy = async (embedding: Float32Array, rgby: Float32Array): Promise<Float32Array> =>
        (await runFloat(agent, { embedding: { data: embedding, dims: [1, 1024] }, palette_rgby: { data: rgby, dims: [1, rgby.length] } })).probs.data
      ;({ palette, steps: agentSteps } = await timed('agent', () => fineTune(policy, out.embedding.data, palette, m.agent)))
    }
    const provider = describeProviders(sessions)
    const providerFallbacks = this.fallbacks(Object.values(sessions), provider)
    return {
      swatches: palette.map((rgb) => makeSwatch(rgb.map((v) => v * 255), 0)),
      agentSteps,
      timings,
      provider,
      ...(providerFallbacks.length > 0 ? { providerFallbacks } : {})
    }
  }

  /**
   * Why the GPU providers tried did not run the palette: at its creation (no adapter, no driver
   * for the model) or at its first run. Whoever sees "CPU" on a machine with a GPU wonders why:
   * every result says it, and the engine's log (the CLI's stderr) says it once.
   */
  private fallbacks(used: readonly ModelSession[], provider: string): ProviderFallback[] {
    const all = [...used.flatMap((s) => s.fallbacks), ...this.gpuFailed.values()]
    if (all.length > 0 && !this.fallbackLogged) {
      this.fallbackLogged = true
      console.warn(`palette-studio: the neural palette runs on ${provider}: ${all.map((f) => `${f.provider} failed: ${f.error}`).join('; ')}`)
    }
    return all
  }

  async release(): Promise<void> {
    await Promise.all([this.pool.release(), this.cpuPool.release(), this.optimisedCpuPool.release(), this.backboneCpuPool.release()])
  }

  /**
   * `run` on the model's session in the GPU-first pool. A GPU session can be created and still
   * fail when it runs (a lost device, a kernel the driver lacks): then the model moves to the
   * CPU for good, so the user still gets a palette, and the provider reported says so.
   */
  private async onGpuOrCpu<T>(path: string, run: (session: ModelSession) => Promise<T>): Promise<T> {
    const session = await this.session(path, this.gpuFailed.has(path) ? this.backboneCpuPool : this.pool)
    try {
      return await run(session)
    } catch (error) {
      if (session.provider === 'cpu') throw error
      this.gpuFailed.set(path, { provider: session.provider, error: failureReason(error) })
      return run(await this.session(path, this.backboneCpuPool))
    }
  }

  /** Backbone feature map of the image's size×size RGBY tensor, pooled to grid×grid blocks. */
  private async features(backbone: ModelSession, decoded: RgbaImage, size: number, grid: number): Promise<FloatTensor> {
    const { features: fmap } = await runFloat(backbone, { rgby: { data: toRgbyTensor(decoded, size), dims: [1, 4, size, size] } })
    const [, c, h, w] = fmap.dims
    return { data: gridPool(fmap.data, c, h, w, grid), dims: [1, c, grid, grid] }
  }

  private generator(m: ModelsDescription): Promise<ModelSession> {
    return this.session(join(this.dir, m.generator.file), m.generator.optimised ? this.optimisedCpuPool : this.cpuPool)
  }

  private session(path: string, pool = this.pool): Promise<ModelSession> {
    return pool.get(path).catch((cause: unknown) => {
      throw modelFileError(path, cause)
    })
  }
}

/**
 * A model file that could not be loaded, named with its path: the install is incomplete (the file
 * is gone) or damaged (cut off, overwritten, not valid JSON), and either way restoring it is the fix.
 */
function modelFileError(path: string, cause: unknown): EngineError {
  const missing = !existsSync(path)
  const what = missing ? 'is missing' : 'is damaged or incomplete'
  const message = `The neural model's file ${path} ${what}, so the neural method cannot run. Reinstall Palette Studio, or restore that file from a good copy; the other methods still work.`
  return new EngineError(missing ? 'MODEL_MISSING' : 'MODEL_DAMAGED', message, { cause, file: path })
}

function describeProviders(sessions: Record<string, ModelSession>): string {
  const providers = new Set(Object.values(sessions).map((s) => s.provider))
  if (providers.size === 1) return [...providers][0]
  return Object.entries(sessions).map(([name, s]) => `${name}:${s.provider}`).join('+')
}
