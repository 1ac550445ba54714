// Sampled frames of a film as small RGBA images, from one ffmpeg process that decodes the film
// once, keeps the first frame at or after each sample time (`select`), scales only those, and
// streams them as raw RGBA; `showinfo` reports each kept frame's presentation time on stderr.
// One pass beat seeking to each sample (measurements in video.ts).
import { basename } from 'node:path'
import { createInterface } from 'node:readline'
import { EngineError } from './errors'
import { clock } from './film-clock'
import { cancelled, runTool, spawnTool, unreadableVideo, type FfmpegTools } from './ffmpeg'
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

/**
 * What ffmpeg is told to add to the container's times: the clock's start taken off, and one
 * microsecond (ffmpeg's unit) more. Left to itself ffmpeg takes the file's start off, except
 * that for MPEG-TS/PS, whose clocks may jump, an offset of exactly minus the file's start moves to
 * the earliest stream it decodes (5.1's process_input, "Correcting start time"): with the sound
 * left out, a picture that starts 2 s after its sound came out at 0. -copyts with an offset of
 * our own, never that one, keeps every container on the players' timeline.
 */
function clockOffset(info: Pick<VideoInfo, 'clockStartSeconds'>): number {
  return NUDGE_SECONDS - info.clockStartSeconds
}

/** ffmpeg's shift off the players' timeline: a microsecond, below what frame times are read to. */
const NUDGE_SECONDS = 1e-6

function ffmpegArgs(input: string, choice: FrameChoice, size: { width: number; height: number }, offset: number): string[] {
  // area: the same box averaging the engine's analysis image uses; full_chroma_int+accurate_rnd: no colour fringes from 4:2:0.
  const filters = [`select=${choice.select}`, `scale=${size.width}:${size.height}:flags=area+full_chroma_int+accurate_rnd`, 'setsar=1', 'format=rgba', 'showinfo']
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'info', '-copyts', '-itsoffset', offset.toFixed(6), '-i', input],
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
 * only logs it and exits 0), or that has pictures it cannot decode part-way (damage: ffmpeg skips
 * them and goes on), is CORRUPT too, after the frames it did give.
 */
export async function* decodeFrames(
  file: string,
  tools: FfmpegTools,
  info: VideoInfo,
  plan: SamplePlan,
  options: { signal?: AbortSignal; maxSide?: number } = {}
): AsyncGenerator<DecodedFrame> {
  const size = frameSize(info, options.maxSide)
  const gaps = new Gaps(file, tools, info, plan, options.signal)
  let seen = 0
  let found = 0
  let lastTime = 0
  for await (const frame of runFfmpeg(file, tools, planChoice(plan), size, info, options.signal)) {
    seen++
    lastTime = frame.timeSeconds
    if (await gaps.spoilt(frame.timeSeconds)) continue
    found++
    yield frame
  }
  if (seen === 0) {
    for await (const frame of runFfmpeg(file, tools, FIRST_FRAME, size, info, options.signal)) {
      yield frame
      return
    }
    throw new EngineError('CORRUPT', `No frames could be read from “${basename(file)}”: the video is damaged or holds no pictures.`, { file })
  }
  if (gaps.damaged.length > 0) throw new EngineError('CORRUPT', damageMessage(found, plan.count, gaps.damaged), { file })
  if (endsEarly(info, plan, lastTime)) {
    throw new EngineError('CORRUPT', `Only ${found} of ${plan.count} frames could be read: the film may be cut off.`, { file })
  }
}

/** A stretch of film between two frames that arrived, with pictures in it that did not. */
interface Damage {
  from: number
  to: number
}

function damageMessage(found: number, count: number, damaged: Damage[]): string {
  const where = damaged.map(({ from, to }) => `between ${clock(from)} and ${clock(to)}`)
  const listed = where.length > 3 ? `${where.slice(0, 3).join(', ')} and in ${where.length - 3} more places` : where.join(' and ')
  const read = found < count ? `Only ${found} of ${count} frames could be read:` : `All ${count} frames were read, but`
  return `${read} the film is damaged ${listed}, where its pictures cannot be decoded. To sample it whole, export the film again from its source.`
}

/** Slice k's start: where select begins to look for its frame. */
function sliceStart({ start, step, count, last }: SamplePlan, k: number): number {
  return k >= count - 1 ? last : start + k * step
}

/** The slice a frame's time falls in, as selectExpression counts. */
function sliceOf({ start, step, count, last }: SamplePlan, time: number): number {
  return time >= last - 1e-6 ? count - 1 : Math.floor((time - start) / step + 1e-6)
}

