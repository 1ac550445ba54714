// The compare board: an ordered list of columns, the two palettes picked for the difference
// readout, and whether the board has changed since the user last saved it.
import type { Palette } from '../../../shared/palette'
import { BoardColumn } from './board-column.svelte'
import { BOARD_FORMAT, BOARD_VERSION, type BoardJson, type PaletteRef } from './project'
import { compareSwatches, type Figures } from './readout'

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
  /** The last move, while nothing changed after it: undo moves the column back, redo moves it again. */
  #moved = $state.raw<{ id: string; from: number; to: number; undone: boolean; after: string } | null>(null)
  #baseline = ''

  /**
   * How far apart palettes A and B are: the paper's ±15 count (A scored against B) and mean ΔE00,
   * over every swatch of both; null until both are picked, or when either has no colours.
   */
  readonly readout = $derived.by<Figures | null>(() => {
    const a = this.resolve(this.compareA)
    const b = this.resolve(this.compareB)
    if (!a || !b) return null
    return compareSwatches(
      a.swatches.map((s) => s.rgb),
      b.swatches.map((s) => s.rgb)
    )
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
    // The first two palettes on a board are compared until the user picks others: the first of
    // each column that has colours (a wholly transparent image has none to compare).
    const first = column.palettes.find((p) => p.swatches.length > 0)
    if (!first) return
    const ref = { column: column.id, kind: first.method }
    if (!this.compareA) this.compareA = ref
    else if (!this.compareB && this.compareA.column !== column.id) this.compareB = ref
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

  /** Moves the column at `from` to position `to` (both clamped to the board); undo right after moves it back. */
  move(from: number, to: number): void {
    const target = this.#place(from, to)
    if (target === null) return
    this.#moved = { id: this.columns[target].id, from, to: target, undone: false, after: this.content() }
  }

  /** The move itself: where the column went, or null when it stayed. */
  #place(from: number, to: number): number | null {
    const target = Math.max(0, Math.min(this.columns.length - 1, to))
    if (from === target || from < 0 || from >= this.columns.length) return null
    const next = [...this.columns]
    const [moved] = next.splice(from, 1)
    next.splice(target, 0, moved)
    this.columns = next
    return target
  }

  /** Undoes (or redoes) the last move, if nothing changed since; false when there is none to step. */
  #stepMove(action: 'undo' | 'redo'): boolean {
    const moved = this.#moved
    if (!moved || moved.undone !== (action === 'redo') || this.content() !== moved.after) return false
    const at = this.columns.findIndex((c) => c.id === moved.id)
    this.#place(at, action === 'undo' ? moved.from : moved.to)
    this.#moved = { ...moved, undone: action === 'undo', after: this.content() }
    this.activeColumn = moved.id
    return true
  }

  /** The column the user last worked in, if it is still on the board. */
  get active(): BoardColumn | undefined {
    return this.columns.find((c) => c.id === this.activeColumn)
  }

  /**
   * Undo right after a removal brings the column back, right after a move moves it back (and redo
   * then moves it again); else undo or redo in the active column's palette.
   */
  history(action: 'undo' | 'redo'): void {
    const editor = this.active?.editor
    if (action === 'undo' && this.removed) this.undoRemove()
    else if (this.#stepMove(action)) return
    else if (action === 'undo') editor?.undo()
    else editor?.redo()
  }

  /** Whether undo has a step to take: a removal or move just made, or an edit in the active column. */
  get canUndo(): boolean {
    return this.removed !== null || (this.#moved?.undone === false && this.content() === this.#moved.after) || (this.active?.editor.history.canUndo ?? false)
  }

  /** Whether redo has a step to take: a move just undone, or an edit undone in the active column. */
  get canRedo(): boolean {
    return (this.#moved?.undone === true && this.content() === this.#moved.after) || (this.active?.editor.history.canRedo ?? false)
  }

  moveBy(id: string, delta: number): void {
    const from = this.columns.findIndex((c) => c.id === id)
    if (from >= 0) this.move(from, from + delta)
  }

  clear(): void {
    this.removed = null
    this.#moved = null
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
    this.#moved = null
    this.columns = json.columns.map((c) => BoardColumn.fromJSON(c))
    this.compareA = json.compare.a
    this.compareB = json.compare.b
    this.savedPath = json.savedPath
    this.savedAt = json.savedAt
    this.#baseline = json.dirty ? '' : this.content()
    this.dirty = json.dirty
  }
}
