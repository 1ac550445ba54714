// Debian's ffmpeg and ffprobe, which the film tests (engine, command line, end to end) encode,
// probe and decode with. Without them the tests fail with how to install them, not with ENOENT:
// a skipped film test would hide a broken film pipeline.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export interface FfmpegTools {
  ffmpeg: string
  ffprobe: string
}

/** ffmpeg and ffprobe in `dir`, or an error saying how to install them. */
export function ffmpegTools(dir = '/usr/bin'): FfmpegTools {
  const tools = { ffmpeg: join(dir, 'ffmpeg'), ffprobe: join(dir, 'ffprobe') }
  const missing = Object.values(tools).filter((tool) => !existsSync(tool))
  if (missing.length > 0) {
    throw new Error(`The film tests need ffmpeg, and ${missing.join(' and ')} is missing. Install ffmpeg (Debian/Ubuntu: apt install ffmpeg).`)
  }
  return tools
}
