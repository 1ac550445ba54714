// Snapshot undo/redo. Palettes are five small records, so whole snapshots are cheaper to get
// right than inverse operations. A `key` lets a continuous gesture (dragging in a colour picker)
// become one undo step instead of hundreds.

/**
 * The time of histories that undo in one order: a board and its columns share one, so that the
 * board undoes the most recent change anywhere on it first. `fresh` is when the last new change
 * (not an undo or redo) was made: what was undone before it is new work's loss, and not redone.
 */
export class Clock {
  #now = 0
  fresh = $state(0)

  tick(): number {
    return ++this.#now
  }

  freshChange(): number {
    return (this.fresh = this.tick())
  }
}

/** A state to return to: `at` when its change was made, `undone` when it was last undone. */
interface Entry<T> {
  state: T
  at: number
  undone: number
}

export class History<T> {
  #past = $state.raw<Entry<T>[]>([])
  #future = $state.raw<Entry<T>[]>([])
  #lastKey: string | undefined
  /** Its own until it joins a board's (`join`). */
  #clock = $state.raw(new Clock())

  readonly canUndo = $derived(this.#past.length > 0)
  readonly canRedo = $derived(this.#future.length > 0)
  /** When the change that undo takes back was made; 0 when there is none. */
  readonly lastAt = $derived(this.#past.at(-1)?.at ?? 0)
  /** When the change that redo makes again was undone, while no new change was made since; 0 otherwise. */
  readonly redoableAt = $derived.by(() => {
    const undone = this.#future.at(-1)?.undone ?? 0
    return undone > this.#clock.fresh ? undone : 0
  })

  constructor(private readonly limit = 200) {}

  /**
   * Keeps time by `clock` from now on (a board's, as its column). Its steps so far, timed by another
   * clock, have no place in that one's order: they are dropped (a column joins a board unedited).
   */
  join(clock: Clock): void {
    if (clock === this.#clock) return
    this.#clock = clock
    this.clear()
  }

  /** Records `before` as the state to return to; consecutive records with the same key merge. */
  record(before: T, key?: string): void {
    const at = this.#clock.freshChange()
    this.#future = []
    // A gesture going on is the most recent change, however long ago it began.
    if (key !== undefined && key === this.#lastKey && this.#past.length > 0) {
      this.#past = [...this.#past.slice(0, -1), { ...this.#past[this.#past.length - 1], at }]
      return
    }
    this.#lastKey = key
    this.#past = [...this.#past, { state: before, at, undone: 0 }].slice(-this.limit)
  }

  undo(current: T): T | undefined {
    const previous = this.#past.at(-1)
    if (previous === undefined) return undefined
    this.#past = this.#past.slice(0, -1)
    this.#future = [...this.#future, { state: current, at: previous.at, undone: this.#clock.tick() }]
    this.#lastKey = undefined
    return previous.state
  }

  redo(current: T): T | undefined {
    const next = this.#future.at(-1)
    if (next === undefined) return undefined
    this.#future = this.#future.slice(0, -1)
    this.#past = [...this.#past, { state: current, at: next.at, undone: 0 }]
    this.#lastKey = undefined
    return next.state
  }

  /** Ends a gesture: the next record with the same key starts a new undo step. */
  seal(): void {
    this.#lastKey = undefined
  }

  clear(): void {
    this.#past = []
    this.#future = []
    this.#lastKey = undefined
  }
}
