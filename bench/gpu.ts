// `npm run bench:gpu -- <folder of images> [--frames <folder>] [--out <file.json>]`: the neural
// method on the machine's GPU beside its CPU, in the same run, stage by stage. It asks for each GPU
// provider on its own first (WebGPU, CUDA) and records whether it loaded and, if not, ONNX
// Runtime's own words, then times the neural palette with the engine's provider choice ('auto')
// and with 'cpu'. It writes bench-results/gpu.json unless --out says otherwise; bench/gpu/run.sh
// runs it on a lent GPU machine. docs/benchmarks.md shows docs/benchmarks-gpu.json, a run's JSON
// copied there by hand (bench/intro.md, GPU).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { basename, dirname, join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { defaultConcurrency, extractPalette, registerNeuralMethod, DEFAULT_MODELS_DIR, type ExtractResult } from '../src/main/engine'
import type { Device } from '../src/main/engine/onnx-session'
import { createSession } from '../src/main/engine/onnx-session'
import { GPU_USAGE, parseGpuArgs } from './args'
import { MissingInputError, runScript, UsageError } from './script'
import { medianStages } from './stats'

export interface ProviderProbe {
  provider: string
  /** True when a session was created on this provider itself, not on the CPU fallback. */
  loaded: boolean
  /** ONNX Runtime's error when it did not load. */
  error?: string
  /** Session creation time (ms), when it loaded. */
  createMs?: number
}

export interface GpuDeviceRun {
  device: Device
  /** The providers that ran, as the engine reports them. */
  provider: string
  images: { image: string; megapixels: number; totalMs: number; stages: Record<string, number> }[]
  throughput?: { frames: number; concurrency: number; palettesPerSecond: number }
}

export interface GpuBenchResult {
  date: string
  /** What bench/script.ts currentCommit says, or pack.sh for the device machine; absent in runs before it was recorded. */
  commit?: string
  machine: { cpu: string; cores: number; gpu: string; node: string; onnxruntime: string }
  backends: { name: string; bundled: boolean }[]
  probes: ProviderProbe[]
  runs: number
  devices: GpuDeviceRun[]
}

async function probe(provider: string, model: string): Promise<ProviderProbe> {
  const t0 = performance.now()
  try {
    const s = await createSession(model, { providers: [provider] })
    await s.session.release()
    // createSession falls back to the CPU by design; here only the asked-for provider counts.
    if (s.provider === provider) return { provider, loaded: true, createMs: performance.now() - t0 }
    return { provider, loaded: false, error: s.fallbacks.map((f) => f.error).join(' | ') }
  } catch (error) {
    return { provider, loaded: false, error: error instanceof Error ? error.message : String(error) }
  }
}

async function timeDevice(device: Device, images: string[], frames: string[], runs: number): Promise<GpuDeviceRun> {
  const handle = registerNeuralMethod({ device })
  if (!handle) throw new MissingInputError(`No models in ${DEFAULT_MODELS_DIR}: set PALETTE_STUDIO_MODELS_DIR.`)
  const rows: GpuDeviceRun['images'] = []
  let provider = ''
  for (const image of images) {
    await extractPalette(image, { method: 'neural' }) // warm-up: sessions, shaders, caches
    const timed: ExtractResult[] = []
    for (let i = 0; i < runs; i++) timed.push(await extractPalette(image, { method: 'neural' }))
    const stages = medianStages(timed.map((r) => r.timings))
    provider = timed[0].provider ?? ''
    const { width, height } = timed[0].source
    rows.push({ image: basename(image), megapixels: (width * height) / 1e6, totalMs: stages.total, stages })
    console.error(`${device} ${basename(image)}: ${JSON.stringify(stages)} (${provider})`)
  }
  const run: GpuDeviceRun = { device, provider, images: rows }
  if (frames.length > 0) {
    const concurrency = defaultConcurrency()
    // The device tool carries few frames (64 MiB in all), so the folder is gone through 5 times.
    const queue = Array.from({ length: 5 }, () => frames).flat()
    const total = queue.length
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let f = queue.shift(); f; f = queue.shift()) await extractPalette(f, { method: 'neural' })
      })
    )
    run.throughput = { frames: total, concurrency, palettesPerSecond: total / ((performance.now() - t0) / 1000) }
  }
  await handle.release()
  return run
}

async function main(): Promise<void> {
  const args = parseGpuArgs(process.argv.slice(2))
  const list = (d: string): string[] => readdirSync(d).sort().map((f) => join(d, f))
  const images = list(args.images).filter((f) => /\.(jpe?g|png|webp|tiff?)$/i.test(f))
  if (images.length === 0) throw new UsageError(`no .jpg, .png, .webp or .tiff file in ${args.images}`)
  const frames = args.frames ? list(args.frames) : []
  const runs = args.runs
  const backbone = join(DEFAULT_MODELS_DIR, 'backbone-rdn.onnx')

  const probes: ProviderProbe[] = []
  for (const provider of ['webgpu', 'cuda']) {
    probes.push(await probe(provider, backbone))
    console.error(`probe ${provider}: ${JSON.stringify(probes.at(-1))}`)
  }
  const devices: GpuDeviceRun[] = []
  for (const device of ['auto', 'cpu'] as const) devices.push(await timeDevice(device, images, frames, runs))

  const result: GpuBenchResult = {
    date: new Date().toISOString(),
    commit: args.commit,
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, gpu: args.gpu, node: process.version, onnxruntime: ort.env.versions.common },
    backends: ort.listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled })),
    probes,
    runs,
    devices
  }
  const out = args.out
  // bench-results/ does not exist in a fresh clone: the run must not end in ENOENT after its work.
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, JSON.stringify(result, null, 2))
  console.log(JSON.stringify(result, null, 2))
}

runScript(main, GPU_USAGE)
