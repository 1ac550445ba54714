// The compare board: an ordered list of columns, the two palettes picked for the difference
// readout, and whether the board has changed since the user last saved it.
import type { Palette } from '../../../shared/palette'
import { BoardColumn } from './board-column.svelte'
import { Clock } from '../lib/history.svelte'
import { BOARD_FORMAT, BOARD_VERSION, BoardJsonSchema, MAX_BOARD_COLUMNS, unknownKeys, type BoardJson, type PaletteRef } from './project'
import { compareSwatches, paletteName, type Figures } from './readout'

/** The column a removal took away, and where it stood: what "Undo remove" offers to bring back. */
export interface Removal {
  column: BoardColumn
  index: number
}

/** What an undo or redo did: in words for the board's status line, and the column whose edit it took, to be shown. */
export interface Stepped {
  said: string
  edited?: BoardColumn
}

/** What a structural change changes: which columns stand in which order, the readout's picks. */
interface Layout {
  columns: BoardColumn[]
  a: PaletteRef | null
  b: PaletteRef | null
  active: string | null
}

/**
 * One structural change (columns added, removed or moved, A or B picked), undoable as a whole. It
 * keeps the columns themselves: a removed column's autosave is soon overwritten, so this is its
 * only copy, with its edits and their history.
 */
interface Step {
  before: Layout
  after: Layout
  /** The column the change was about: it becomes the one worked in when the change is undone or redone. */
  subject: string | null
  removal?: Removal
  /** When the change was made, and when it was last undone (0: not yet), on the board's clock. */
  at: number
  undone: number
}

/** Columns being added together (together): they become one step when their group ends. */
interface Group {
  added: BoardColumn[]
  active: string | null
}

/** What undo or redo takes next: a structural step, or an edit in a column. */
type Next = { step: Step } | { column: BoardColumn }

/** Structural steps kept for undo: each may hold whole columns, so not without end. */
const MAX_STEPS = 100

const sameRef = (x: PaletteRef | null, y: PaletteRef | null): boolean => x?.column === y?.column && x?.kind === y?.kind
const sameLayout = (x: Layout, y: Layout): boolean =>
  x.columns.length === y.columns.length && x.columns.every((c, i) => c === y.columns[i]) && sameRef(x.a, y.a) && sameRef(x.b, y.b)

/**
 * What the user is told when `left` of the `total` columns they added did not fit on a full board
 * (a `noun` each: "file", "frame"), and what they can do (`todo`).
 */
export function boardFull(left: number, total: number, noun: string, todo: string): string {
  const which =
    left < total ? `${left} of the ${total} ${noun}s ${left === 1 ? 'was' : 'were'}` : total === 1 ? `the ${noun} was` : `the ${total} ${noun}s were`
  return `The board is full (it holds ${MAX_BOARD_COLUMNS} columns), so ${which} not added. ${todo}`
}

export class Board {
  columns = $state<BoardColumn[]>([])
  compareA = $state<PaletteRef | null>(null)
  compareB = $state<PaletteRef | null>(null)
  savedPath = $state<string | null>(null)
  savedAt = $state<number | null>(null)
  dirty = $state(false)
  /** The column the user last worked in (and the one an undo or redo of a column's edit shows). */
  activeColumn = $state<string | null>(null)
  #undo = $state.raw<Step[]>([])
  #redo = $state.raw<Step[]>([])
  /** The groups of columns being added (together), the last opened last: an add joins it. */
  #groups: Group[] = []
  #baseline = ''
  /** The time of its steps and of its columns' edits, and of no other board's or view's. */
  readonly #clock = new Clock()

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

  /**
   * How many more columns the board takes: none once it holds MAX_BOARD_COLUMNS. A board opened
   * with more (none is saved so, but a file may be edited by hand) keeps them all and takes none.
   */
  get room(): number {
    return Math.max(0, MAX_BOARD_COLUMNS - this.columns.length)
  }

