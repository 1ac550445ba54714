// Palettes for every image in a folder (and its subfolders). A file that fails is reported with
// its reason and the others go ahead; the result keeps the folder's (sorted) order whatever
// order the files finish in.
import { stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename, dirname, relative, sep } from 'node:path'
import type { Method } from '../../shared/palette'
import { EngineError, isEngineError, type EngineErrorCode } from './errors'
import type { DecodeOptions } from './decode'
import type { ExtractResult } from './extract'
import { folderProblem, listImageFiles, type FoundImage, type SkippedFolder } from './image-files'
import { FolderNames, pathToOpen, rawPath } from './raw-path'

export interface BatchProgress {
  done: number
  total: number
  failed: number
  /** The file that just finished (undefined in the first event, sent before any work). */
  file?: string
}

interface BatchOptions {
  method: Method
  /** Files worked on at once; the engine picks from the CPU count when left out. */
  concurrency?: number
  signal?: AbortSignal
  onProgress?: (progress: BatchProgress) => void
  /**
   * The palette of one file: the engine's extractPalette, or in the app a request to the engine
   * process (so the main process, which walks the folder, never loads the decoder). `decode.opens`
   * is the file as the walk found it when its name is not valid UTF-8 (raw-path.ts).
   */
  extract: (file: string, opts: { method: Method; signal?: AbortSignal; decode?: Pick<DecodeOptions, 'opens'> }) => Promise<ExtractResult>
}

interface BatchSuccess {
  file: string
  result: ExtractResult
}
interface BatchFailure {
  file: string
  code: EngineErrorCode
  /** The engine's designer-readable reason. */
  message: string
}
/** A subfolder the walk could not read, and why: any images in it were not found, so none is counted. */
type UnreadableFolder = Pick<SkippedFolder, 'folder' | 'message'>
interface BatchResult {
  folder: string
  /** Images found (successes plus failures, unless cancelled); an unreadable subfolder is no image, so it is not counted. */
  total: number
  succeeded: BatchSuccess[]
  failed: BatchFailure[]
  /** The subfolders that could not be read, skipped so that the rest of the folder went ahead. */
  unreadable: UnreadableFolder[]
  /** The signal stopped the batch before every file was done: `succeeded` and `failed` hold those finished before. */
  cancelled: boolean
  /**
   * The folder was listed to the end. False when the signal stopped the listing: no image was
   * counted yet (`total` is 0), and `unreadable` holds the subfolders found unreadable until then.
   */
  listed: boolean
}

/** Most files at once: decoding runs on libuv's 4 threads, the palette on the main thread, so more only costs memory. */
const MAX_CONCURRENCY = 8

export function defaultConcurrency(): number {
  return Math.min(MAX_CONCURRENCY, Math.max(2, availableParallelism()))
}

/**
 * Cancelling (the signal) stops starting files and resolves with the files finished so far, so
 * that a long batch's work is not lost (during the folder's walk, it stops the walk too); a signal
 * aborted before the start rejects with CANCELLED.
 */
