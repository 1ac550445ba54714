// Sampled frames of a film as small RGBA images, from one ffmpeg process that decodes the film
// once, keeps the frame on show at each sample time (`select`), scales only those, and streams
// them as raw RGBA; `showinfo` reports each kept frame's presentation time on stderr. One pass
// beat seeking to each sample (measurements in video.ts).
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
  /**
   * Where each slice starts instead, once the film's frame times are known (onShowPlan): at or
   * just before the frame on show at its sample time. Never decreasing.
   */
  starts?: number[]
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
 * one too) once. Right for frames of even length; onShowPlan makes it right for any.
 */
export function planSamples(info: VideoInfo, sampling: Sampling): SamplePlan {
  const { startSeconds: start, durationSeconds: duration } = info
  const { step, count, last } = spacingOf(duration, sampling)
  const lead = leadOf(info, step)
  return { start: start + step / 2 - lead, step, count: Math.max(1, count), last: start + last - lead }
}

/** How far before its sample time a slice of planSamples starts. */
function leadOf(info: Pick<VideoInfo, 'frameRate'>, step: number): number {
  const frame = info.frameRate ? 1 / info.frameRate : 0
  return Math.min(step / 2, 0.9 * frame)
}

/**
 * The plan with each slice starting at the frame a player shows at its sample time: the last
 * frame begun by then. A slice most of a frame long cannot say which that is where frames last
 * unevenly (a variable frame rate: a phone's, a screen recording's): it kept one of several short
 * frames before the sample time, or the frame after a long one. The video's packets, read without
 * decoding (a fraction of a second for a long film), give every frame's time. Unchanged where
 * they give no times (a stream without them).
 */
export async function onShowPlan(file: string, tools: FfmpegTools, info: VideoInfo, plan: SamplePlan, signal?: AbortSignal): Promise<SamplePlan> {
  const picture = await pictureTimes(file, tools, info, signal)
  return picture ? { ...plan, starts: onShowStarts(info, plan, picture) } : plan
}

/** The video's frames: their times (players' seconds), in order, and where the last one ends. */
interface PictureTimes {
  times: number[]
  end: number
}

async function pictureTimes(file: string, tools: FfmpegTools, info: VideoInfo, signal: AbortSignal | undefined): Promise<PictureTimes | undefined> {
  const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,duration_time,flags', '-of', 'csv=p=0']
  const out = await runTool(tools.ffprobe, args, file, signal)
  if (out.code !== 0) throw unreadableVideo(file, out.stderr)
  const frame = averageFrame(info)
  const times: number[] = []
  let end = -Infinity
  for (const [pts, duration, flags] of out.stdout.split('\n').map((line) => line.split(','))) {
    // Packets the decoder drops (D: before an edit list's start) are no frames.
    if (flags === undefined || flags.includes('D')) continue
    const time = Number(pts) - info.clockStartSeconds
    if (!Number.isFinite(time)) return undefined
    times.push(time)
    end = Math.max(end, time + (Number(duration) > 0 ? Number(duration) : frame))
  }
  return times.length > 0 ? { times: times.sort((a, b) => a - b), end } : undefined
}

/** Most of the select expression the slices moved off planSamples' may take: Windows' command line holds 32,767 characters. */
const MOVED_CHARS = 20_000

/**
 * Each slice's start: planSamples' where its first frame is the one on show at the sample time,
 * else moved to just before that frame. Samples past the picture's end keep theirs (no frame comes
 * for them: the film may be cut off), and so do those past MOVED_CHARS (at most a frame off, as
 * before).
 */
function onShowStarts(info: VideoInfo, plan: SamplePlan, { times, end }: PictureTimes): number[] {
  const lead = leadOf(info, plan.step)
  const frame = averageFrame(info)
  const starts: number[] = []
  let room = MOVED_CHARS
  for (let k = 0; k < plan.count; k++) {
    const planned = plannedStart(plan, k)
    const time = planned + lead
    // The last frame begun by the sample time; before the first frame, a player shows the first.
    const shown = Math.max(0, lastAtOrBefore(times, time + 1e-6))
    const before = times[shown - 1] ?? -Infinity
    const plannedShows = before < planned - 1e-6 && planned <= times[shown] + 1e-6
    const wanted = time < end && !plannedShows ? startBefore(before, times[shown], frame) : planned
    // Samples on the same frame share its start: a moved one may fall after a planned one there.
    const start = Math.max(wanted, starts.at(-1) ?? -Infinity)
    room -= start === planned ? 0 : movedLength(k, start)
    starts.push(room >= 0 ? start : planned)
  }
  return starts
}

