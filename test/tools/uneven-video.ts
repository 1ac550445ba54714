// A short test film whose frames last unevenly, as a phone's variable frame rate or a screen
// recording writes them: frame N shows UNEVEN_COLOURS[N], all of the picture, from UNEVEN_TIMES[N]
// on, so the colour of a sampled frame tells which frame came. Used by the engine's and the app's
// film tests.
import { execFileSync } from 'node:child_process'
import type { Rgb } from '../../src/shared/palette'
import { ffmpegTools } from './ffmpeg'

/** A long red frame, four short ones (green, blue, yellow, magenta), a long cyan one, a white one (seconds). */
export const UNEVEN_TIMES: readonly number[] = [0, 0.4, 0.44, 0.48, 0.52, 0.56, 1.52]
export const UNEVEN_COLOURS: readonly Rgb[] = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
  [255, 255, 0],
  [255, 0, 255],
  [0, 255, 255],
  [255, 255, 255]
]

/**
 * Writes the film to `path` with the encoder `codec` (libx264, libvpx-vp9…): a frame numbered N
 * coloured by geq, put at its time by setpts, and kept there by the encoder (passthrough). The
 * last frame lasts as long as the container says (a frame at 25 fps).
 */
export function makeUnevenVideo(path: string, codec: string): void {
  const channel = (c: number) => `255*(${UNEVEN_COLOURS.flatMap((rgb, n) => (rgb[c] ? [`eq(N\\,${n})`] : [])).join('+')})`
  const time = UNEVEN_TIMES.reduceRight((rest, t, n) => `if(eq(N\\,${n})\\,${t}\\,${rest})`, '0')
  const filters = `format=gbrp,geq=r='${channel(0)}':g='${channel(1)}':b='${channel(2)}',setpts='${time}/TB',format=yuv420p`
  const args = ['-f', 'lavfi', '-i', 'color=c=black:s=64x48:r=25', '-vf', filters, '-frames:v', String(UNEVEN_TIMES.length), '-vsync', 'passthrough', '-c:v', codec]
  execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args, path])
}

/** The frame a player shows at `time` (seconds): the last one begun by then. */
export const unevenFrameAt = (time: number): number => UNEVEN_TIMES.findLastIndex((start) => start <= time)
