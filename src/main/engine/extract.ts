// The pipeline: decode once → analysis image (area-averaged, ≤256 px) → median-cut ground truth
// (always: it is cheap and the app shows it beside ours) → the chosen method → both ranked (§2.2),
// which also gives every swatch its share (rank.ts): one order and one meaning of share for both,
// from one census of the analysis image.
import type { ExtractResult } from '../../shared/ipc-contract'
import { MAX_PREVIEW_CHARS } from '../../shared/preview-limits'
import type { Method, Swatch } from '../../shared/palette'
import { analysisImage } from './area-scale'
import { decodeImage, type DecodeOptions } from './decode'
import { EngineError } from './errors'
import { countedPixels, type RgbaImage } from './image'
import { kmeans } from './kmeans'
import { medianCut } from './median-cut'
import { previewOf, type PreviewBox } from './preview'
import { rankingCensus, rankSwatches } from './rank'
import { eachColourOnce } from './swatch'

export type { ExtractResult }
/** A path, the bytes of an image file, or pixels already decoded (the app sends video frames so). */
type ExtractInput = string | Buffer | RgbaImage

interface ExtractOptions {
  method: Method
  decode?: DecodeOptions
  /** Also make a preview (a JPEG data: URL) of the decoded image, fitted into this box: a batch's board columns show it. */
  preview?: PreviewBox
  /** Checked between stages: an aborted extraction ends with EngineError('CANCELLED'). */
  signal?: AbortSignal
  /** Told the name of each stage as it starts (the app's status line shows it). */
  onProgress?: (stage: string) => void
}

/**
 * What a method sees: the decoded image (≤512 px, for a network input) and the analysis image.
 * Never the median-cut ground truth: a method must find its palette from the pixels alone (a
 * method that could read the answer would score perfectly in evaluation and mean nothing).
 */
export interface MethodInput {
  decoded: RgbaImage
  analysis: RgbaImage
  signal?: AbortSignal
}
export interface MethodOutput {
  swatches: Swatch[]
  agentSteps?: number
  provider?: string
  providerFallbacks?: ExtractResult['providerFallbacks']
  /** The method's own stages in ms (e.g. backbone, generator, agent), reported beside the pipeline's. */
  timings?: Record<string, number>
}
export type MethodRunner = (input: MethodInput) => MethodOutput | Promise<MethodOutput>

// The method registry: the neural method registers itself here when its module is loaded
// (registerMethod('neural', ...)); until then asking for it is MODEL_MISSING.
const runners = new Map<Method, MethodRunner>([
  // The pipeline computes median cut as the ground truth anyway and reuses it for this method
  // instead of calling the runner (see extractPalette); the runner stands alone all the same.
  ['median-cut', ({ analysis }) => ({ swatches: medianCut(analysis, 5) })],
  ['kmeans', ({ analysis }) => ({ swatches: kmeans(analysis, 5) })]
])

export function registerMethod(method: Method, runner: MethodRunner): void {
  runners.set(method, runner)
}

export const availableMethods = (): Method[] => [...runners.keys()]

export async function extractPalette(input: ExtractInput, opts: ExtractOptions): Promise<ExtractResult> {
  const runner = runners.get(opts.method)
  if (!runner) throw new EngineError('MODEL_MISSING')
  const timings: Record<string, number> = {}
  const started = performance.now()
  const stage = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    if (opts.signal?.aborted) throw new EngineError('CANCELLED', undefined, { cause: opts.signal.reason })
    opts.onProgress?.(name)
    const t0 = performance.now()
    const value = await work()
    timings[name] = round(performance.now() - t0)
    return value
  }

  const decoded = await stage('decode', () => decodeInput(input, opts.decode))
  const { source } = decoded
  const image = countedPixels(decoded.image)
  const analysis = await stage('analysis', () => analysisImage(image, 256))
  const groundTruth = await stage('groundTruth', () => medianCut(analysis, 5))
  const output = await stage('extract', () =>
    opts.method === 'median-cut' ? { swatches: groundTruth } : runner({ decoded: image, analysis, signal: opts.signal })
  )
  const [truth, swatches] = await stage('rank', () => {
    const census = rankingCensus(analysis)
    const ranked = rankSwatches(census, groundTruth)
    // Median cut's palette is the ground truth itself, ranked once: the two rows are identical.
    // The others list a colour they repeat once, as median cut lists only its non-empty boxes.
    return [ranked, opts.method === 'median-cut' ? ranked : rankSwatches(census, eachColourOnce(output.swatches))]
  })
  // Of the decoded pixels themselves: no second read, and the very picture the palette came from.
  const box = opts.preview
  const preview = box && (await stage('preview', () => previewOf(decoded.image, box, MAX_PREVIEW_CHARS)))
  timings.total = round(performance.now() - started)
  // A method's stages go in under their own names unless they would hide one of the pipeline's.
  for (const [name, ms] of Object.entries(output.timings ?? {})) timings[name in timings ? `${opts.method}.${name}` : name] = round(ms)

  const result: ExtractResult = {
    palette: { method: opts.method, swatches },
    groundTruth: { method: 'median-cut', swatches: truth },
    timings,
    source: { width: source.width, height: source.height, format: source.format, hasAlpha: source.hasAlpha, space: source.space }
  }
  if (source.pages !== undefined && source.pages > 1) result.source.pages = source.pages
  if (output.agentSteps !== undefined) result.agentSteps = output.agentSteps
  if (output.provider !== undefined) result.provider = output.provider
  if (output.providerFallbacks !== undefined) result.providerFallbacks = output.providerFallbacks
  if (preview) result.preview = preview
  return result
}

async function decodeInput(
  input: ExtractInput,
  decode: DecodeOptions | undefined
): Promise<{ image: RgbaImage; source: ExtractResult['source'] }> {
  if (typeof input === 'string' || Buffer.isBuffer(input)) return decodeImage(input, decode)
  const { width, height, data } = input
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || data.length !== width * height * 4) {
    throw new EngineError('CORRUPT', `The frame is damaged: ${width} × ${height} pixels need ${width * height * 4} bytes, got ${data.length}.`)
  }
  let hasAlpha = false
  for (let i = 3; i < data.length && !hasAlpha; i += 4) hasAlpha = data[i] < 255
  return { image: input, source: { width, height, format: 'raw', hasAlpha, space: 'srgb' } }
}

const round = (ms: number): number => Math.round(ms * 100) / 100
