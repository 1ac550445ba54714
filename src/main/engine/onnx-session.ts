// The one module that touches ONNX Runtime. It picks execution providers per platform (the
// GPU first, the CPU as the fallback), creates each model's session lazily and once, reports
// which provider really runs it, and releases sessions when asked.
//
// ONNX Runtime does not fall back by itself: a session asked for WebGPU with no adapter fails
// outright. So each GPU provider is tried on its own, and the CPU is the last resort.
// Note: session.run() blocks the calling process (microsoft/onnxruntime#26968); callers in the
// app run inference in a utility process.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, delimiter, dirname, join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { shortened } from '../../shared/names'

/** 'auto': the platform's GPU providers, then CPU. 'cpu': CPU only. */
export type Device = 'auto' | 'cpu'

/** GPU execution providers worth trying, best first, by platform. */
const GPU_PROVIDERS: Readonly<Partial<Record<NodeJS.Platform, readonly string[]>>> = {
  win32: ['dml'],
  darwin: ['coreml'],
  linux: ['webgpu', 'cuda']
}

/**
 * `vulkan`: whether Linux has a GPU's Vulkan driver for WebGPU (Dawn) to use. Without one, Dawn
 * prints "vkCreateInstance: Found no drivers!" and more on every run before the session falls
 * back, so WebGPU is left out there; elsewhere WebGPU is not in the table.
 */
export function providersFor(device: Device, platform: NodeJS.Platform = process.platform, vulkan = platform !== 'linux' || vulkanDriverInstalled()): string[] {
  if (device === 'cpu') return ['cpu']
  const gpu = (GPU_PROVIDERS[platform] ?? []).filter((p) => p !== 'webgpu' || vulkan)
  return [...gpu, 'cpu']
}

/** Where the Vulkan loader looks for driver (ICD) manifests on Linux when no variable overrides it. */
const VULKAN_ICD_FOLDERS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'] as const

/**
 * Vulkan drivers that run on the CPU: Mesa's lavapipe and SwiftShader. WebGPU on one is the CPU
 * again, after Vulkan's warnings on stderr and about 70 ms of setup on every run.
 */
const SOFTWARE_VULKAN = /^(libvulkan_lvp|libvk_swiftshader)\./

/**
 * A GPU's Vulkan driver is installed: a manifest (.json) in the loader's folders, or in the files
 * or folders that $VK_DRIVER_FILES / $VK_ICD_FILENAMES name instead (the loader then looks nowhere
 * else), whose library is not a software driver.
 */
export function vulkanDriverInstalled(env: NodeJS.ProcessEnv = process.env, folders: readonly string[] = VULKAN_ICD_FOLDERS): boolean {
  const named = env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES
  const manifests = named ? named.split(delimiter).filter((path) => path !== '').flatMap(manifestsAt) : folders.flatMap(manifestsIn)
  return manifests.some((manifest) => !SOFTWARE_VULKAN.test(basename(driverLibrary(manifest) ?? '')))
}

/** A named manifest, or the manifests in a named folder; nothing when the path is not there. */
function manifestsAt(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false })
  return stat?.isDirectory() ? manifestsIn(path) : stat ? [path] : []
}

function manifestsIn(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .map((name) => join(folder, name))
  } catch {
    return [] // no such folder: no driver there
  }
}

/** The driver library a manifest names (ICD.library_path); undefined when it cannot be read, which the loader judges, not us. */
function driverLibrary(manifest: string): string | undefined {
  try {
    const library: unknown = JSON.parse(readFileSync(manifest, 'utf8'))?.ICD?.library_path
    return typeof library === 'string' ? library : undefined
  } catch {
    return undefined
  }
}

/**
 * onnxruntime-node lists CUDA (and TensorRT) but does not bundle them: their libraries arrive only
 * when its install script could download them. Trying one that is absent makes ONNX Runtime print
 * a page of errors on every session, so the platform table skips it unless its library is there.
 */
export function providerInstalled(provider: string, bindingDir = ortBindingDir()): boolean {
  const backend = ort.listSupportedBackends().find((b) => b.name === provider)
  // Elsewhere (DirectML in the Windows binary, CoreML on macOS) the providers ship built in.
  if (!backend || backend.bundled || process.platform !== 'linux') return true
  return existsSync(join(bindingDir, `libonnxruntime_providers_${provider}.so`))
}

