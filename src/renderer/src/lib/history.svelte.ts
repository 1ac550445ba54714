// Snapshot undo/redo. Palettes are five small records, so whole snapshots are cheaper to get
// right than inverse operations. A `key` lets a continuous gesture (dragging in a colour picker)
// become one undo step instead of hundreds.
export class History<T> {
  #past = $state<T[]>([])
  #future = $state<T[]>([])
  #lastKey: string | undefined

  readonly canUndo = $derived(this.#past.length > 0)
  readonly canRedo = $derived(this.#future.length > 0)

  constructor(private readonly limit = 200) {}

  /** Records `before` as the state to return to; consecutive records with the same key merge. */
  record(before: T, key?: string): void {
    if (key !== undefined && key === this.#lastKey && this.#past.length > 0) {
      this.#future = []
      return
    }
    this.#lastKey = key
    this.#past = [...this.#past, before].slice(-this.limit)
    this.#future = []
  }

  undo(current: T): T | undefined {
    const previous = this.#past.at(-1)
    if (previous === undefined) return undefined
    this.#past = this.#past.slice(0, -1)
    this.#future = [...this.#future, current]
    this.#lastKey = undefined
    return previous
  }

  redo(current: T): T | undefined {
    const next = this.#future.at(-1)
    if (next === undefined) return undefined
    this.#future = this.#future.slice(0, -1)
    this.#past = [...this.#past, current]
    this.#lastKey = undefined
    return next
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
