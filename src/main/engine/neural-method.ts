// Registers `method: 'neural'` without loading it. neural.ts brings in ONNX Runtime and zod,
// which a process that never asks for the neural palette (the CLI's median cut, a cold engine
// host answering getAppInfo) should not pay for: the registry gets a small runner that imports
// neural.ts on its first call and makes the NeuralPalette with the options registered here.
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { registerMethod, type MethodRunner } from './extract'
import type { NeuralOptions, NeuralPalette } from './neural'

/**
 * Where the models are: PALETTE_STUDIO_MODELS_DIR (the app sets it, inside the package or the
 * repository), else the repository's resources/models.
 */
export const DEFAULT_MODELS_DIR = process.env['PALETTE_STUDIO_MODELS_DIR'] || resolve(__dirname, '..', '..', '..', 'resources', 'models')

/**
 * The backbone of the models at the top of the models folder. A generator trained on another
 * backbone's features, with its agent, lives in a subfolder named after that backbone
 * (resources/models/rrdn/); the backbone ONNX files themselves stay at the top, shared.
 */
const DEFAULT_BACKBONE = 'rdn'

/** The folder holding the models.json, generator and agent trained for `backbone`. */
export function backboneDir(modelsDir: string, backbone: string = DEFAULT_BACKBONE): string {
  return backbone === DEFAULT_BACKBONE ? modelsDir : join(modelsDir, backbone)
}

/** Backbones with a trained generator in the models folder: the default first, then the subfolders. */
export function installedBackbones(modelsDir: string = DEFAULT_MODELS_DIR): string[] {
  if (!existsSync(modelsDir)) return []
  const others = readdirSync(modelsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(modelsDir, d.name, 'models.json')))
    .map((d) => d.name)
  return [...(existsSync(join(modelsDir, 'models.json')) ? [DEFAULT_BACKBONE] : []), ...others.sort()]
}

/**
 * The registration: `prepare()` makes the model sessions ahead of the first palette, `release()`
 * frees them, at once or when the palettes still using them are done.
 */
interface NeuralHandle {
  readonly modelsDir: string
  prepare(): Promise<void>
  release(): Promise<void>
}

let active: NeuralHandle | undefined

/**
 * Makes `method: 'neural'` available when models.json is in the models folder (the backbone's
 * subfolder for another backbone), so that availableMethods() lists it exactly when the models
 * are installed. Called again (e.g. with `device: 'cpu'` or another backbone) it replaces the
 * previous registration and releases its sessions once the palettes running on them are done.
 * Returns undefined, registering nothing, when the models are missing.
 */
export function registerNeuralMethod(opts: NeuralOptions = {}): NeuralHandle | undefined {
  const modelsDir = opts.modelsDir ?? DEFAULT_MODELS_DIR
  if (!existsSync(join(backboneDir(modelsDir, opts.backbone), 'models.json'))) return undefined
  let neural: Promise<NeuralPalette> | undefined
  const load = (): Promise<NeuralPalette> =>
    (neural ??= import('./neural').then(({ NeuralPalette }) => new NeuralPalette({ ...opts, modelsDir })))
  // The engine host runs several palettes at once and registers again when a request asks for the
  // other device: the sessions are freed only once no palette is using them, or its next model
  // run would fail with "Session already disposed". A palette that picked this runner before the
  // switch and reaches it afterwards makes the sessions again, and they are freed when it is done.
  let using = 0
  let released = false
  const freeIfUnused = async (): Promise<void> => {
    if (released && using === 0 && neural) await (await neural).release()
  }
  const use = async <T>(work: (palette: NeuralPalette) => Promise<T>): Promise<T> => {
    using++
    try {
      return await work(await load())
    } finally {
      using--
      void freeIfUnused()
    }
  }
  const runner: MethodRunner = ({ decoded, analysis }) => use((palette) => palette.extract(decoded, analysis))
  const handle: NeuralHandle = {
    modelsDir,
    prepare: () => use((palette) => palette.prepare()),
    release: () => {
      released = true
      return freeIfUnused()
    }
  }
  const previous = active
  active = handle
  registerMethod('neural', runner)
  void previous?.release()
  return handle
}

registerNeuralMethod()
