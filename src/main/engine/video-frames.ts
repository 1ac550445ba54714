// Sampled frames of a film as small RGBA images, from one ffmpeg process that decodes the film
// once, keeps the first frame at or after each sample time (`select`), scales only those, and
// streams them as raw RGBA; `showinfo` reports each kept frame's presentation time on stderr.
// One pass beat seeking to each sample (measurements in video.ts).
import { basename } from 'node:path'
import { createInterface } from 'node:readline'
import { EngineError } from './errors'
import { cancelled, spawnTool, unreadableVideo, type FfmpegTools } from './ffmpeg'
import type { RgbaImage } from './image'
import type { VideoInfo } from './video-probe'
import { spacingOf, type Sampling } from '../../shared/sample-spacing'

export type { Sampling }

/**
 * Sample k takes the first frame of its slice, from start + k·step (seconds, the players'
 * timeline) to the next slice, for k < count; the last slice starts at `last` (its stretch of film
 * may be shorter than a step) and runs to the end.
 */
interface SamplePlan {
  start: number
  step: number
  count: number
  last: number
}

export interface DecodedFrame {
  /** Presentation time of the decoded frame, in seconds from the start of the file. */
  timeSeconds: number
  image: RgbaImage
}

/** Long side of the frames handed to the engine: what decodeImage's shrink-on-load gives too. */
const FRAME_MAX_SIDE = 512

/**
 * The frame on show at each sample time of spacingOf, the app's strip's too, as a player seeking
 * there shows: select keeps the first frame after a slice's start, so each slice starts most of a
 * frame before its sample time (never the fade-in first frame, nor past the end). Not before the
 * slice's own stretch of film, so that a film with N frames or fewer gives every frame (the first
 * one too) once.
 */
export function planSamples(info: VideoInfo, sampling: Sampling): SamplePlan {
  const { startSeconds: start, durationSeconds: duration } = info
  const { step, count, last } = spacingOf(duration, sampling)
  const frame = info.frameRate ? 1 / info.frameRate : 0
  const lead = Math.min(step / 2, 0.9 * frame)
  return { start: start + step / 2 - lead, step, count: Math.max(1, count), last: start + last - lead }
}

/** Frame size for the engine: aspect kept, long side at most `maxSide`, never enlarged. */
export function frameSize(info: Pick<VideoInfo, 'width' | 'height'>, maxSide = FRAME_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(info.width, info.height))
  return { width: Math.max(1, Math.round(info.width * scale)), height: Math.max(1, Math.round(info.height * scale)) }
}

/** ffmpeg's select expression: the first frame whose time falls in each sample's slice [start + k·step, …). */
function selectExpression({ start, step, count, last }: SamplePlan): string {
  // The 1e-6 keeps a frame exactly on a slice's start in that slice despite rounding.
  const slice = (t: string) => `if(gte(${t}\\,${last}-1e-6)\\,${count - 1}\\,floor((${t}-${start})/${step}+1e-6))`
  return `gte(${slice('t')}\\,0)*lt(${slice('t')}\\,${count})*(isnan(prev_selected_t)+gt(${slice('t')}\\,${slice('prev_selected_t')}))`
}

/** What one ffmpeg pass keeps: a `select` expression and the most frames it may output. */
interface FrameChoice {
  select: string
  frames: number
}

/** The film's first frame, whatever its time: the fallback when no frame falls in any sample's slice. */
const FIRST_FRAME: FrameChoice = { select: '1', frames: 1 }

const planChoice = (plan: SamplePlan): FrameChoice => ({ select: selectExpression(plan), frames: plan.count })

function ffmpegArgs(input: string, choice: FrameChoice, size: { width: number; height: number }): string[] {
  // area: the same box averaging the engine's analysis image uses; full_chroma_int+accurate_rnd: no colour fringes from 4:2:0.
  const filters = [`select=${choice.select}`, `scale=${size.width}:${size.height}:flags=area+full_chroma_int+accurate_rnd`, 'setsar=1', 'format=rgba', 'showinfo']
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'info', '-i', input],
    ...['-map', '0:v:0', '-an', '-sn', '-dn', '-vf', filters.join(','), '-frames:v', String(choice.frames)],
    // passthrough: one output frame per selected frame (no duplicates to fill a constant rate); -vsync is the spelling every ffmpeg ≥ 4 accepts.
    ...['-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1']
  ]
}

/**
 * The frames the plan samples. When none falls in a slice (a one-frame clip, a still image named
 * .mp4: its only frame, at 0 s, comes before the first sample time), the first frame stands for
 * the film; when not even that decodes, the film is CORRUPT rather than a strip of no palettes.
 * A film whose frames stop well before its recorded length (cut off while it was copied: ffmpeg
 * only logs it and exits 0) is CORRUPT too, after the frames it did give.
 */
