// A folder batch: progress while the engine works through the folder, then the palettes and the
// files that failed with their reasons (the finished part only, when the user cancelled), and
// adding those palettes to the board once.
import { BATCH_TYPES, formatNames } from '../../../shared/media-types'
import type { Method } from '../../../shared/palette'
import type { BatchProgress, PaletteStudioApi, PreviewBox, ResponseOf } from '../../../shared/ipc-contract'
import { clipName } from '../../../shared/names'
import { baseName } from '../lib/names'
import { boardFull } from '../board/board.svelte'

export type BatchOutcome = ResponseOf<'extractFolder'>
export type BatchSuccess = BatchOutcome['succeeded'][number]

/** What the panel says of a folder with no images in it: what the batch looks for, and what it skips. */
export const NO_IMAGES = `No images in this folder or its subfolders. A batch reads ${formatNames(BATCH_TYPES)} files; hidden files and folders are skipped.`

/** A file of the batch by its path inside the batch's folder ("trip/IMG_1.jpg"), so two IMG_1.jpg in different subfolders can be told apart. */
export function nameInFolder(folder: string, file: string): string {
  const prefix = folder.replace(/[\\/]+$/, '')
  const rest = file.startsWith(prefix) ? file.slice(prefix.length) : ''
  return /^[\\/]./.test(rest) ? rest.slice(1) : baseName(file)
}

/** A file's group in the batch's swatch file: its name in the folder, cut to what an export carries, the file's own name kept. */
export function groupNameInFolder(folder: string, file: string): string {
  const name = nameInFolder(folder, file)
  const own = baseName(name)
  return clipName(name.slice(0, name.length - own.length), own)
}

/** The failures, those with the same reason together (a folder that went leaves hundreds alike). */
export function failureGroups(outcome: BatchOutcome): { names: string[]; message: string }[] {
  const groups: { names: string[]; message: string }[] = []
  const byMessage: Record<string, { names: string[]; message: string }> = Object.create(null)
  for (const { file, message } of outcome.failed) {
    const name = nameInFolder(outcome.folder, file)
    const group = byMessage[message]
    if (group) group.names.push(name)
    else groups.push((byMessage[message] = { names: [name], message }))
  }
  return groups
}

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
  /** The user asked to stop; the batch ends once the engine lets go of the image it is on. */
  cancelling = $state(false)
  /** Whether the panel shows: every batch started shows it (whichever menu or button started it) until the user closes it. */
  visible = $state(false)
  /** The outcome's palettes being added to the board: how many are on it so far. */
  adding = $state<{ done: number; total: number } | null>(null)
  /** The outcome's palettes are on the board, so adding them again would make duplicate columns. */
  added = $state(false)
  /** How many of the outcome's palettes have been added (or tried): adding again after a stop goes on from there. */
  addedCount = $state(0)
  /** Why some palettes are not on the board: the user stopped adding, or they could not be added. */
  addProblem = $state<string | null>(null)
  #stopAdding = false
  /** The palettes that could not be added, with their reasons. */
  notAdded = $state<string[]>([])
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

  /** `preview`: the box the engine fits each column's preview into (thumbnail.ts's previewBox). */
  async run(folder: string, method: Method, preview?: PreviewBox): Promise<BatchOutcome | null> {
    if (!this.mayStart()) return null
    const requestId = crypto.randomUUID()
    this.#requestId = requestId
    this.running = true
    this.visible = true
    this.folder = folder
    this.outcome = null
    this.added = false
    this.addedCount = 0
    this.notAdded = []
    this.addProblem = null
    this.error = null
    this.cancelling = false
    this.progress = { done: 0, total: 0, failed: 0 }
    try {
      // The engine makes each column's preview as it goes, from the pixels the palette came from.
      const result = await this.api.extractFolder({ requestId, path: folder, method, preview })
      if (!result.ok) {
        this.error = result.error.message
        return null
      }
      this.outcome = result.value
      return result.value
    } finally {
      this.#requestId = null
      this.running = false
      this.cancelling = false
      this.notice = null
    }
  }

  /** Stops the batch; it still ends with the palettes made until then. */
  async cancel(): Promise<void> {
    if (!this.#requestId || this.cancelling) return
    this.cancelling = true
    await this.api.cancelBatch({ requestId: this.#requestId })
  }

  close(): void {
    this.visible = false
  }

  /**
   * Adds each palette of the outcome with `add`, once: a second call while adding or after does
   * nothing. A palette that cannot be added is named with its reason and the others go ahead;
   * stopped by the user, or by a board with no `room` left, it goes on from the next palette when
   * called again, so none is added twice.
   */
  async addToBoard(add: (success: BatchSuccess) => void | Promise<void>, room: () => number = () => Infinity): Promise<void> {
    const outcome = this.outcome
    if (!outcome || this.adding || this.added) return
    const total = outcome.succeeded.length
    this.#stopAdding = false
    this.addProblem = null
    this.adding = { done: this.addedCount, total }
    try {
      while (this.addedCount < total) {
        if (this.#stopAdding) {
          this.addProblem = `Stopped after adding ${this.addedCount} of ${total} to the board.`
          return
        }
        if (room() <= 0) {
          this.addProblem = boardFull(total - this.addedCount, total, 'palette', 'Remove columns to make room and add them, or export the batch as one ASE file.')
          return
        }
        const success = outcome.succeeded[this.addedCount]
        try {
          await add(success)
        } catch (error) {
          this.notAdded.push(`${nameInFolder(outcome.folder, success.file)}: ${error instanceof Error ? error.message : String(error)}`)
        }
        this.addedCount++
        this.adding = { done: this.addedCount, total }
      }
      this.added = true
      const failed = this.notAdded
      if (failed.length > 0) this.addProblem = `Could not add ${failed.length} of ${total} to the board. ${failed.join(' · ')}`
    } finally {
      this.adding = null
      this.notice = null
    }
  }

  /** Stops adding to the board after the palette being added now. */
  stopAdding(): void {
    if (this.adding) this.#stopAdding = true
  }
}
