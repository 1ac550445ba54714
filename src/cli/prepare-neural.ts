// Loading the neural method for a run of extract: --backbone picks whose trained models, --cpu the
// device. The engine's registration comes in as an argument, so tests can stand in for it.
import type { CliDeps } from './cli'
import { UsageError } from './extract-args'

/** The engine's neural-method registration (neural-method.ts). */
export interface NeuralRegistry {
  /** Undefined when that backbone's models are not in the models folder. */
  register: (opts: { device: 'cpu' | 'auto'; backbone?: string }) => { release(): Promise<void> } | undefined
  installedBackbones: () => string[]
}

export function neuralPreparer(registry: NeuralRegistry): NonNullable<CliDeps['prepareMethod']> {
  return async (method, { backbone, cpu }) => {
    if (method !== 'neural') return
    // Registered lazily: ONNX Runtime loads with the first neural palette, not for the others.
    const neural = registry.register({ device: cpu ? 'cpu' : 'auto', ...(backbone === undefined ? {} : { backbone }) })
    if (neural) return () => neural.release()
    const installed = registry.installedBackbones()
    // A name that is not among the installed backbones was called wrongly. With none installed it is
    // the neural method itself that is missing: the run says so as for --method neural (exit 1,
    // with where the models go), not as a mistyped name.
    if (backbone !== undefined && installed.length > 0) throw new UsageError(`Backbone "${backbone}" is not installed (installed: ${installed.join(', ')}).`)
  }
}
