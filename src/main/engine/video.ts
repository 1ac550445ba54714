// Palettes of a film's frames (the command line's film mode): probe the film, sample frames with
// one ffmpeg process, and take each frame's palette as the engine takes an image's.
//
// Why one pass with `select` rather than seeking to each sample, measured on a 1-minute 1080p30
// H.264 film (x264, a keyframe every 8.3 s) on a shared 2-core machine: 100 samples in one pass
// 16 s; seeking (`-ss T -i film -frames:v 1`, one process per sample) 20 s for 10 samples and
// 227 s for 100, since every seek decodes from the keyframe before it. Seeking would only win for
// a few samples spread over a long film.
import { FFMPEG_ONLY_FILM_EXTENSIONS, VIDEO_EXTENSIONS as PLAYER_EXTENSIONS } from '../../shared/media-types'
import type { Method, Palette } from '../../shared/palette'
import { EngineError } from './errors'
import { extractPalette } from './extract'
import { cancelled, findFfmpeg, type FfmpegTools } from './ffmpeg'
import { decodeFrames, onShowPlan, planSamples, type Sampling } from './video-frames'
import type { VideoInfo } from './video-probe'

export type { Sampling }

/**
 * Film files the command line recognises by name: those the app plays, and those only ffmpeg
 * reads (each checked end to end with Debian's ffmpeg: AVI/MPEG-4, MPEG-TS/H.264, 3GP, MPEG-1…).
 */
export const VIDEO_EXTENSIONS: readonly string[] = [...PLAYER_EXTENSIONS, ...FFMPEG_ONLY_FILM_EXTENSIONS].map((e) => `.${e}`)

/** Most frames one run samples: a strip of 10,000 palettes is already more than a screen shows. */
export const MAX_FILM_FRAMES = 10_000

interface FilmProgress {
  /** Frames done so far, and how many the plan asks for (the film may hold fewer: a short clip asked for 100). */
  done: number
  total: number
}

interface FilmOptions {
  method: Method
  sampling: Sampling
  signal?: AbortSignal
  onProgress?: (progress: FilmProgress) => void
  /** Where to look for ffmpeg and ffprobe (PATH syntax); the process's PATH by default. */
  searchPath?: string
}

export interface FilmFrame {
  /** 0-based position in the strip. */
  index: number
  /** Presentation time of the frame the palette comes from, in seconds. */
  timeSeconds: number
  palette: Palette
  /** The median-cut palette of the same frame (the paper's ground truth). */
  groundTruth: Palette
  /** Milliseconds this frame took: waiting for its decode plus its palette. */
  ms: number
}

interface Film {
  info: VideoInfo
  /** Samples the plan asks for. */
  total: number
  frames: AsyncGenerator<FilmFrame, void, undefined>
}

/** A sampling that would take more than MAX_FILM_FRAMES from this film (--every too small for its length). */
export class TooManyFramesError extends RangeError {
  override readonly name = 'TooManyFramesError'

  constructor(readonly frames: number) {
    super(`That would sample ${frames} frames; at most ${MAX_FILM_FRAMES} are taken from one film.`)
  }
}

/** Probe first (so a caller can show the film's length and the total), then stream frames. */
export async function openFilm(file: string, options: FilmOptions): Promise<Film> {
  checkSampling(options.sampling)
  const tools = await findFfmpeg(options.searchPath)
  // Loaded here: the probe's schema brings zod, which the engine index (every process's cold
  // start) should not load for images.
  const { probeVideo } = await import('./video-probe')
  const info = await probeVideo(file, tools, options.signal)
  const plan = planSamples(info, options.sampling)
  if (plan.count > MAX_FILM_FRAMES) throw new TooManyFramesError(plan.count)
  return { info, total: plan.count, frames: filmFrames(file, tools, info, plan, options) }
}

/** The frames of a film with their palettes, as they are decoded. */
export async function* extractFilm(file: string, options: FilmOptions): AsyncGenerator<FilmFrame, void, undefined> {
  yield* (await openFilm(file, options)).frames
}

async function* filmFrames(
  file: string,
  tools: FfmpegTools,
  info: VideoInfo,
  plan: ReturnType<typeof planSamples>,
  options: FilmOptions
): AsyncGenerator<FilmFrame, void, undefined> {
  const { signal, onProgress } = options
  onProgress?.({ done: 0, total: plan.count })
  let index = 0
  let started = performance.now()
  for await (const frame of decodeFrames(file, tools, info, await onShowPlan(file, tools, info, plan, signal), { signal })) {
    const result = await extractPalette(frame.image, { method: options.method, signal })
    if (!result.groundTruth) throw new EngineError('INTERNAL', 'The engine gave no ground-truth palette for a frame.', { file })
    const ms = Math.round((performance.now() - started) * 100) / 100
    onProgress?.({ done: index + 1, total: plan.count })
    yield { index: index++, timeSeconds: frame.timeSeconds, palette: result.palette, groundTruth: result.groundTruth, ms }
    if (signal?.aborted) throw cancelled(signal)
    started = performance.now()
  }
}

function checkSampling(sampling: Sampling): void {
  if ('frames' in sampling) {
    if (!Number.isInteger(sampling.frames) || sampling.frames < 1 || sampling.frames > MAX_FILM_FRAMES) {
      throw new RangeError(`The number of frames must be a whole number from 1 to ${MAX_FILM_FRAMES} (got ${sampling.frames}).`)
    }
  } else if (!Number.isFinite(sampling.everySeconds) || sampling.everySeconds <= 0) {
    throw new RangeError(`The time between frames must be more than 0 seconds (got ${sampling.everySeconds}).`)
  }
}