export async function extractFolder(folder: string, options: BatchOptions): Promise<BatchResult> {
  const { signal, onProgress, method, extract } = options
  if (signal?.aborted) throw cancelled(signal)
  // This batch's folder listings, dropped with it: each folder is listed once, not once per file.
  const names = new FolderNames()
  const { files, unreadable } = await listFolder(folder, names, signal)
  // Cancelled while the folder was walked: no file was started, and the subfolders found
  // unreadable so far are all there is to keep.
  if (signal?.aborted) return { folder, total: 0, succeeded: [], failed: [], unreadable, cancelled: true, listed: false }
  const outcomes: (BatchSuccess | BatchFailure)[] = new Array(files.length)
  // Images only: an unreadable subfolder is reported apart (`unreadable`), not as an image that failed.
  const total = files.length
  let next = 0
  let done = 0
  let failed = 0
  /** Folders found gone (moved, renamed, deleted, unplugged) while the batch ran: the batch's own, or subfolders. */
  const gone: string[] = []
  onProgress?.({ done, total, failed })

  /** A file's outcome: its palette, or why it failed; undefined when a cancel stopped it. */
  const attempt = async (file: string): Promise<BatchSuccess | BatchFailure | undefined> => {
    try {
      return { file, result: await extract(file, { method, signal, ...(await opening(file, names)) }) }
    } catch (error) {
      if (signal?.aborted) return undefined
      const failing = failure(file, error)
      if (failing.code !== 'NOT_FOUND') return failing
      // Without its folder the file is no news: it is said with the folder, once for all its images.
      const went = await goneFolder(file, folder, names)
      if (went === undefined) return failing
      if (!gone.includes(went)) gone.push(went)
      return { file, code: 'NOT_FOUND', message: folderGoneMessage(went, folder) }
    }
  }

  // A few workers pull the next file from a shared counter, so a slow file never holds up the rest.
  const worker = async () => {
    while (next < files.length && !signal?.aborted) {
      const i = next++
      const { file, problem } = files[i]
      // What the walk already knew, or a folder found gone: every file left in it would fail the
      // same way, so none is tried, and each is listed with the one reason.
      const went = gone.find((dir) => file.startsWith(dir + sep))
      const known = problem ?? (went === undefined ? undefined : folderGoneMessage(went, folder))
      const outcome = known === undefined ? await attempt(file) : { file, code: 'NOT_FOUND' as const, message: known }
      if (!outcome) return
      outcomes[i] = outcome
      if ('code' in outcome) failed++
      done++ // not inside onProgress?.(…): optional chaining skips its arguments when there is no callback
      onProgress?.({ done, total, failed, file })
    }
  }
  const concurrency = Math.max(1, Math.min(options.concurrency ?? defaultConcurrency(), MAX_CONCURRENCY, files.length))
  await Promise.all(Array.from({ length: concurrency }, worker))

  // filter skips the slots of the files a cancel left undone; a cancel that came after the last
  // file finished cancelled nothing.
  const succeeded = outcomes.filter((o): o is BatchSuccess => 'result' in o)
  const failures = outcomes.filter((o): o is BatchFailure => 'code' in o)
  return { folder, total, succeeded, failed: failures, unreadable, cancelled: done < total, listed: true }
}

/**
 * The folder's images, and each subfolder that could not be read, skipped so that the rest goes
 * ahead; no images when the signal stopped the walk.
 */
async function listFolder(folder: string, names: FolderNames, signal?: AbortSignal): Promise<{ files: FoundImage[]; unreadable: UnreadableFolder[] }> {
  const unreadable: UnreadableFolder[] = []
  try {
    const files = await listImageFiles(folder, { names, signal, onSkippedFolder: ({ folder: path, message }) => unreadable.push({ folder: path, message }) })
    return { files, unreadable }
  } catch (cause) {
    if (signal?.aborted) return { files: [], unreadable }
    throw new EngineError('NOT_FOUND', folderProblem(cause), { file: folder, cause })
  }
}

/**
 * Said of each image in `gone` (the batch's `folder` or a subfolder) that the batch did not do
 * because that folder went: a subfolder by its path in the batch's folder, as the panel names files.
 */
export function folderGoneMessage(gone: string, folder: string): string {
  const name = relative(folder, gone) || basename(gone)
  return `The folder “${name}” was moved, renamed or deleted while the batch ran, so this image was not done.`
}

/**
 * The folder that went with `file`, not found: the highest of its folders, up to the batch's
 * own, that is gone; undefined when the file's own folder is still there (the file alone went).
 */
async function goneFolder(file: string, folder: string, names: FolderNames): Promise<string | undefined> {
  let went = dirname(file)
  if (await isFolder(went, names)) return undefined
  while (relative(folder, went) !== '' && !(await isFolder(dirname(went), names))) went = dirname(went)
  return went
}

/** The decoding a file's name needs: its bytes when they are not valid UTF-8 (an ambiguous name fails as the engine's would). */
async function opening(file: string, names: FolderNames): Promise<{ decode?: Pick<DecodeOptions, 'opens'> }> {
  const real = await pathToOpen(file, names)
  return typeof real === 'string' ? {} : { decode: { opens: real } }
}

async function isFolder(path: string, names: FolderNames): Promise<boolean> {
  return (await stat(await rawPath(path, names)).catch(() => undefined))?.isDirectory() ?? false
}

const cancelled = (signal: AbortSignal) => new EngineError('CANCELLED', undefined, { cause: signal.reason })

/** Engine errors already say what went wrong for a designer; anything else is a bug, reported as such. */
function failure(file: string, error: unknown): BatchFailure {
  if (isEngineError(error)) return { file, code: error.code, message: error.message }
  return { file, code: 'INTERNAL', message: new EngineError('INTERNAL').message }
}
