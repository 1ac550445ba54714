// Finding and running ffmpeg/ffprobe. The command line reads films through the ffmpeg the user
// installed (the app decodes in its <video> element instead), so a missing ffmpeg is an
// everyday situation with its own error, not a crash.
import { type ChildProcessByStdio, spawn, type StdioOptions } from 'node:child_process'
import { open, stat } from 'node:fs/promises'
import { delimiter, join, resolve } from 'node:path'
import type { Readable } from 'node:stream'
import { EngineError } from './errors'
import { pathToOpen } from './raw-path'

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
function toolPath(file: string): string {
  return `file:${resolve(file)}`
}

/** The film as ffmpeg or ffprobe is handed it: its name, or a descriptor to read it by. */
interface ToolInput {
  /** What follows -i (ffmpeg) or ends the arguments (ffprobe). */
  arg: string
  /** Open for the tool as its descriptor 3. */
  fd?: number
  close: () => Promise<void>
}

/** The descriptor a film opened by us has in the tool: the one after stdin, stdout and stderr. */
const INPUT_FD = 3

/**
 * A film's name that is not valid UTF-8 cannot be passed as an argument (raw-path.ts): the file is
 * opened here and handed over as descriptor 3. /dev/fd/3 opens it afresh on Linux, with its own
 * offset, so ffmpeg seeks in it as in the file.
 */
async function openToolInput(file: string): Promise<ToolInput> {
  const real = await pathToOpen(file)
  if (typeof real === 'string') return { arg: toolPath(file), close: () => Promise.resolve() }
  const handle = await open(real, 'r')
  return { arg: `file:/dev/fd/${INPUT_FD}`, fd: handle.fd, close: () => handle.close() }
}

/** ffmpeg or ffprobe on the film `file`, with stdout and stderr piped; `args` places the film's argument. */
export async function spawnTool(command: string, file: string, args: (input: string) => string[]): Promise<ChildProcessByStdio<null, Readable, Readable>> {
  const input = await openToolInput(file)
  try {
    const stdio: StdioOptions = input.fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe', input.fd]
    // Node types a spawn's pipes only for a three-entry stdio; the fourth entry changes none of them.
    return spawn(command, args(input.arg), { stdio, windowsHide: true }) as ChildProcessByStdio<null, Readable, Readable>
  } finally {
    // The started tool holds its own copy of the descriptor (spawn returns once it has exec'd).
    // Not awaited: the caller must attach its 'error' listener before spawn's failure is emitted.
    input.close().catch(() => undefined)
  }
}

interface ToolOutput {
  code: number | null
  stdout: string
  stderr: string
}

/** Run a short tool (ffprobe) on a film to completion, collecting its output; the signal kills it. */
export async function runTool(command: string, args: readonly string[], file: string, signal?: AbortSignal): Promise<ToolOutput> {
  if (signal?.aborted) throw cancelled(signal)
  const child = await spawnTool(command, file, (input) => [...args, input])
  return new Promise((resolve, reject) => {
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    const onAbort = () => child.kill('SIGKILL')
    signal?.addEventListener('abort', onAbort, { once: true })
    // Cancelled while the film's name was looked up (raw-path.ts), before the listener was there.
    if (signal?.aborted) onAbort()
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
