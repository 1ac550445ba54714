// Finding and running ffmpeg/ffprobe. The command line reads films through the ffmpeg the user
// installed (the app decodes in its <video> element instead), so a missing ffmpeg is an
// everyday situation with its own error, not a crash.
import { spawn } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { delimiter, join, resolve } from 'node:path'
import { EngineError } from './errors'

export interface FfmpegTools {
  ffmpeg: string
  ffprobe: string
}

/**
 * The first ffmpeg and ffprobe on `searchPath` (a PATH-style list; defaults to this process's PATH).
 * Throws FFMPEG_MISSING when either is absent: one without the other cannot read a film.
 */
export async function findFfmpeg(searchPath: string = process.env.PATH ?? ''): Promise<FfmpegTools> {
  const [ffmpeg, ffprobe] = await Promise.all([findOnPath('ffmpeg', searchPath), findOnPath('ffprobe', searchPath)])
  if (!ffmpeg || !ffprobe) throw new EngineError('FFMPEG_MISSING')
  return { ffmpeg, ffprobe }
}

async function findOnPath(name: string, searchPath: string): Promise<string | undefined> {
  const names = process.platform === 'win32' ? executableNamesOnWindows(name) : [name]
  for (const dir of searchPath.split(delimiter)) {
    if (dir === '') continue
    for (const candidate of names.map((n) => join(dir, n))) {
      if (await isExecutableFile(candidate)) return candidate
    }
  }
  return undefined
}

function executableNamesOnWindows(name: string): string[] {
  const extensions = (process.env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)
  return extensions.map((ext) => name + ext.toLowerCase())
}

async function isExecutableFile(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined)
  if (!info?.isFile()) return false
  // Windows has no execute bit; elsewhere any of user/group/other execute will do for a PATH lookup.
  return process.platform === 'win32' || (info.mode & 0o111) !== 0
}

/**
 * A film's name as ffmpeg and ffprobe must be given it: they read a bare name starting with "-"
 * as an option, and "data:x.mp4" or "http:x.mp4" as a protocol; file: and an absolute path make
 * any name a file.
 */
export function toolPath(file: string): string {
  return `file:${resolve(file)}`
}

interface ToolOutput {
  code: number | null
  stdout: string
  stderr: string
}

/** Run a short tool (ffprobe) to completion, collecting its output; the signal kills it. */
export function runTool(command: string, args: readonly string[], signal?: AbortSignal): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled(signal))
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    const onAbort = () => child.kill('SIGKILL')
    signal?.addEventListener('abort', onAbort, { once: true })
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    child.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort)
      reject(new EngineError('FFMPEG_MISSING', undefined, { cause: error }))
    })
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort)
      if (signal?.aborted) return reject(cancelled(signal))
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') })
    })
  })
}

export const cancelled = (signal: AbortSignal): EngineError => new EngineError('CANCELLED', undefined, { cause: signal.reason })

/** ffprobe/ffmpeg's last words about a file they could not read, turned into a designer's message. */
export function unreadableVideo(file: string, stderr: string): EngineError {
  const detail = lastLine(stderr)
  const message = 'The video is damaged or incomplete, or is not a video ffmpeg can read' + (detail ? ` (ffmpeg: ${detail})` : '.')
  return new EngineError('CORRUPT', message, { file, cause: new Error(stderr) })
}

const lastLine = (text: string): string =>
  text
    .trim()
    .split(/\r?\n/)
    .pop()
    ?.replace(/^.*?:\s*(?=[A-Z])/, '') ?? ''
