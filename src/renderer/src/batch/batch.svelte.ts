// A folder batch: progress while the engine works through the folder, then the palettes and the
// files that failed with their reasons (the finished part only, when the user cancelled), and
// adding those palettes to the board once.
import { BATCH_TYPES, formatNames } from '../../../shared/media-types'
import type { Method } from '../../../shared/palette'
import { MAX_EXPORT_GROUPS, type BatchProgress, type PaletteStudioApi, type PreviewBox, type ResponseOf, type SwatchGroup } from '../../../shared/ipc-contract'
import { clipName } from '../../../shared/names'
import { baseName } from '../lib/names'
import { boardFull } from '../board/board.svelte'
import { leftOutEmpty } from '../board/board-actions.svelte'

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

/**
 * What Export all as ASE writes of a batch: a group for each palette, named by its file's path in
 * the folder, in the folder's order. As the board's export does, an image with no colours (every
 * pixel transparent) has no group and is named (`empty`); past the MAX_EXPORT_GROUPS one file
 * holds, the first ones are written. `leftOut`: what the export's notice adds about both.
 */
export function batchExport(outcome: BatchOutcome): { groups: SwatchGroup[]; empty: string[]; leftOut: string } {
  const empty: string[] = []
  const groups: SwatchGroup[] = []
  for (const { file, result } of outcome.succeeded) {
    if (result.palette.swatches.length === 0) empty.push(nameInFolder(outcome.folder, file))
    else groups.push({ name: groupNameInFolder(outcome.folder, file), swatches: result.palette.swatches })
  }
  let leftOut = empty.length > 0 ? `; ${leftOutEmpty(empty)}` : ''
  const over = groups.length - MAX_EXPORT_GROUPS
  const most = MAX_EXPORT_GROUPS.toLocaleString('en')
  if (over > 0) leftOut += `; the ${over.toLocaleString('en')} after the first ${most} ${over === 1 ? 'was' : 'were'} left out: one file holds at most ${most} palettes`
  return { groups: groups.slice(0, MAX_EXPORT_GROUPS), empty, leftOut }
}

export interface ReasonGroup {
  names: string[]
  message: string
}

/** Paths by their names in the batch's folder, those with the same reason together, in the order they came. */
function byReason(folder: string, items: readonly { path: string; message: string }[]): ReasonGroup[] {
  const groups: ReasonGroup[] = []
  const byMessage: Record<string, ReasonGroup> = Object.create(null)
  for (const { path, message } of items) {
    const name = nameInFolder(folder, path)
    const group = byMessage[message]
    if (group) group.names.push(name)
    else groups.push((byMessage[message] = { names: [name], message }))
  }
  return groups
}

/** The failures, those with the same reason together (a folder that went leaves hundreds alike). */
export function failureGroups(outcome: BatchOutcome): ReasonGroup[] {
  return byReason(outcome.folder, outcome.failed.map(({ file, message }) => ({ path: file, message })))
}

/** The subfolders that could not be read, those with the same reason together: folders, not images that failed. */
export function unreadableGroups(outcome: BatchOutcome): ReasonGroup[] {
  return byReason(outcome.folder, outcome.unreadable.map(({ folder, message }) => ({ path: folder, message })))
}

/** What the panel says beside the counts of subfolders it could not read: their images (if any) are in no count. */
export function unreadableWords(count: number): string {
  return count === 1 ? '1 folder could not be read, so any images in it are not counted.' : `${count} folders could not be read, so any images in them are not counted.`
}

/**
 * What the panel says of a cancelled batch: how far it got, or, cancelled while the folder was
 * still being listed, that it had counted no image yet (not "0 of 0", nor that the folder has no
 * images; the subfolders it could not read by then are listed apart, as folders).
 */
export function cancelledWords({ succeeded, failed, total, listed }: BatchOutcome): string {
  if (!listed) return 'Cancelled while looking for images in the folder.'
  return `Cancelled after ${succeeded.length + failed.length} of ${total} images. The palettes made until then are kept.`
}

/** Whether the outcome says the folder has no images: it was listed to the end and none were found. */
export const foundNone = (outcome: BatchOutcome): boolean => outcome.total === 0 && !outcome.cancelled

export const ALREADY_RUNNING = 'A batch is already running. Cancel it, or wait for it to finish, before starting another.'
export const STILL_ADDING = "The last batch's palettes are still being added to the board. Wait for that to finish before starting another."

