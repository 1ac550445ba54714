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
    // The writer reports its own failures; a rejected write must not become an unhandled rejection.
    this.#timer = setTimeout(() => void this.flush().catch(() => {}), this.delayMs)
  }

  async flush(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    while (this.#writing) await this.#writing
    // Taken synchronously after the wait, so two flushes never write at the same time.
    const value = this.#pending
    if (value === undefined) return
    this.#pending = undefined
    const writing: Promise<void> = this.write(value).finally(() => {
      if (this.#writing === writing) this.#writing = null
    })
    this.#writing = writing
    await writing
  }

  get pending(): boolean {
    return this.#pending !== undefined
  }
}
