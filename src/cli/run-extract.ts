// `palette-studio extract`: every image in turn, each failure reported on its own line while the
// others go ahead. The palette engine and the output streams come in as arguments, so tests can
// drive this without spawning a process.
import { basename, extname } from 'node:path'
import { PIPED_IN } from '../main/engine/decode'
import { isEngineError, type EngineError } from '../main/engine/errors'
import { isAnimatedGif, mediaTracks, noVideoTrack } from '../main/engine/sniff'
import { swatchFileFromPalettes, type SwatchFormat } from '../main/formats'
import { METHODS, type Method, type Palette } from '../shared/palette'
import { DEFAULT_SAMPLING, UsageError, type ExtractOptions } from './extract-args'
import { exportPaths } from './export-paths'
import { FolderNames, pathToOpen } from '../main/engine/raw-path'
import { findImages } from './find-images'
import { ProgressBar, wantProgress, type ProgressStream } from './progress'
import { jsonLine, printable, tableLines, type ImageResult } from './report'
import { isVideoName, runFilm } from './run-film'
import { exportDirProblem, exportFolderProblem, exportSwatches } from './save'
import { looksLikeFilm, PIPED_FILM, readStdin, STDIN_LABEL, STDIN_NAME, type StdinStream } from './stdin'

/** The part of the engine's extractPalette the CLI uses. */
export type ExtractFn = (
  input: string | Buffer,
  opts: { method: Method; signal?: AbortSignal; decode?: { opens?: Buffer; name?: string } }
) => Promise<{
  palette: Palette
  agentSteps?: number
  provider?: string
  providerFallbacks?: ImageResult['providerFallbacks']
  source?: { format: string; pages?: number }
}>

export interface CliIo {
  stdout: ProgressStream
  stderr: ProgressStream
  /** Where `extract -` reads its image. */
  stdin?: StdinStream
  /** Colour chips in the table (stdout is a colour terminal). */
  colour: boolean
  /** Stops the run (the program's SIGINT, SIGTERM, SIGHUP, and stdout closed by `| head`): the film being decoded and the files not yet started. */
  signal?: AbortSignal
}

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

export async function runExtract(options: ExtractOptions, extract: ExtractFn, io: CliIo): Promise<number> {
  // The run's folder listings, dropped with it: each folder is listed once, not once per file.
  const names = new FolderNames()
  const { files, problems } = await findImages(options.inputs, { names })
  if (options.export) {
    // Every export lands in that one folder: when it is not there, nothing is worth reading. Only
    // one image is saved under the name itself; several go beside it (exportPaths).
    const check = files.length === 1 ? exportFolderProblem : exportDirProblem
    const problem = await check(options.export.path)
    if (problem) {
      io.stderr.write(`palette-studio: ${printable(problem.message)}\n`)
      return EXIT_FAILED
    }
  }
  const films = await filmsAmong(files, options.sampling !== DEFAULT_SAMPLING, names)
  // Said, not refused: a folder of stills may be run with a script's usual --frames.
  if (options.sampling !== DEFAULT_SAMPLING && files.length > 0 && films.size === 0) {
    const option = 'frames' in options.sampling ? '--frames' : '--every'
    io.stderr.write(
      `palette-studio: ${option} applies only to films and animated GIFs, and none is among these files (a folder is searched for images only: name a film itself): each image gives one palette.\n`
    )
  }
  const targets = options.export ? exportPaths(options.export.path, files.map(displayName)) : []
  // A film draws its own bar over its frames, so the bar over files is left out when there is one.
  const bar = films.size === 0 && wantProgress(options.progress, files.length, io.stderr) ? new ProgressBar(io.stderr, files.length) : undefined
  const say = (stream: ProgressStream, text: string) => (bar ? bar.interrupt(() => stream.write(text)) : stream.write(text))
  let failures = 0
  const fail = (file: string, message: string) => {
    failures++
    // The engine's message quotes the file's name too: both kept to one line.
    say(io.stderr, `palette-studio: ${printable(file)}: ${printable(message)}\n`)
  }

  problems.forEach((p) => fail(p.input, p.message))
  try {
    for (const [i, file] of files.entries()) {
      if (io.signal?.aborted) break
      bar?.start(basename(file))
      try {
        if (films.has(file)) await runFilm(file, options, io, targets[i])
        else await runImage(file, options, { extract, names }, io, targets[i], (text) => say(io.stdout, text))
      } catch (error) {
        // A signal: the caller exits with its code, and a "Cancelled." line would be noise.
        if (io.signal?.aborted) break
        if (error instanceof UsageError) throw error
        fail(file, describe(error))
        // Every file after it needs the same model and would fail with the same message: said
        // once, with how many were left unread, so that none passes for done.
        if (isModelError(error)) {
          const left = files.length - i - 1
          if (left > 0) say(io.stderr, `palette-studio: stopped: ${left} more ${left === 1 ? 'file was' : 'files were'} not read, as each needs that model.\n`)
          break
        }
      }
      bar?.step()
    }
  } finally {
    bar?.finish()
  }
  return failures > 0 ? EXIT_FAILED : EXIT_OK
}

