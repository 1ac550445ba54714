// The engine's public API: the CLI, the utility process, tests and benchmarks import from here.
export { EngineError, ENGINE_ERROR_CODES, isEngineError, type EngineErrorCode } from './errors'
export { OPAQUE_ALPHA, type RgbaImage } from './image'
export { decodeImage, DECODE_MAX_SIDE, DEFAULT_PIXEL_LIMIT, type DecodedImage, type DecodeOptions, type SourceInfo } from './decode'
export { displayCopy, type DisplayCopy } from './display-copy'
export { analysisImage, scaleAreaMap } from './area-scale'
export { medianCut } from './median-cut'
export { kmeans } from './kmeans'
export { rankSwatches } from './rank'
export { accuracyAt, scorePalette, type PaletteScore } from './score'
export {
  availableMethods,
  extractPalette,
  registerMethod,
  type ExtractInput,
  type ExtractOptions,
  type ExtractResult,
  type MethodInput,
  type MethodOutput,
  type MethodRunner
} from './extract'
export { extractFilm, openFilm, MAX_FILM_FRAMES, VIDEO_EXTENSIONS, type Film, type FilmFrame, type FilmOptions, type FilmProgress, type Sampling } from './video'
export {
  defaultConcurrency,
  extractFolder,
  MAX_CONCURRENCY,
  type BatchFailure,
  type BatchOptions,
  type BatchProgress,
  type BatchResult,
  type BatchSuccess
} from './batch'
// Registers `method: 'neural'` when the models folder has its models; ONNX Runtime and the
// model code load on the first neural extraction, not here (see neural-method.ts).
export { registerNeuralMethod, installedBackbones, DEFAULT_MODELS_DIR, type NeuralHandle } from './neural-method'
export type { NeuralOptions, NeuralPalette, NeuralResult } from './neural'
