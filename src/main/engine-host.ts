// Entry point of the engine process (Electron utility process in the app; a Node child process
// in tests and the test bridge). All image decoding and inference happens here, never in main.
import { DISPLAY_COPY_MAX_SIDE } from '../shared/ipc-contract'
import { availableMethods, displayCopy, extractPalette, registerNeuralMethod } from './engine'
import { currentProcessTransport, runHost, type ExtractFn } from './engine-host-core'

// The app passes where its models are (inside the package, or the repository's resources/models):
// the engine's default is resolved from its source location, which a bundle moves.
const modelsDir = process.env['PALETTE_STUDIO_MODELS_DIR'] || undefined

/** Which device the neural sessions were made for: re-made only when a request asks for the other. */
let cpuOnly: boolean | undefined
let neural: ReturnType<typeof registerNeuralMethod>
function useDevice(forceCpu: boolean): void {
  if (cpuOnly === forceCpu) return
  cpuOnly = forceCpu
  neural = registerNeuralMethod({ modelsDir, device: forceCpu ? 'cpu' : 'auto' })
}
useDevice(false)

const extract: ExtractFn = (input, options) => {
  if (options.method === 'neural') useDevice(options.forceCpu === true)
  return extractPalette(input, options)
}

runHost(currentProcessTransport(), {
  extract,
  displayCopy: (input) => displayCopy(input, DISPLAY_COPY_MAX_SIDE),
  methods: availableMethods,
  prepare: async () => neural?.prepare()
})