  /** Adds `column` at the end, unless the board is full: then it changes nothing and says false. */
  add(column: BoardColumn): boolean {
    if (this.room === 0) return false
    column.editor.history.join(this.#clock)
    const put = (): void => {
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
    // Added together, the column is part of its group's step.
    const group = this.#groups.at(-1)
    if (!group) this.#record(column.id, put)
    else {
      group.added.push(column)
      put()
    }
    return true
  }

  /** The user picks a palette as A or B of the readout (undoable). */
  pick(slot: 'a' | 'b', ref: PaletteRef): void {
    this.#record(ref.column, () => {
      if (slot === 'a') this.compareA = ref
      else this.compareB = ref
    })
  }

  remove(id: string): void {
    const index = this.columns.findIndex((c) => c.id === id)
    if (index < 0) return
    const removal = { column: this.columns[index], index }
    this.#record(
      id,
      () => {
        this.columns = this.columns.filter((c) => c.id !== id)
        if (this.compareA?.column === id) this.compareA = null
        if (this.compareB?.column === id) this.compareB = null
      },
      removal
    )
  }

  /** The removal just made, while it is the board's latest change: "Undo remove" brings its column back. */
  get removed(): Removal | null {
    const next = this.#next('undo')
    return next && 'step' in next ? (next.step.removal ?? null) : null
  }

  /** Puts the column removed last back where it stood: the same column, so its edits and their history too. */
  undoRemove(): Stepped | undefined {
    return this.removed ? this.step('undo') : undefined
  }

  /** Where column `id` stands, as said: "position 2 of 5". */
  placeOf(id: string): string {
    return `position ${this.columns.findIndex((c) => c.id === id) + 1} of ${this.columns.length}`
  }

  /** Moves the column at `from` to position `to` (both clamped to the board). */
  move(from: number, to: number): void {
    const target = Math.max(0, Math.min(this.columns.length - 1, to))
    if (from === target || from < 0 || from >= this.columns.length) return
    this.#record(this.columns[from].id, () => {
      const next = [...this.columns]
      const [moved] = next.splice(from, 1)
      next.splice(target, 0, moved)
      this.columns = next
    })
  }

  /**
   * Runs `work` (which may add many columns, one at a time) as one undo step: a batch of 200
   * columns is taken back by one undo. Changes the user makes meanwhile (files decode one by one)
   * are steps of their own, made before the add's, which takes back only the columns it added.
   */
  together<T>(work: () => T): T {
    const group: Group = { added: [], active: this.activeColumn }
    this.#groups.push(group)
    const close = (): void => {
      this.#groups = this.#groups.filter((g) => g !== group)
      const after = this.#layout()
      const ours = (ref: PaletteRef | null): boolean => ref !== null && after.columns.some((c) => c.id === ref.column && group.added.includes(c))
      const columns = after.columns.filter((c) => !group.added.includes(c))
      this.#push({ columns, a: ours(after.a) ? null : after.a, b: ours(after.b) ? null : after.b, active: group.active }, null)
    }
    let result: T
    try {
      result = work()
    } catch (err) {
      close()
      throw err
    }
    if (result instanceof Promise) return result.finally(close) as T
    close()
    return result
  }

  #layout(): Layout {
    return { columns: this.columns, a: this.compareA, b: this.compareB, active: this.activeColumn }
  }

  /** Makes `change` an undo step of its own. */
  #record(subject: string | null, change: () => void, removal?: Removal): void {
    const before = this.#layout()
    change()
    this.#push(before, subject, removal)
  }

  #push(before: Layout, subject: string | null, removal?: Removal): void {
    const after = this.#layout()
    if (sameLayout(before, after)) return
    this.#undo = [...this.#undo, { before, after, subject, removal, at: this.#clock.freshChange(), undone: 0 }].slice(-MAX_STEPS)
    this.#redo = []
  }

  /**
   * Puts back `to` (a step's before or after; `from` is the other) over the board as it is now. A
   * column the step neither added nor took away stays on or off the board as it is: it was added,
   * or taken away, by an add still going on when the step was made (or since undone).
   */
  #restore(to: Layout, from: Layout, subject: string | null): void {
    const [inTo, inFrom] = [(c: BoardColumn): boolean => to.columns.includes(c), (c: BoardColumn): boolean => from.columns.includes(c)]
    const columns = [...to.columns.filter((c) => this.columns.includes(c) || !inFrom(c)), ...this.columns.filter((c) => !inTo(c) && !inFrom(c))]
    const on = (id: string | null | undefined): boolean => id != null && columns.some((c) => c.id === id)
    // A pick the step did not change stays as it is now.
    const ref = (slot: 'a' | 'b', current: PaletteRef | null): PaletteRef | null => {
      const wanted = sameRef(to[slot], from[slot]) ? current : to[slot]
      return on(wanted?.column) ? wanted : null
    }
    ;[this.compareA, this.compareB] = [ref('a', this.compareA), ref('b', this.compareB)]
    this.columns = columns
    this.activeColumn = on(subject) ? subject : on(to.active) ? to.active : null
  }

  /** Undoes (or redoes) the structural step on top of its stack. */
  #step(step: Step, action: 'undo' | 'redo'): void {
    const [forward, back] = action === 'undo' ? [step.before, step.after] : [step.after, step.before]
    this.#restore(forward, back, step.subject)
    if (action === 'undo') [this.#undo, this.#redo] = [this.#undo.slice(0, -1), [...this.#redo, { ...step, undone: this.#clock.tick() }]]
    else [this.#redo, this.#undo] = [this.#redo.slice(0, -1), [...this.#undo, { ...step, undone: 0 }]]
  }

  /**
   * What undo takes back next: the most recent change on the board, a structural step or an edit
   * in any column; for redo, the change undone last, while no new change was made since.
   */
  #next(action: 'undo' | 'redo'): Next | undefined {
    const top = (action === 'undo' ? this.#undo : this.#redo).at(-1)
    const when = (column: BoardColumn): number => (action === 'undo' ? column.editor.history.lastAt : column.editor.history.redoableAt)
    let best: Next | undefined
    let bestAt = top ? (action === 'undo' ? top.at : top.undone > this.#clock.fresh ? top.undone : 0) : 0
    if (top && bestAt > 0) best = { step: top }
    for (const column of this.columns) {
      const at = when(column)
      if (at > bestAt) [best, bestAt] = [{ column }, at]
    }
    return best
  }

  /** The column the user last worked in, if it is still on the board. */
  get active(): BoardColumn | undefined {
    return this.columns.find((c) => c.id === this.activeColumn)
  }

  /**
   * Undo and redo take back (or make again) the board's most recent change, in one order: a
   * structural step (columns added, removed or moved, A or B picked) or an edit in any column's
   * palette. The column whose edit it is becomes the active one, and is returned to be shown.
   */
  history(action: 'undo' | 'redo'): BoardColumn | undefined {
    const next = this.#next(action)
    if (!next) return undefined
    if ('step' in next) {
      this.#step(next.step, action)
      return undefined
    }
    const { column } = next
    this.activeColumn = column.id
    if (action === 'undo') column.editor.undo()
    else column.editor.redo()
    return column
  }

  /**
   * Undo or redo (history), and what it did in words ("Undid moving a.png; it is at position 1 of
   * 5."): a screen reader hears no other sign of it, and the change may be out of sight.
   */
  step(action: 'undo' | 'redo'): Stepped | undefined {
    const next = this.#next(action)
    if (!next) return undefined
    const edited = this.history(action)
    const what = 'step' in next ? this.#stepWords(next.step) : `an edit in ${next.column.name}`
    return { said: `${action === 'undo' ? 'Undid' : 'Redid'} ${what}.`, ...(edited && { edited }) }
  }

  /** What a structural step is, as the board stands once it was undone or redone: "adding 3 columns". */
  #stepWords({ before, after, subject, removal }: Step): string {
    const added = after.columns.filter((c) => !before.columns.includes(c))
    if (added.length > 0) return `adding ${added.length === 1 ? added[0].name : `${added.length} columns`}`
    if (removal) return `removing ${removal.column.name}`
    const column = after.columns.find((c) => c.id === subject)
    if (!column) return 'a change to the board'
    const slot = !sameRef(before.a, after.a) ? 'a' : !sameRef(before.b, after.b) ? 'b' : null
    const picked = slot && after[slot]
    if (picked) return `picking ${paletteName(picked.kind, column.kind)} of ${column.name} as ${slot.toUpperCase()}`
    return `moving ${column.name}; it is at ${this.placeOf(column.id)}`
  }

  /**
   * The columns that the change undo (or redo) takes next added to the board: what an undo takes
   * away, or a redo puts back. None when that change added none (an edit, a removal, a move, a pick).
   */
  nextAdded(action: 'undo' | 'redo'): BoardColumn[] {
    const next = this.#next(action)
    if (!next || !('step' in next)) return []
    const { before, after } = next.step
    return after.columns.filter((c) => !before.columns.includes(c))
  }

  /** Whether undo has a change to take back. */
  get canUndo(): boolean {
    return this.#next('undo') !== undefined
  }

  /** Whether redo has a change to make again: one undone since the last new change. */
  get canRedo(): boolean {
    return this.#next('redo') !== undefined
  }

  moveBy(id: string, delta: number): void {
    const from = this.columns.findIndex((c) => c.id === id)
    if (from >= 0) this.move(from, from + delta)
  }

  clear(): void {
    this.#forget()
    this.#unknown = {}
    this.#unknownCompare = {}
    this.columns = []
    this.compareA = null
    this.compareB = null
    this.savedPath = null
    this.savedAt = null
    this.dirty = false
    this.#baseline = this.content()
  }

  /**
   * Kept until the board changes, and made of each column's own kept text (one line each): with
   * 300 previews it is megabytes, and the autosave and the dirty flag read it after every change.
   */
  readonly #content = $derived([JSON.stringify({ a: this.compareA, b: this.compareB }), ...this.columns.map((c) => c.text)].join('\n'))

  /** What the user made (columns, edits, picks), as text: reading it subscribes to all of it. */
  content(): string {
    return this.#content
  }

  /**
   * Called with `content()` after every change: the board is dirty while it differs from the last
   * save, so undoing back to what was saved leaves nothing to ask about.
   */
  noteContent(content: string): void {
    this.dirty = content !== this.#baseline
  }

  /** Fields a newer build saved with the board, and with its compare picks: written back as they were read. */
  #unknown: Record<string, unknown> = {}
  #unknownCompare: Record<string, unknown> = {}

  /** Another board replaces this one: its steps are of no use there. */
  #forget(): void {
    this.#undo = []
    this.#redo = []
  }

  /**
   * `written`: the `content()` of the board the file was written from. A change made while the
   * save was writing is not in the file, so the board stays dirty with it.
   */
  markSaved(path: string, at: number, written: string): void {
    this.savedPath = path
    this.savedAt = at
    this.#baseline = written
    this.dirty = this.content() !== written
  }

  toJSON(): BoardJson {
    return {
      ...this.#unknown,
      format: BOARD_FORMAT,
      version: BOARD_VERSION,
      columns: this.columns.map((c) => c.toJSON()),
      compare: { ...this.#unknownCompare, a: this.compareA, b: this.compareB },
      savedPath: this.savedPath,
      savedAt: this.savedAt,
      dirty: this.dirty,
      activeColumn: this.active?.id ?? null
    }
  }

  /** Replaces the board with a saved one (its dirty flag too: restored unsaved work stays unsaved). */
  load(json: BoardJson): void {
    this.#forget()
    this.#unknown = unknownKeys(json, BoardJsonSchema)
    this.#unknownCompare = unknownKeys(json.compare, BoardJsonSchema.shape.compare)
    this.columns = json.columns.map((c) => BoardColumn.fromJSON(c))
    for (const column of this.columns) column.editor.history.join(this.#clock)
    this.compareA = json.compare.a
    this.compareB = json.compare.b
    // Edit › Copy Palette copies the column worked in last: the same after a reopen or a restore.
    const active = json.activeColumn ?? null
    this.activeColumn = this.columns.some((c) => c.id === active) ? active : null
    this.savedPath = json.savedPath
    this.savedAt = json.savedAt
    this.#baseline = json.dirty ? '' : this.content()
    this.dirty = json.dirty
  }
}
