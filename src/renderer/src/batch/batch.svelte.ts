// A folder batch: progress while the engine works through the folder, then the palettes and the
// files that failed with their reasons.
import type { Method } from '../../../shared/palette'
import type { BatchProgress, PaletteStudioApi, ResponseOf } from '../../../shared/ipc-contract'

export type BatchOutcome = ResponseOf<'extractFolder'>

export class Batch {
  folder = $state<string | null>(null)
  progress = $state<{ done: number; total: number; failed: number } | null>(null)
  outcome = $state<BatchOutcome | null>(null)
  error = $state<string | null>(null)
  running = $state(false)
  #requestId: string | null = null

  constructor(private readonly api: PaletteStudioApi) {}

  /** Progress events of other batches are not ours. */
  onProgress(p: BatchProgress): void {
    if (p.requestId === this.#requestId) this.progress = { done: p.done, total: p.total, failed: p.failed }
  }

  async run(folder: string, method: Method): Promise<BatchOutcome | null> {
    if (this.#requestId) return null
    const requestId = crypto.randomUUID()
    this.#requestId = requestId
    this.running = true
    this.folder = folder
    this.outcome = null
    this.error = null
    this.progress = { done: 0, total: 0, failed: 0 }
    try {
      const result = await this.api.extractFolder({ requestId, path: folder, method })
      if (!result.ok) {
        this.error = result.error.code === 'CANCELLED' ? 'Batch cancelled.' : result.error.message
        return null
      }
      this.outcome = result.value
      return result.value
    } finally {
      this.#requestId = null
      this.running = false
    }
  }

  async cancel(): Promise<void> {
    if (this.#requestId) await this.api.cancelBatch({ requestId: this.#requestId })
  }
}