function ortBindingDir(): string {
  return join(dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch)
}

interface SessionOptions {
  device?: Device
  /** Overrides the platform table (tests, benchmarks). 'cpu' is always appended. */
  providers?: readonly string[]
  /**
   * CPU threads of one session (default 1). With more, the pool's threads sleep between runs
   * instead of spinning (allow_spinning 0): spinning doubled the CPU time of the backbone's
   * threads and slowed a folder on a busy 2-core machine by a third.
   */
  threads?: number
  /**
   * The file holds its graph optimisations already (training/convert/optimise-onnx.ts): none are
   * run again. Running them on a saved graph changed nothing and cost about 60 ms of CPU at launch.
   */
  optimised?: boolean
}

export interface ModelSession {
  readonly session: ort.InferenceSession
  /** The execution provider the session was created with: 'webgpu', 'dml', 'coreml', 'cuda' or 'cpu'. */
  readonly provider: string
  /** Providers tried before it and why each failed. */
  readonly fallbacks: readonly ProviderFallback[]
}

/** A provider that was tried and failed, and why (failureReason). */
export interface ProviderFallback {
  provider: string
  error: string
}

/**
 * Why a provider failed, short enough for a status bar: the first line of its error, at most 200
 * characters (ONNX Runtime's and Dawn's messages go on with native stack traces and paths).
 */
export function failureReason(error: unknown): string {
  return shortened((error instanceof Error ? error.message : String(error)).trim().split('\n')[0].trim(), 200)
}

export async function createSession(path: string, opts: SessionOptions = {}): Promise<ModelSession> {
  const order = opts.providers
    ? [...opts.providers.filter((p) => p !== 'cpu'), 'cpu']
    : providersFor(opts.device ?? 'auto').filter((p) => providerInstalled(p))
  const fallbacks: ProviderFallback[] = []
  for (const provider of order) {
    try {
      const session = await ort.InferenceSession.create(path, {
        executionProviders: [provider],
        intraOpNumThreads: opts.threads ?? 1,
        interOpNumThreads: 1,
        ...((opts.threads ?? 1) > 1 ? { extra: { session: { intra_op: { allow_spinning: '0' } } } } : {}),
        graphOptimizationLevel: opts.optimised ? 'disabled' : 'all'
      })
      return { session, provider, fallbacks }
    } catch (error) {
      if (provider === 'cpu') throw error
      fallbacks.push({ provider, error: failureReason(error) })
    }
  }
  throw new Error('unreachable: the CPU provider is always tried last')
}

/** Sessions keyed by model path, created on first use and kept until released. */
export class SessionPool {
  private readonly sessions = new Map<string, Promise<ModelSession>>()

  constructor(private readonly opts: SessionOptions = {}) {}

  get(path: string): Promise<ModelSession> {
    let session = this.sessions.get(path)
    if (!session) {
      session = createSession(path, this.opts)
      // A failed creation is not cached: the next call tries again (e.g. after a model is installed).
      session.catch(() => this.sessions.delete(path))
      this.sessions.set(path, session)
    }
    return session
  }

  async release(): Promise<void> {
    const all = [...this.sessions.values()]
    this.sessions.clear()
    for (const pending of all) {
      const s = await pending.catch(() => undefined)
      await s?.session.release()
    }
  }
}

/** A float32 tensor as the engine builds and reads it, without onnxruntime's object. */
export interface FloatTensor {
  data: Float32Array
  dims: readonly number[]
}

/** Runs a model on float32 inputs and returns its float32 outputs, tensors disposed. */
export async function runFloat(model: ModelSession, inputs: Record<string, FloatTensor>): Promise<Record<string, FloatTensor>> {
  const feeds: Record<string, ort.Tensor> = {}
  for (const [name, { data, dims }] of Object.entries(inputs)) feeds[name] = new ort.Tensor('float32', data, dims)
  const result = await model.session.run(feeds)
  const out: Record<string, FloatTensor> = {}
  for (const [name, tensor] of Object.entries(result)) {
    out[name] = { data: Float32Array.from(tensor.data as Float32Array), dims: [...tensor.dims] }
    tensor.dispose()
  }
  return out
}
