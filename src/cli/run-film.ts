// `palette-studio extract film.mp4`: one palette per sampled frame, printed as each frame is
// done (a JSON line or a table block with the frame's time), progress over the frames on stderr.
// With --export, one swatch file holding a group per frame.
import { basename, extname } from 'node:path'
import { MAX_FILM_FRAMES, VIDEO_EXTENSIONS, type FilmFrame } from '../main/engine'
import { clock } from '../main/engine/film-clock'
import { openFilm, TooManyFramesError } from '../main/engine/video'
import { swatchFileFromPalettes } from '../main/formats'
import { frameGroupName, stripName } from '../shared/film-names'
import { DEFAULT_SAMPLING, type ExtractOptions } from './extract-args'
import { ProgressBar, wantProgress, type ProgressStream } from './progress'
import { printable, tableLines } from './report'
import { exportFolderProblem, exportSwatches } from './save'

export function isVideoName(file: string): boolean {
  return (VIDEO_EXTENSIONS as readonly string[]).includes(extname(file).toLowerCase())
}

interface FilmIo {
  stdout: ProgressStream
  stderr: ProgressStream
  colour: boolean
  signal?: AbortSignal
}

/**
 * Prints every frame; throws (an EngineError for the caller to report) when the film cannot be
 * read, after printing the frames it could read, or when --every asks for too many.
 */
export async function runFilm(file: string, options: ExtractOptions, io: FilmIo, exportTo?: string): Promise<void> {
  // Among several files, this film's own swatch file is checked here, before its decoding.
  const unsaveable = exportTo === undefined ? undefined : await exportFolderProblem(exportTo)
  if (unsaveable) throw unsaveable
  const film = await open(file, options, io.signal)
  const bar = wantProgress(options.progress, film.total, io.stderr) ? new ProgressBar(io.stderr, film.total) : undefined
  const say = (text: string) => (bar ? bar.interrupt(() => io.stdout.write(text)) : io.stdout.write(text))
  const frames: FilmFrame[] = []
  try {
    bar?.start(basename(file))
    for await (const frame of film.frames) {
      frames.push(frame)
      say(options.json ? filmJsonLine(file, frame) + '\n' : tableLines({ file: `${file} @ ${clock(frame.timeSeconds)}`, palette: frame.palette, ms: frame.ms }, io.colour).join('\n') + '\n')
      bar?.step()
    }
    bar?.complete()
  } finally {
    bar?.finish()
  }
  // Said only to whoever asked for a number of frames (a script may count the lines); the default
  // sampling and --every ask for none in particular.
  if ('frames' in options.sampling && options.sampling !== DEFAULT_SAMPLING && frames.length < film.total) {
    io.stderr.write(`palette-studio: ${printable(file)}: ${frames.length} of ${film.total} frames sampled: the film has only ${frames.length}, and none is taken twice.\n`)
  }
  if (options.export && exportTo) {
    // Named as the app's Film view names its strip's exports ("film-strip", "film @ 00:01.480"), so
    // that the same film exported from either has the same names (its CSS, the same properties).
    const name = basename(file)
    const groups = frames.map((f) => ({ name: frameGroupName(name, f.timeSeconds), palette: f.palette }))
    await exportSwatches(exportTo, options.export.format, swatchFileFromPalettes(stripName(name), groups))
    // Like an image's: part of the results on stdout, the "export" field with --json.
    io.stdout.write(options.json ? JSON.stringify({ file, frames: frames.length, export: exportTo }) + '\n' : `  saved ${printable(exportTo)} (${frames.length} frame palettes of ${printable(file)})\n`)
  }
}

async function open(file: string, options: ExtractOptions, signal: AbortSignal | undefined) {
  try {
    return await openFilm(file, { method: options.method, sampling: options.sampling, ...(signal ? { signal } : {}) })
  } catch (error) {
    if (!(error instanceof TooManyFramesError)) throw error
    // Too fine for this film only (a shorter one may take it): this file's failure, and the others go ahead.
    throw new Error(`that --every would sample ${error.frames} frames, and at most ${MAX_FILM_FRAMES} are taken from one film: use a larger --every.`)
  }
}

/** {"file","frame","time","method","swatches":[{"hex","rgb","share"}],"ms"}; time in seconds, to the millisecond. */
function filmJsonLine(file: string, frame: FilmFrame): string {
  return JSON.stringify({
    file,
    frame: frame.index,
    time: Math.round(frame.timeSeconds * 1000) / 1000,
    method: frame.palette.method,
    swatches: frame.palette.swatches.map((s) => ({ hex: s.hex, rgb: [...s.rgb], share: Math.round(s.share * 1e4) / 1e4 })),
    ms: Math.round(frame.ms * 10) / 10
  })
}
