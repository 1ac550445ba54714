// The compare board: an ordered list of columns, the two palettes picked for the difference
// readout, and whether the board has changed since the user last saved it.
import type { Palette } from '../../../shared/palette'
import { scorePalette, type PaletteScore } from '../../../shared/score'
import { BoardColumn } from './board-column.svelte'
import { BOARD_FORMAT, BOARD_VERSION, type BoardJson, type PaletteRef } from './project'

/** scorePalette matches at most this many swatches (brute force over matchings). */
const MAX_SCORED = 8

/** The column removed last, with where it stood and the readout picks it had. */
export interface Removal {
  column: BoardColumn
  index: number
  a: PaletteRef | null
  b: PaletteRef | null
  /** The board's content right after the removal: a change after it ends the offer (Ctrl+Z then undoes that change). */
  after: string
}

export class Board {
  columns = $state<BoardColumn[]>([])
  compareA = $state<PaletteRef | null>(null)
  compareB = $state<PaletteRef | null>(null)
  savedPath = $state<string | null>(null)
  savedAt = $state<number | null>(null)
  dirty = $state(false)
  /** The column the user last worked in: undo and redo (keys, menu) act on its palette. */
  activeColumn = $state<string | null>(null)
  /** A removal that can still be undone: the autosave soon overwrites the only other copy of the column. */
  removed = $state.raw<Removal | null>(null)
  #baseline = ''

  /** How far apart palettes A and B are: the paper's ±15 count (A scored against B) and mean ΔE00. */
  readonly readout = $derived.by<PaletteScore | null>(() => {
    const a = this.resolve(this.compareA)
    const b = this.resolve(this.compareB)
    if (!a || !b) return null
    const rgbs = (p: Palette) => p.swatches.slice(0, MAX_SCORED).map((s) => s.rgb)
    return scorePalette(rgbs(a), rgbs(b))
  })

  constructor() {
    this.#baseline = this.content()
  }

  resolve(ref: PaletteRef | null): Palette | undefined {
    if (!ref) return undefined
    return this.columns.find((c) => c.id === ref.column)?.palette(ref.kind)
  }

  add(column: BoardColumn): void {
    this.columns = [...this.columns, column]
    this.activeColumn = column.id
    // The first two palettes on a board are compared until the user picks others.
    this.compareA ??= column.palettes[0] ? { column: column.id, kind: column.palettes[0].method } : null
    if (!this.compareB && this.compareA && this.compareA.column !== column.id && column.palettes[0]) {
      this.compareB = { column: column.id, kind: column.palettes[0].method }
    }
  }

  remove(id: string): void {
    const index = this.columns.findIndex((c) => c.id === id)
    if (index < 0) return
    const ofColumn = (ref: PaletteRef | null): PaletteRef | null => (ref?.column === id ? ref : null)
    const removal = { column: this.columns[index], index, a: ofColumn(this.compareA), b: ofColumn(this.compareB) }
    this.columns = this.columns.filter((c) => c.id !== id)
    if (removal.a) this.compareA = null
    if (removal.b) this.compareB = null
    this.removed = { ...removal, after: this.content() }
  }

  /** Puts the column removed last back where it stood: the same column, so its edits and their history too. */
  undoRemove(): void {
    const removed = this.removed
    if (!removed) return
    this.removed = null
    const next = [...this.columns]
    next.splice(removed.index, 0, removed.column)
    this.columns = next
    // The readout compares again what it compared before the removal.
    this.compareA ??= removed.a
    this.compareB ??= removed.b
    this.activeColumn = removed.column.id
  }

  /** Moves the column at `from` to position `to` (both clamped to the board). */
  move(from: number, to: number): void {
    const target = Math.max(0, Math.min(this.columns.length - 1, to))
    if (from === target || from < 0 || from >= this.columns.length) return
    const next = [...this.columns]
    const [moved] = next.splice(from, 1)
    next.splice(target, 0, moved)
    this.columns = next
  }

  /** The column the user last worked in, if it is still on the board. */
  get active(): BoardColumn | undefined {
    return this.columns.find((c) => c.id === this.activeColumn)
  }

  /** Undo right after a removal brings the column back; else undo or redo in the active column's palette. */
  history(action: 'undo' | 'redo'): void {
    const editor = this.active?.editor
    if (action === 'undo' && this.removed) this.undoRemove()
    else if (action === 'undo') editor?.undo()
    else editor?.redo()
  }

  moveBy(id: string, delta: number): void {
    const from = this.columns.findIndex((c) => c.id === id)
    if (from >= 0) this.move(from, from + delta)
  }

  clear(): void {
    this.removed = null
    this.columns = []
    this.compareA = null
    this.compareB = null
    this.savedPath = null
    this.savedAt = null
    this.dirty = false
    this.#baseline = this.content()
  }

  /** What the user made (columns, edits, picks), as text: reading it subscribes to all of it. */
  content(): string {
    return JSON.stringify({ columns: this.columns.map((c) => c.toJSON()), a: this.compareA, b: this.compareB })
  }

  /** Called with `content()` after every change: the board is dirty once it differs from the last save. */
  noteContent(content: string): void {
    if (content !== this.#baseline) this.dirty = true
    if (this.removed && content !== this.removed.after) this.removed = null
  }

  markSaved(path: string, at: number): void {
    this.savedPath = path
    this.savedAt = at
    this.dirty = false
    this.#baseline = this.content()
  }

  toJSON(): BoardJson {
    return {
      format: BOARD_FORMAT,
      version: BOARD_VERSION,
      columns: this.columns.map((c) => c.toJSON()),
      compare: { a: this.compareA, b: this.compareB },
      savedPath: this.savedPath,
      savedAt: this.savedAt,
      dirty: this.dirty
    }
  }

  /** Replaces the board with a saved one (its dirty flag too: restored unsaved work stays unsaved). */
  load(json: BoardJson): void {
    this.removed = null
    this.columns = json.columns.map((c) => BoardColumn.fromJSON(c))
    this.compareA = json.compare.a
    this.compareB = json.compare.b
    this.savedPath = json.savedPath
    this.savedAt = json.savedAt
    this.#baseline = json.dirty ? '' : this.content()
    this.dirty = json.dirty
  }
}
