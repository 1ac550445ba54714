// Palettes for every image in a folder (and its subfolders). A file that fails is reported with
// its reason and the others go ahead; the result keeps the folder's (sorted) order whatever
// order the files finish in.
import { stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename } from 'node:path'
import type { Method } from '../../shared/palette'
import { EngineError, isEngineError, type EngineErrorCode } from './errors'
import type { DecodeOptions } from './decode'
import type { ExtractResult } from './extract'
import { folderProblem, listImageFiles, type SkippedFolder } from './image-files'
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
  /** Set when a file was not found because the whole folder went (moved, renamed, deleted, unplugged). */
  let folderGone = false
  onProgress?.({ done, total, failed })

  // A few workers pull the next file from a shared counter, so a slow file never holds up the rest.
  const worker = async () => {
    while (next < files.length && !signal?.aborted && !folderGone) {
      const i = next++
      const file = files[i]
      try {
        outcomes[i] = { file, result: await extract(file, { method, signal, ...(await opening(file, names)) }) }
      } catch (error) {
        if (signal?.aborted) return
        const failing = failure(file, error)
        outcomes[i] = failing
        failed++
        if (failing.code === 'NOT_FOUND' && !(await isFolder(folder, names))) folderGone = true
      }
      done++ // not inside onProgress?.(…): optional chaining skips its arguments when there is no callback
      onProgress?.({ done, total, failed, file })
    }
  }
  const concurrency = Math.max(1, Math.min(options.concurrency ?? defaultConcurrency(), MAX_CONCURRENCY, files.length))
  await Promise.all(Array.from({ length: concurrency }, worker))

  // Without its folder every file left would fail the same way: they are not tried, and each is
  // listed with the one reason (the palettes made before are kept).
  if (folderGone && !signal?.aborted) {
    const message = folderGoneMessage(folder)
    for (let i = next; i < files.length; i++) outcomes[i] = { file: files[i], code: 'NOT_FOUND', message }
    failed += files.length - next
    done += files.length - next
    onProgress?.({ done, total, failed })
  }

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
async function listFolder(folder: string, names: FolderNames, signal?: AbortSignal): Promise<{ files: string[]; unreadable: UnreadableFolder[] }> {
  const unreadable: UnreadableFolder[] = []
  try {
    const files = await listImageFiles(folder, { names, signal, onSkippedFolder: ({ folder: path, message }) => unreadable.push({ folder: path, message }) })
    return { files, unreadable }
  } catch (cause) {
    if (signal?.aborted) return { files: [], unreadable }
    throw new EngineError('NOT_FOUND', folderProblem(cause), { file: folder, cause })
  }
}

/** Said of each image a batch did not try because its folder had gone. */
export function folderGoneMessage(folder: string): string {
  return `The folder “${basename(folder)}” was moved, renamed or deleted while the batch ran, so this image was not done.`
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