/**
 * The files sampled frame by frame: those named as films, and, when --frames or --every asks for
 * frames, animated GIFs (ffmpeg reads them as it reads films). Unasked, an animation is a picture,
 * its first frame, as in the app.
 */
async function filmsAmong(files: readonly string[], framesAsked: boolean, names: FolderNames): Promise<Set<string>> {
  const films = new Set<string>()
  for (const file of files) {
    // A name that cannot be opened is a picture here: the engine's error then says why.
    const moving = isVideoName(file) || (framesAsked && extname(file).toLowerCase() === '.gif' && (await isAnimatedGif(await pathToOpen(file, names).catch(() => file))))
    if (moving) films.add(file)
  }
  return films
}

/** Prints the palette even when saving it then fails (it was worked out), and then throws the save's error. */
async function runImage(
  file: string,
  options: ExtractOptions,
  { extract, names }: { extract: ExtractFn; names: FolderNames },
  io: CliIo,
  target: string | undefined,
  print: (text: string) => void
): Promise<void> {
  const input = file === STDIN_NAME ? await readStdin(io.stdin, { signal: io.signal }) : file
  const started = performance.now()
  // A name that is not valid UTF-8 opens by the bytes its folder's one listing gave.
  const real = file === STDIN_NAME ? undefined : await pathToOpen(file, names)
  // Piped bytes have no name of their own: the engine's messages begin "What was piped in …".
  const decode = Buffer.isBuffer(real) ? { decode: { opens: real } } : file === STDIN_NAME ? { decode: { name: PIPED_IN } } : {}
  const { palette, agentSteps, provider, providerFallbacks, source } = await extract(input, { method: options.method, ...(io.signal ? { signal: io.signal } : {}), ...decode }).catch(async (error: unknown) => {
    throw isEngineError(error, 'NOT_AN_IMAGE') ? await notAnImage(input, real, error) : error
  })
  const result: ImageResult = { file, palette, ms: performance.now() - started }
  if (source?.pages !== undefined) result.source = { format: source.format, pages: source.pages }
  if (agentSteps !== undefined) result.agentSteps = agentSteps
  if (provider !== undefined) result.provider = provider
  if (providerFallbacks !== undefined) result.providerFallbacks = providerFallbacks
  let saveError: unknown
  if (options.export && target) {
    try {
      await saveImagePalette(displayName(file), palette, options.export.format, target)
      result.export = target
    } catch (error) {
      saveError = error
    }
  }
  print(options.json ? jsonLine(result) + '\n' : tableLines(result, io.colour).join('\n') + '\n')
  if (saveError !== undefined) throw saveError
}

/**
 * What the engine found to be no image may be media it has words for: sound with no picture (an
 * M4A, a song's MP4), said alike of a file and of a pipe, or a film piped in, which is read from
 * its file only.
 */
async function notAnImage(input: string | Buffer, real: string | Buffer | undefined, error: EngineError): Promise<Error> {
  const tracks = await mediaTracks(Buffer.isBuffer(input) ? { bytes: input } : { path: real ?? input })
  if (tracks && !tracks.video) return Buffer.isBuffer(input) ? noVideoTrack(PIPED_IN, tracks.sound) : noVideoTrack(`“${basename(input)}”`, tracks.sound, input)
  return Buffer.isBuffer(input) && looksLikeFilm(input) ? new Error(PIPED_FILM, { cause: error }) : error
}

async function saveImagePalette(file: string, palette: Palette, format: SwatchFormat, target: string): Promise<void> {
  const name = basename(file)
  // The app refuses this too: an empty swatch file would pass for a palette saved.
  if (palette.swatches.length === 0) throw new Error(`${name} has no colours to export: every pixel of it is transparent, so ${target} was not saved.`)
  await exportSwatches(target, format, swatchFileFromPalettes(name, [{ name: `${name} (${palette.method})`, palette }]))
}

const OTHER_METHODS = `Choose one with ${METHODS.filter((m) => m !== 'neural').map((m) => `--method ${m}`).join(' or ')}.`

/** A piped image has no name of its own: its swatch file and palette are called "stdin". */
function displayName(file: string): string {
  return file === STDIN_NAME ? STDIN_LABEL : file
}

/** Engine errors already speak to designers; anything else is a bug, said plainly. */
function describe(error: unknown): string {
  // The engine names the model's file and says to restore it; here, how to choose another method.
  if (isModelError(error)) return `${error.message} ${OTHER_METHODS}`
  if (isEngineError(error)) return error.message
  if (error instanceof Error) return error.message
  return String(error)
}

/** The neural model's files cannot be loaded: no palette of this method can be made this run. */
function isModelError(error: unknown): error is EngineError {
  return isEngineError(error, 'MODEL_DAMAGED') || isEngineError(error, 'MODEL_MISSING')
}
