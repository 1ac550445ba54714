// What a film is before we sample it: how long, how big as displayed, which codec. ffprobe
// reads only the container's headers (and, for a file with no recorded duration, its packets).
import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import { z } from 'zod'
import { EngineError } from './errors'
import { runTool, unreadableVideo, type FfmpegTools } from './ffmpeg'
import { withIoReason } from './io-messages'
import { pathToOpen } from './raw-path'
import { noVideoTrack } from './sniff'

export interface VideoInfo {
  /** Time of the first picture, in the timeline that players (and our frame times) use. */
  startSeconds: number
  /** Length of the video stream in seconds. */
  durationSeconds: number
  /** Size as displayed: rotation and non-square pixels applied. */
  width: number
  height: number
  /** ffmpeg's codec name: 'h264', 'vp8', 'vp9', 'prores', 'hevc'… */
  codec: string
  /** ffmpeg's container name, e.g. 'mov,mp4,m4a,3gp,3g2,mj2' or 'matroska,webm'. */
  container: string
  /** Average frames per second, when the container says. */
  frameRate?: number
  /**
   * The container's clock at the file's start (its earliest stream: MPEG-TS starts near 1.4 s, and
   * its sound often before its picture): taken off the container's times to give the players' ones.
   */
  clockStartSeconds: number
}

const seconds = z.coerce.number().finite().optional().catch(undefined)
const StreamSchema = z.object({
  codec_type: z.string(),
  codec_name: z.string().default('unknown'),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  sample_aspect_ratio: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  start_time: seconds,
  duration: seconds,
  disposition: z.object({ attached_pic: z.number().optional() }).partial().optional(),
  // Matroska keeps a stream's length only as a DURATION tag, "HH:MM:SS.nnnnnnnnn".
  tags: z.object({ rotate: z.string().optional(), DURATION: z.string().optional() }).partial().optional(),
  side_data_list: z.array(z.object({ rotation: z.number().optional() }).partial()).optional()
})
const ProbeSchema = z.object({
  streams: z.array(StreamSchema).default([]),
  format: z.object({ format_name: z.string().default('unknown'), start_time: seconds, duration: seconds }).partial().default({})
})
type Stream = z.infer<typeof StreamSchema>
type Probe = z.infer<typeof ProbeSchema>

export async function probeVideo(file: string, tools: FfmpegTools, signal?: AbortSignal): Promise<VideoInfo> {
  await checkReadable(file)
  const out = await runTool(tools.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams'], file, signal)
  if (out.code !== 0) throw unreadableVideo(file, out.stderr)
  const probe = parseProbe(out.stdout, file)
  // Cover art in an audio file shows up as a one-picture "video" stream: that is not a film.
  const video = probe.streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1)
  if (!video?.width || !video.height) throw noVideoTrack(`“${basename(file)}”`, probe.streams.some((s) => s.codec_type === 'audio'), file)
  const fileStart = probe.format.start_time ?? 0
  const startSeconds = Math.max(0, (video.start_time ?? fileStart) - fileStart)
  const durationSeconds = recordedDuration(video, probe, startSeconds) ?? (await scanDuration(file, tools, signal)) - fileStart - startSeconds
  if (!(durationSeconds > 0)) throw new EngineError('CORRUPT', 'The video has no frames that can be read.', { file })
  const info: VideoInfo = {
    startSeconds,
    durationSeconds,
    ...displaySize(video),
    codec: video.codec_name,
    container: probe.format.format_name ?? 'unknown',
    clockStartSeconds: fileStart
  }
  const frameRate = ratio(video.avg_frame_rate)
  if (frameRate !== undefined && frameRate > 0) info.frameRate = frameRate
  return info
}

/**
 * The video stream's own length, when the file records it: its duration, or Matroska's DURATION
 * tag, which ffmpeg's muxer writes as the time the stream ends (so a late start is taken off).
 * The file's duration is its longest stream's (a sound track that runs on after the picture),
 * counted from the file's start, so it stands for the video only when the video is the file's one
 * stream. Undefined sends the caller to scan the video's packets.
 */
function recordedDuration(video: Stream, probe: Probe, startSeconds: number): number | undefined {
  if (video.duration !== undefined) return video.duration
  const fileStart = probe.format.start_time ?? 0
  const end = clockSeconds(video.tags?.DURATION)
  if (end !== undefined) return end - fileStart - startSeconds
  const fileDuration = probe.format.duration
  return probe.streams.length === 1 && fileDuration !== undefined ? fileDuration - startSeconds : undefined
}

/** "00:01:02.500000000" → 62.5; undefined for anything else. */
function clockSeconds(text: string | undefined): number | undefined {
  const match = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(text?.trim() ?? '')
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : undefined
}

/** NOT_FOUND before ffprobe's own, less readable, complaint about a missing file. */
async function checkReadable(file: string): Promise<void> {
  let size: number
  const real = await pathToOpen(file)
  try {
    const handle = await open(real, 'r')
    try {
      size = (await handle.stat()).size
    } finally {
      await handle.close()
    }
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    if (code === 'EISDIR') throw new EngineError('UNSUPPORTED', 'This is a folder, not a film.', { file, cause })
    // Named as a missing image is (decode.ts), so that a run over both reads alike.
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new EngineError('NOT_FOUND', `Can't find “${basename(file)}”. It may have been moved, renamed or deleted.`, { file, cause })
    if (code === 'EACCES' || code === 'EPERM') throw new EngineError('NOT_FOUND', 'The film cannot be read: permission denied.', { file, cause })
    // The disk's other complaints (EIO, ELOOP, ...) in the app's words, not "not found".
    throw new EngineError('INTERNAL', withIoReason('The film could not be read', code), { file, cause })
  }
  // ffprobe calls it damaged; it is simply empty (a copy or download that never began), as images say.
  if (size === 0) throw new EngineError('CORRUPT', 'The film is empty (0 bytes).', { file })
}

function parseProbe(json: string, file: string) {
  try {
    return ProbeSchema.parse(JSON.parse(json))
  } catch (cause) {
    throw new EngineError('INTERNAL', 'ffprobe described the film in a way Palette Studio did not understand.', { file, cause })
  }
}


function displaySize(video: Stream): { width: number; height: number } {
  const sar = ratio(video.sample_aspect_ratio)
  // Anamorphic video: widen by the pixel aspect (as players and ffmpeg's autoscale do).
  const width = sar !== undefined && sar > 0 ? Math.round(video.width! * sar) : video.width!
  const height = video.height!
  const rotation = video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? Number(video.tags?.rotate ?? 0)
  return Math.abs(rotation) % 180 === 90 ? { width: height, height: width } : { width, height }
}

function ratio(text: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?)[:/](\d+(?:\.\d+)?)$/.exec(text ?? '')
  if (!match) return undefined
  const [num, den] = [Number(match[1]), Number(match[2])]
  return den === 0 ? undefined : num / den
}

/** A file that records no duration (a browser's MediaRecorder WebM): the end of its last video packet. */
async function scanDuration(file: string, tools: FfmpegTools, signal?: AbortSignal): Promise<number> {
  const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0']
  const out = await runTool(tools.ffprobe, args, file, signal)
  if (out.code !== 0) throw unreadableVideo(file, out.stderr)
  let end = 0
  for (const line of out.stdout.split('\n')) {
    const [pts, duration] = line.split(',').map(Number)
    if (Number.isFinite(pts)) end = Math.max(end, pts + (Number.isFinite(duration) ? duration : 0))
  }
  return end
}