/** Index of the last of the sorted `times` at or before `time`; -1 when there is none. */
function lastAtOrBefore(times: number[], time: number): number {
  let [low, high] = [0, times.length]
  while (low < high) {
    const middle = (low + high) >> 1
    if (times[middle] <= time) low = middle + 1
    else high = middle
  }
  return low - 1
}

/**
 * A slice start for the frame at `frame` whose frame before is at `before`: from a half to a
 * quarter of the gap before it (of a frame, at most), well clear of both frames' times however
 * ffmpeg rounds them, in as few digits as that allows (the select expression holds each).
 */
function startBefore(before: number, frame: number, frameLength: number): number {
  const gap = Math.min(frame - before, frameLength)
  const [low, high] = [frame - gap / 2, frame - gap / 4]
  for (let digits = 0; digits < 9; digits++) {
    const start = Number(((low + high) / 2).toFixed(digits))
    if (start >= low && start <= high) return start
  }
  return (low + high) / 2
}

/** Seconds a frame lasts, on average; half a second for a film that does not say. */
const averageFrame = (info: Pick<VideoInfo, 'frameRate'>): number => (info.frameRate ? 1 / info.frameRate : EARLY_END_SECONDS)

/** Frame size for the engine: aspect kept, long side at most `maxSide`, never enlarged. */
export function frameSize(info: Pick<VideoInfo, 'width' | 'height'>, maxSide = FRAME_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(info.width, info.height))
  return { width: Math.max(1, Math.round(info.width * scale)), height: Math.max(1, Math.round(info.height * scale)) }
}

/**
 * ffmpeg's select expression: the first frame whose time falls in each sample's slice. Variables:
 * 0, how many of planSamples' slices have started by the frame's time t; 1, the slice t is in,
 * counting the starts moved off planSamples' (each adds its own start and takes off the planned
 * one); 2, whether to keep the frame; 3, the slice of the last frame kept.
 */
function selectExpression(plan: SamplePlan): string {
  const { start, step, count, last } = plan
  // The 1e-6 keeps a frame exactly on a slice's start in that slice despite rounding.
  const planned = `if(gte(t\\,${last}-1e-6)\\,${count - 1}\\,floor((t-${start})/${step}+1e-6))`
  const moved = (plan.starts ?? []).flatMap((s, k) => (s === plannedStart(plan, k) ? [] : [movedTerm(k, s)]))
  const steps = [
    `st(0\\,max(0\\,${planned}+1))`,
    `st(1\\,ld(0)-1${moved.length > 0 ? `+${sum(moved)}` : ''})`,
    `st(2\\,gte(ld(1)\\,0)*(isnan(prev_selected_t)+gt(ld(1)\\,ld(3))))`,
    `if(ld(2)\\,st(3\\,ld(1)))`,
    'ld(2)'
  ]
  return steps.join('\\;')
}

/** The select expression's part for slice k starting at `start` rather than where planSamples put it. */
const movedTerm = (k: number, start: number): string => `gte(t\\,${start})-gte(ld(0)\\,${k + 1})`

/** Characters each moved term adds to the select expression: its own, and its place in sum's brackets. */
const movedLength = (k: number, start: number): number => movedTerm(k, start).length + 3

/**
 * `terms` added up two by two, in brackets: ffmpeg's expression parser refuses a sum nested or
 * chained about a hundred deep (one term after another counts as deeper each).
 */
function sum(terms: string[]): string {
  if (terms.length === 1) return terms[0]
  const half = terms.length >> 1
  return `(${sum(terms.slice(0, half))}+${sum(terms.slice(half))})`
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
function sliceStart(plan: SamplePlan, k: number): number {
  return plan.starts?.[Math.min(k, plan.count - 1)] ?? plannedStart(plan, k)
}

/** Where planSamples starts slice k. */
function plannedStart({ start, step, count, last }: SamplePlan, k: number): number {
  return k >= count - 1 ? last : start + k * step
}

/** The slice a frame's time falls in, as selectExpression counts. */
function sliceOf({ start, step, count, last, starts }: SamplePlan, time: number): number {
  if (starts) return lastAtOrBefore(starts, time + 1e-6)
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
    this.frame = averageFrame(info)
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
  const lastSlice = sliceOf(plan, lastFrameTime)
  if (lastSlice + 1 >= plan.count) return false
  const firstMissing = sliceStart(plan, lastSlice + 1)
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
