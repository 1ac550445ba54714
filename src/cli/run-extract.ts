// `palette-studio extract`: every image in turn, each failure reported on its own line while the
// others go ahead. The palette engine and the output streams come in as arguments, so tests can
// drive this without spawning a process.
import { basename } from 'node:path'
import { isEngineError } from '../main/engine/errors'
import { encodeSwatchFile, swatchFileFromPalettes, writeFileAtomic } from '../main/formats'
import type { Method, Palette } from '../shared/palette'
import type { ExtractOptions } from './extract-args'
import { exportPaths } from './export-paths'
import { findImages } from './find-images'
import { ProgressBar, wantProgress, type ProgressStream } from './progress'
import { jsonLine, tableLines, type ImageResult } from './report'
import { isVideoName, runFilm } from './run-film'

/** The part of the engine's extractPalette the CLI uses. */
export type ExtractFn = (
  input: string,
  opts: { method: Method }
) => Promise<{ palette: Palette; agentSteps?: number; provider?: string }>

export interface CliIo {
  stdout: ProgressStream
  stderr: ProgressStream
  /** Colour chips in the table (stdout is a colour terminal). */
  colour: boolean
}

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

export async function runExtract(options: ExtractOptions, extract: ExtractFn, io: CliIo): Promise<number> {
  const { files, problems } = await findImages(options.inputs)
  const targets = options.export ? exportPaths(options.export.path, files) : []
  // A film draws its own bar over its frames, so the bar over files is left out when there is one.
  const bar = !files.some(isVideoName) && wantProgress(options.progress, files.length, io.stderr) ? new ProgressBar(io.stderr, files.length) : undefined
  const say = (stream: ProgressStream, text: string) => (bar ? bar.interrupt(() => stream.write(text)) : stream.write(text))
  const fail = (file: string, message: string) => say(io.stderr, `palette-studio: ${file}: ${message}\n`)

  problems.forEach((p) => fail(p.input, p.message))
  let failures = problems.length
  for (const [i, file] of files.entries()) {
    bar?.start(basename(file))
    try {
      if (isVideoName(file)) {
        await runFilm(file, options, io, targets[i])
        continue
      }
      const result = await extractOne(file, options, extract, targets[i])
      say(io.stdout, options.json ? jsonLine(result) + '\n' : tableLines(result, io.colour).join('\n') + '\n')
    } catch (error) {
      failures++
      fail(file, describe(error))
    }
    bar?.step()
  }
  bar?.finish()
  return failures > 0 ? EXIT_FAILED : EXIT_OK
}

async function extractOne(file: string, options: ExtractOptions, extract: ExtractFn, target: string | undefined): Promise<ImageResult> {
  const started = performance.now()
  const { palette, agentSteps, provider } = await extract(file, { method: options.method })
  const ms = performance.now() - started
  const result: ImageResult = { file, palette, ms }
  if (agentSteps !== undefined) result.agentSteps = agentSteps
  if (provider !== undefined) result.provider = provider
  if (options.export && target) {
    const name = basename(file)
    const swatches = swatchFileFromPalettes(name, [{ name: `${name} (${palette.method})`, palette }])
    try {
      await writeFileAtomic(target, encodeSwatchFile(options.export.format, swatches))
    } catch (error) {
      throw new Error(`could not save ${target}: ${saveProblem(error)}`)
    }
    result.export = target
  }
  return result
}

function saveProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  const reasons: Record<string, string> = {
    ENOENT: 'its folder does not exist.',
    EACCES: 'permission denied.',
    EPERM: 'permission denied.',
    EISDIR: 'a folder has that name.',
    ENOSPC: 'the disk is full.',
    EROFS: 'the disk is read-only.'
  }
  return (code && reasons[code]) ?? (error as Error).message
}

/** Engine errors already speak to designers; anything else is a bug, said plainly. */
function describe(error: unknown): string {
  if (isEngineError(error)) return error.message
  if (error instanceof Error) return error.message
  return String(error)
}