/** What a batch needs of the board: the room it has left, and its columns, to tell which of the batch's palettes are on it. */
export interface BatchBoard {
  readonly room: number
  readonly columns: readonly object[]
}

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
  /**
   * The column each palette of the outcome was added as, by its place in `succeeded` (null: it
   * could not be added). The board may take columns back (an undo of the add) and put them back
   * (a redo): what is added follows what is on the board, not what was once put there.
   */
  #columns = $state.raw<(object | null | undefined)[]>([])
  /** The places in `succeeded` of the palettes to add: never tried, or added and taken off the board since. */
  readonly #pending = $derived.by(() => {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup made afresh each time: the board's columns are what is followed
    const onBoard = new Set<object>(this.board.columns)
    return (this.outcome?.succeeded ?? []).flatMap((_, i) => {
      const column = this.#columns[i]
      return column === undefined || (column !== null && !onBoard.has(column)) ? [i] : []
    })
  })
  /** Why some palettes are not on the board, and how many were left to add when that was said. */
  #problem = $state<{ text: string; pending: number } | null>(null)
  #stopAdding = false
  /** The palettes that could not be added, with their reasons. */
  notAdded = $state<string[]>([])
  #requestId: string | null = null

  /** `board`: where the palettes go, to tell which of them are on it now. */
  constructor(
    private readonly api: PaletteStudioApi,
    private readonly board: BatchBoard
  ) {}

  /** The outcome's palettes are on the board (or could not be added), so adding them again would make duplicate columns. */
  get added(): boolean {
    return (this.outcome?.succeeded.length ?? 0) > 0 && this.#pending.length === 0
  }

  /** The counts said once the batch ended: none when it was cancelled before the folder was listed, as none were known yet. */
  get endCounts(): Batch['progress'] {
    return this.outcome?.listed === false ? null : this.progress
  }

  /** How many of the outcome's palettes are on the board or could not be added: adding again goes on with the others. */
  get addedCount(): number {
    return (this.outcome?.succeeded.length ?? 0) - this.#pending.length
  }

  /**
   * Why some palettes are not on the board: the user stopped adding, the board was full, or they
   * could not be added. It was said of the board as the add left it: once the batch's columns
   * came or went since (an undo of the add, a redo), it no longer holds and is not shown.
   */
  get addProblem(): string | null {
    return this.#problem?.pending === this.#pending.length ? this.#problem.text : null
  }

  #say(problem: string | null): void {
    this.#problem = problem === null ? null : { text: problem, pending: this.#pending.length }
  }

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
    this.#columns = []
    this.notAdded = []
    this.#problem = null
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
   * Adds each palette of the outcome not on the board with `add`, which gives the column it put
   * there: a second call while adding, or once all are on the board, does nothing. A palette that
   * cannot be added is named with its reason and the others go ahead; stopped by the user, or by a
   * board with no room left, it goes on from the next palette when called again, so none is added
   * twice. Those the board took back since (an undo) are added again.
   */
  async addToBoard(add: (success: BatchSuccess) => object | Promise<object>): Promise<void> {
    const outcome = this.outcome
    if (!outcome || this.adding || this.added) return
    const total = outcome.succeeded.length
    const pending = this.#pending
    this.#stopAdding = false
    this.#say(null)
    this.adding = { done: this.addedCount, total }
    try {
      for (const [i, index] of pending.entries()) {
        if (this.#stopAdding) {
          this.#say(`Stopped after adding ${this.addedCount} of ${total} to the board.`)
          return
        }
        if (this.board.room <= 0) {
          this.#say(boardFull(pending.length - i, total, 'palette', 'Remove columns to make room and add them, or export the batch as one ASE file.'))
          return
        }
        const success = outcome.succeeded[index]
        let column: object | null = null
        try {
          column = await add(success)
        } catch (error) {
          this.notAdded.push(`${nameInFolder(outcome.folder, success.file)}: ${error instanceof Error ? error.message : String(error)}`)
        }
        const columns = [...this.#columns]
        columns[index] = column
        this.#columns = columns
        this.adding = { done: this.addedCount, total }
      }
      const failed = this.notAdded
      if (failed.length > 0) this.#say(`Could not add ${failed.length} of ${total} to the board. ${failed.join(' · ')}`)
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