export async function* decodeFrames(
  file: string,
  tools: FfmpegTools,
  info: VideoInfo,
  plan: SamplePlan,
  options: { signal?: AbortSignal; maxSide?: number } = {}
): AsyncGenerator<DecodedFrame> {
  for (const choice of [planChoice(plan), FIRST_FRAME]) {
    let found = 0
    let lastTime = 0
    for await (const frame of runFfmpeg(file, tools, choice, frameSize(info, options.maxSide), options.signal)) {
      found++
      lastTime = frame.timeSeconds
      yield frame
    }
    if (found === 0) continue
    if (choice !== FIRST_FRAME && endsEarly(info, plan, lastTime)) {
      throw new EngineError('CORRUPT', `Only ${found} of ${plan.count} frames could be read: the film may be cut off.`, { file })
    }
    return
  }
  throw new EngineError('CORRUPT', `No frames could be read from “${basename(file)}”: the video is damaged or holds no pictures.`, { file })
}

/**
 * How far before the film's recorded end a sample may go without a frame. A whole film's last
 * sample can fall a hair past its last frame (a length rounded up, a slice between two frames),
 * never this far.
 */
const EARLY_END_SECONDS = 0.5

/**
 * The frames stopped while samples after the last one that arrived were due well inside the
 * film's recorded length. Only frames in selected slices arrive, so the last one's time says
 * nothing about where the film ends; a whole film has frames in every slice it covers (or, when
 * slices are shorter than a frame, in a later one).
 */
export function endsEarly(info: Pick<VideoInfo, 'startSeconds' | 'durationSeconds' | 'frameRate'>, plan: SamplePlan, lastFrameTime: number): boolean {
  if (lastFrameTime >= plan.last - 1e-6) return false
  const lastSlice = Math.floor((lastFrameTime - plan.start) / plan.step + 1e-6)
  if (lastSlice + 1 >= plan.count) return false
  const firstMissing = lastSlice + 2 === plan.count ? plan.last : plan.start + (lastSlice + 1) * plan.step
  const frameSeconds = info.frameRate ? 1 / info.frameRate : 0
  return firstMissing < info.startSeconds + info.durationSeconds - Math.max(EARLY_END_SECONDS, 2 * frameSeconds)
}

async function* runFfmpeg(
  file: string,
  tools: FfmpegTools,
  choice: FrameChoice,
  size: { width: number; height: number },
  signal: AbortSignal | undefined
): AsyncGenerator<DecodedFrame> {
  if (signal?.aborted) throw cancelled(signal)
  const frameBytes = size.width * size.height * 4
  const child = await spawnTool(tools.ffmpeg, file, (input) => ffmpegArgs(input, choice, size))
  const times = new FrameTimes(child.stderr)
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error) => reject(new EngineError('FFMPEG_MISSING', undefined, { cause: error, file })))
    child.on('close', resolve)
  })
  exited.catch(() => undefined) // observed below; this only stops an unhandled-rejection report meanwhile
  const kill = () => child.kill('SIGKILL')
  signal?.addEventListener('abort', kill, { once: true })
  // Cancelled while the film's name was looked up (raw-path.ts), before the listener was there.
  if (signal?.aborted) kill()
  try {
    let pending: Buffer = Buffer.alloc(0)
    let index = 0
    // Async iteration reads stdout only as fast as frames are consumed, so ffmpeg waits for the engine.
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
      while (pending.length >= frameBytes) {
        const data = new Uint8Array(pending.subarray(0, frameBytes))
        pending = pending.subarray(frameBytes)
        const timeSeconds = await times.get(index++)
        yield { timeSeconds, image: { width: size.width, height: size.height, data } }
      }
    }
    const code = await exited
    if (signal?.aborted) throw cancelled(signal)
    if (code !== 0) throw unreadableVideo(file, times.log())
    if (pending.length > 0) throw new EngineError('INTERNAL', 'ffmpeg stopped in the middle of a frame.', { file })
  } catch (error) {
    throw signal?.aborted ? cancelled(signal) : error
  } finally {
    // Also reached when the consumer stops early (break, an error in its loop body).
    signal?.removeEventListener('abort', kill)
    if (child.exitCode === null && child.signalCode === null) kill()
  }
}

/** The `pts_time:` of each frame showinfo prints, in output order, plus the last lines for error messages. */
class FrameTimes {
  private readonly times: number[] = []
  private readonly waiting = new Map<number, (time: number | undefined) => void>()
  private readonly tail: string[] = []
  private ended = false

  constructor(stderr: NodeJS.ReadableStream) {
    const lines = createInterface({ input: stderr, crlfDelay: Infinity })
    lines.on('line', (line) => this.take(line))
    lines.on('close', () => {
      this.ended = true
      for (const [index, resolve] of this.waiting) resolve(this.times[index])
      this.waiting.clear()
    })
  }

  /** The time of output frame `index`; showinfo prints it before ffmpeg writes the frame, but the pipes race. */
  async get(index: number): Promise<number> {
    const time =
      this.times[index] ?? (this.ended ? undefined : await new Promise<number | undefined>((resolve) => this.waiting.set(index, resolve)))
    if (time === undefined) throw new EngineError('INTERNAL', 'ffmpeg did not report the time of a frame.')
    return time
  }

  log(): string {
    return this.tail.join('\n')
  }

  private take(line: string): void {
    const match = /Parsed_showinfo.*\bpts_time:\s*(-?[\d.e+-]+)/.exec(line)
    if (!match) {
      this.tail.push(line)
      if (this.tail.length > 20) this.tail.shift()
      return
    }
    const index = this.times.push(Number(match[1])) - 1
    this.waiting.get(index)?.(this.times[index])
    this.waiting.delete(index)
  }
}
