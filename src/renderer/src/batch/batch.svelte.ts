// A folder batch: progress while the engine works through the folder, then the palettes and the
// files that failed with their reasons (the finished part only, when the user cancelled), and
// adding those palettes to the board once.
import type { Method } from '../../../shared/palette'
import type { BatchProgress, PaletteStudioApi, ResponseOf } from '../../../shared/ipc-contract'

export type BatchOutcome = ResponseOf<'extractFolder'>
export type BatchSuccess = BatchOutcome['succeeded'][number]

export const ALREADY_RUNNING = 'A batch is already running. Cancel it, or wait for it to finish, before starting another.'
export const STILL_ADDING = "The last batch's palettes are still being added to the board. Wait for that to finish before starting another."

export class Batch {
  folder = $state<string | null>(null)
  progress = $state<{ done: number; total: number; failed: number } | null>(null)
  outcome = $state<BatchOutcome | null>(null)
  error = $state<string | null>(null)
  /** Why the last try to start another batch was refused. */
  notice = $state<string | null>(null)
  running = $state(false)
  /** Whether the panel shows: every batch started shows it (whichever menu or button started it) until the user closes it. */
  visible = $state(false)
  /** The outcome's palettes being added to the board: how many are on it so far. */
  adding = $state<{ done: number; total: number } | null>(null)
  /** The outcome's palettes are on the board, so adding them again would make duplicate columns. */
  added = $state(false)
  #requestId: string | null = null

  constructor(private readonly api: PaletteStudioApi) {}

  /** Progress events of other batches are not ours. */
  onProgress(p: BatchProgress): void {
    if (p.requestId === this.#requestId) this.progress = { done: p.done, total: p.total, failed: p.failed }
  }

  /**
   * One batch at a time: false while one runs or its palettes are being added to the board (a new
   * outcome would replace the one being added), with the panel showing the reason.
   */
  mayStart(): boolean {
    if (!this.running && !this.adding) return true
    this.notice = this.running ? ALREADY_RUNNING : STILL_ADDING
    this.visible = true
    return false
  }

  async run(folder: string, method: Method): Promise<BatchOutcome | null> {
    if (!this.mayStart()) return null
    const requestId = crypto.randomUUID()
    this.#requestId = requestId
    this.running = true
    this.visible = true
    this.folder = folder
    this.outcome = null
    this.added = false
    this.error = null
    this.progress = { done: 0, total: 0, failed: 0 }
    try {
      const result = await this.api.extractFolder({ requestId, path: folder, method })
      if (!result.ok) {
        this.error = result.error.message
        return null
      }
      this.outcome = result.value
      return result.value
    } finally {
      this.#requestId = null
      this.running = false
      this.notice = null
    }
  }

  /** Stops the batch; it still ends with the palettes made until then. */
  async cancel(): Promise<void> {
    if (this.#requestId) await this.api.cancelBatch({ requestId: this.#requestId })
  }

  close(): void {
    this.visible = false
  }

  /** Adds each palette of the outcome with `add`, once: a second call while adding or after does nothing. */
  async addToBoard(add: (success: BatchSuccess) => Promise<void>): Promise<void> {
    const outcome = this.outcome
    if (!outcome || this.adding || this.added) return
    const total = outcome.succeeded.length
    this.adding = { done: 0, total }
    try {
      for (const [i, success] of outcome.succeeded.entries()) {
        await add(success)
        this.adding = { done: i + 1, total }
      }
      this.added = true
    } finally {
      this.adding = null
      this.notice = null
    }
  }
}
