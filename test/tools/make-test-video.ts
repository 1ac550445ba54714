// Short test films whose every frame's palette is known: SEGMENTS.length one-second segments,
// each three flat vertical bands (50 %, 30 %, 20 % of the width) of known colours. Encoded by
// Debian's ffmpeg in the formats the app and the command line accept. Used by the engine's and
// the CLI's film tests and the app's end-to-end tests.
//
//   npx tsx test/tools/make-test-video.ts out-folder   (writes one film per format)
import { spawn } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Rgb } from '../../src/shared/palette'
import { ffmpegTools } from './ffmpeg'

export interface Segment {
  /** Band colours, widest first: their shares of the frame are BAND_SHARES. */
  colours: readonly [Rgb, Rgb, Rgb]
}

export const BAND_SHARES = [0.5, 0.3, 0.2] as const

/** Well apart from each other within a segment, and far from neighbouring segments' colours. */
export const SEGMENTS: readonly Segment[] = [
  { colours: [[200, 40, 40], [240, 230, 200], [20, 30, 90]] },
  { colours: [[40, 160, 70], [240, 200, 40], [100, 60, 30]] },
  { colours: [[40, 90, 200], [240, 140, 30], [245, 245, 245]] },
  { colours: [[120, 50, 160], [30, 150, 150], [240, 150, 180]] },
  { colours: [[15, 15, 15], [128, 128, 128], [170, 220, 60]] },
  { colours: [[200, 40, 140], [120, 190, 240], [110, 110, 40]] }
]

export const VIDEO_FORMATS = {
  'mp4-h264': { ext: '.mp4', args: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p'] },
  'webm-vp9': { ext: '.webm', args: ['-c:v', 'libvpx-vp9', '-crf', '24', '-b:v', '0', '-deadline', 'realtime', '-cpu-used', '8', '-pix_fmt', 'yuv420p'] },
  // VP8 has no colour tags: its decoders assume BT.601, so it is encoded so (see colourArgs).
  'webm-vp8': { ext: '.webm', args: ['-c:v', 'libvpx', '-b:v', '2M', '-deadline', 'realtime', '-cpu-used', '8', '-pix_fmt', 'yuv420p'] },
  'mov-h264': { ext: '.mov', args: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p'] }
} as const
export type VideoFormat = keyof typeof VIDEO_FORMATS

export interface TestVideoOptions {
  width?: number
  height?: number
  fps?: number
  /** Seconds per segment. */
  segmentSeconds?: number
  ffmpeg?: string
}

export interface TestVideo {
  path: string
  fps: number
  segmentSeconds: number
  durationSeconds: number
  /** The segment showing at time `t` (seconds). */
  segmentAt: (t: number) => Segment
}

export async function makeTestVideo(path: string, format: VideoFormat, options: TestVideoOptions = {}): Promise<TestVideo> {
  const { width = 320, height = 180, fps = 25, segmentSeconds = 1, ffmpeg = ffmpegTools().ffmpeg } = options
  const framesPerSegment = Math.round(fps * segmentSeconds)
  const args = [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', String(fps), '-i', 'pipe:0'],
    ...colourArgs(format),
    ...VIDEO_FORMATS[format].args,
    path
  ]
  const child = spawn(ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'] })
  const stderr: Buffer[] = []
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed (${code}): ${Buffer.concat(stderr).toString()}`))))
  })
  for (const segment of SEGMENTS) {
    const frame = segmentFrame(segment, width, height)
    for (let i = 0; i < framesPerSegment; i++) {
      if (!child.stdin.write(frame)) await new Promise((resolve) => child.stdin.once('drain', resolve))
    }
  }
  child.stdin.end()
  await done
  const durationSeconds = SEGMENTS.length * segmentSeconds
  const segmentAt = (t: number) => SEGMENTS[Math.min(SEGMENTS.length - 1, Math.max(0, Math.floor(t / segmentSeconds + 1e-9)))]
  return { path, fps, segmentSeconds, durationSeconds, segmentAt }
}

/** Tagged BT.709 like camera and phone footage, so reading it back tests that the tags are honoured. */
function colourArgs(format: VideoFormat): string[] {
  if (format === 'webm-vp8') return ['-vf', 'scale=out_color_matrix=bt601:out_range=tv']
  return ['-vf', 'scale=out_color_matrix=bt709:out_range=tv', '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709']
}

/** One RGB24 frame: the bands side by side, their edges on even columns so 4:2:0 chroma does not blur them. */
export function segmentFrame(segment: Segment, width: number, height: number): Buffer {
  const edges = [0, ...BAND_SHARES.map((_, i) => 2 * Math.round((width * BAND_SHARES.slice(0, i + 1).reduce((a, b) => a + b, 0)) / 2))]
  const row = Buffer.alloc(width * 3)
  for (let x = 0; x < width; x++) {
    const band = edges.findIndex((edge, i) => i > 0 && x < edge) - 1
    row.set(segment.colours[Math.max(0, band)], x * 3)
  }
  return Buffer.concat(Array.from({ length: height }, () => row))
}

async function main(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true })
  for (const [format, { ext }] of Object.entries(VIDEO_FORMATS)) {
    const path = join(dir, `test-film-${format}${ext}`)
    await makeTestVideo(path, format as VideoFormat)
    process.stdout.write(`${path}\n`)
  }
}

if (process.argv[1]?.endsWith('make-test-video.ts')) {
  main(process.argv[2] ?? '.').catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`)
    process.exitCode = 1
  })
}
