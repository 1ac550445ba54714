// The engine's entry points that the shell (the CLI, the utility process) and the benchmarks use;
// the modules themselves are reached directly where a test or a tool needs one.
export { EngineError } from './errors'
export { displayCopy } from './display-copy'
export { availableMethods, extractPalette, type ExtractResult } from './extract'
export { MAX_FILM_FRAMES, VIDEO_EXTENSIONS, type FilmFrame, type Sampling } from './video'
export { defaultConcurrency } from './batch'
// Registers `method: 'neural'` when the models folder has its models; ONNX Runtime and the
// model code load on the first neural extraction, not here (see neural-method.ts).
export { registerNeuralMethod, installedBackbones, DEFAULT_MODELS_DIR } from './neural-method'
