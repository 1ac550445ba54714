// A folder batch from the app: the engine's extractFolder walks the folder and keeps order and
// failures, while each file goes to the engine process through the same client as a single
// extract (so the main process never decodes, and a batch queues fairly with other requests).
import { basename } from 'node:path'
import type { BatchProgress, RequestOf, ResponseOf } from '../../shared/ipc-contract'
import { MAX_BOARD_COLUMNS } from '../../shared/preview-limits'
import { extractFolder } from '../engine/batch'
import { EngineError, ENGINE_ERROR_CODES, type EngineErrorCode } from '../engine/errors'
import { ShellError } from './errors'
import type { Engine } from './services'

const ENGINE_CODES: ReadonlySet<string> = new Set(ENGINE_ERROR_CODES)

/**
 * The engine client fails with ShellErrors; extractFolder reports EngineErrors by their reasons.
 * A shell code the engine has no word for becomes INTERNAL there (the batch's result puts a
 * refused file's FORBIDDEN back: see `refused` in run).
 */
function asEngineError(error: unknown, file: string): unknown {
  if (!(error instanceof ShellError)) return error
  const code = (ENGINE_CODES.has(error.code) ? error.code : 'INTERNAL') as EngineErrorCode
  return new EngineError(code, error.message, { file, cause: error })
}

export class BatchRunner {
  private readonly running = new Map<string, AbortController>()

  /** `mayRead` checks each file found as a single extract is checked: an image link in the folder may lead elsewhere (grants.ts). */
  constructor(
    private readonly engine: Engine,
    private readonly emit: (progress: BatchProgress) => void,
    private readonly mayRead: (file: string) => Promise<void>
  ) {}

  async run(request: RequestOf<'extractFolder'>): Promise<ResponseOf<'extractFolder'>> {
    const { requestId, path, method, preview } = request
    if (this.running.has(requestId)) throw new ShellError('BAD_REQUEST', `A batch with id "${requestId}" is already running.`)
    const controller = new AbortController()
    this.running.set(requestId, controller)
    let fileNumber = 0
    // Previews for as many palettes as a board can show: a folder of thousands would otherwise
    // carry hundreds of megabytes of pictures no board takes. A column added later, once columns
    // were removed to make room, reads its file for its preview as it is added (Root.svelte).
    let previews = 0
    // Files `mayRead` refused (an image link leading outside what the user gave): listed as
    // refused, not as a fault of the app, which extractFolder's engine codes cannot say.
    const refused = new Set<string>()
    try {
      const result = await extractFolder(path, {
        method,
        // One at a time: the engine process works on one request anyway, and a queue of
        // hundreds would only delay the user's own clicks.
        concurrency: 1,
        signal: controller.signal,
        onProgress: (p) => this.emit({ requestId, ...p }),
        extract: async (file, { signal, decode }) => {
          const id = `${requestId}#${++fileNumber}`
          const cancel = (): void => void this.engine.cancel(id)
          signal?.addEventListener('abort', cancel, { once: true })
          try {
            await this.mayRead(file)
            // A cancel while the file was checked: the engine has not had it, so it must not now.
            signal?.throwIfAborted()
            const wanted = previews < MAX_BOARD_COLUMNS ? preview : undefined
            const result = await this.engine.extract({ requestId: id, source: { kind: 'path', path: file }, method, preview: wanted }, () => {}, decode?.opens)
            if (result.preview) previews++
            return result
          } catch (error) {
            if (error instanceof ShellError && error.code === 'FORBIDDEN') refused.add(file)
            throw asEngineError(error, file)
          } finally {
            signal?.removeEventListener('abort', cancel)
          }
        }
      })
      return {
        folder: result.folder,
        total: result.total,
        succeeded: result.succeeded.map(({ file, result: r }) => ({ file, result: r })),
        failed: result.failed.map(({ file, code, message }) => ({ file, code: refused.has(file) ? 'FORBIDDEN' : code, message })),
        unreadable: result.unreadable,
        cancelled: result.cancelled,
        listed: result.listed
      }
    } catch (error) {
      if (error instanceof EngineError) throw new ShellError(error.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INTERNAL', `${basename(path)}: ${error.message}`)
      throw error
    } finally {
      this.running.delete(requestId)
    }
  }

  cancel(requestId: string): boolean {
    const controller = this.running.get(requestId)
    if (!controller) return false
    controller.abort()
    return true
  }
}