/**
 * Frames missing from the one pass. select keeps the first frame of each slice, so no frame was
 * decoded from the start of the slice after the last frame's to the next frame: a healthy film
 * leaves at most about a frame there. A longer stretch is damage when the container holds
 * pictures in it (their packets, read without decoding); without any it is a still (a variable
 * frame rate's screen recording). After damage, the frames up to the next keyframe are drawn from
 * what came before it (ffmpeg fills in what it lost): not the pictures of their times.
 */
class Gaps {
  readonly damaged: Damage[] = []
  private nextSlice = 0
  private lastTime: number
  /** Where frames are whole again after the last damage: its first keyframe. */
  private cleanFrom = -Infinity
  /** No frame has come yet: the stretch before the first is the film's lead-in. */
  private leading = true
  /** Most of a frame: the longest stretch a healthy film leaves, and the margin on a frame's own packet. */
  private readonly frame: number

  constructor(
    private readonly file: string,
    private readonly tools: FfmpegTools,
    private readonly info: VideoInfo,
    private readonly plan: SamplePlan,
    private readonly signal: AbortSignal | undefined
  ) {
    this.lastTime = info.startSeconds
    this.frame = info.frameRate ? 1 / info.frameRate : EARLY_END_SECONDS
  }

  /** Whether the frame at `time` comes after damage, before the film is whole again. */
  async spoilt(time: number): Promise<boolean> {
    const from = sliceStart(this.plan, this.nextSlice)
    const previous = this.lastTime
    const leading = this.leading
    this.leading = false
    this.nextSlice = sliceOf(this.plan, time) + 1
    this.lastTime = time
    if (time < this.cleanFrom - 1e-6) {
      this.damaged[this.damaged.length - 1].to = time
      return true
    }
    if (time - from <= 1.5 * this.frame) return false
    const clean = await this.cleanAfterMissing(from, time, leading)
    if (clean === undefined) return false
    this.damaged.push({ from: previous, to: time })
    this.cleanFrom = clean
    return time < clean - 1e-6
  }

  /**
   * The first keyframe from `to` on when the video stream has packets from `from` to just
   * before `to` (players' seconds), which did not decode; undefined when it has none there.
   * `leading`: the stretch before the film's first frame, where the pictures before the first
   * keyframe of a film cut mid-GOP (a TV recording, a copy cut without re-encoding) refer to ones
   * left behind: no decoder shows them, and they are no damage.
   */
  private async cleanAfterMissing(from: number, to: number, leading: boolean): Promise<number | undefined> {
    const clock = this.info.clockStartSeconds
    const end = to - this.frame / 2
    const interval = `${(from + clock).toFixed(6)}%${(to + clock + KEYFRAME_SEARCH_SECONDS).toFixed(6)}`
    const args = ['-v', 'error', '-select_streams', 'v:0', '-read_intervals', interval, '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0']
    const out = await runTool(this.tools.ffprobe, args, this.file, this.signal)
    if (out.code !== 0) throw unreadableVideo(this.file, out.stderr)
    const packets = out.stdout
      .split('\n')
      .map((line) => line.split(','))
      .map(([pts, flags]) => ({ time: Number(pts) - clock, key: flags?.startsWith('K') === true }))
      .filter((p) => Number.isFinite(p.time))
    const firstKey = packets.findIndex((p) => p.key)
    const decodable = leading ? (firstKey < 0 ? [] : packets.slice(firstKey)) : packets
    if (!decodable.some((p) => p.time >= from - 1e-6 && p.time <= end)) return undefined
    const keys = packets.filter((p) => p.key && p.time > end).map((p) => p.time)
    return keys.length > 0 ? Math.min(...keys) : to + KEYFRAME_SEARCH_SECONDS
  }
}

/** How far past damage a keyframe is looked for: keyframes come every few seconds (x264: 10 s at most by default). */
const KEYFRAME_SEARCH_SECONDS = 20

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
  info: Pick<VideoInfo, 'clockStartSeconds'>,
  signal: AbortSignal | undefined
): AsyncGenerator<DecodedFrame> {
  if (signal?.aborted) throw cancelled(signal)
  const frameBytes = size.width * size.height * 4
  const child = await spawnTool(tools.ffmpeg, file, (input) => ffmpegArgs(input, choice, size, clockOffset(info)))
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
        // To 10 µs: the nudge (kept or rounded away by the stream's time base) and floating-point dust go.
        const timeSeconds = Math.round((await times.get(index++)) * 1e5) / 1e5
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
