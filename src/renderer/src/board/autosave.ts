// Debounced autosave: many quick edits make one write, and `flush` writes at once (the page is
// going away). Writes never overlap; a change made during a write is written right after it.
export class Autosaver<T> {
  #timer: ReturnType<typeof setTimeout> | undefined
  #pending: T | undefined
  #writing: Promise<void> | null = null

  constructor(
    private readonly write: (value: T) => Promise<void>,
    private readonly delayMs = 400
  ) {}

  schedule(value: T): void {
    this.#pending = value
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.flush(), this.delayMs)
  }

  async flush(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#writing
    const value = this.#pending
    if (value === undefined) return
    this.#pending = undefined
    this.#writing = this.write(value).finally(() => (this.#writing = null))
    await this.#writing
  }

  get pending(): boolean {
    return this.#pending !== undefined
  }
}
