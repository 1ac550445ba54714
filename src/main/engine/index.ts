// The engine's public API: the CLI, the utility process, tests and benchmarks import from here.
export { EngineError, ENGINE_ERROR_CODES, isEngineError, type EngineErrorCode } from './errors'
export { OPAQUE_ALPHA, type RgbaImage } from './image'
export { decodeImage, DECODE_MAX_SIDE, DEFAULT_PIXEL_LIMIT, type DecodedImage, type DecodeOptions, type SourceInfo } from './decode'
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
// Loading the neural module registers `method: 'neural'` when resources/models has its models.
export { NeuralPalette, registerNeuralMethod, DEFAULT_MODELS_DIR, type NeuralOptions, type NeuralResult } from './neural'
