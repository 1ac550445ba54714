// Autosave that writes a change at once, so a crash loses as little as it can: a lone edit is on
// disk before the next. A run of quick changes (a drag, typing) is written at most once every
// `intervalMs`, the latest each time, so that a drag neither rewrites the file for every step nor
// waits to its end. A board whose write is slow (hundreds of columns, megabytes of previews) is
// written less often: at most a fifth of the time goes to writing it. Writes never overlap;
// `flush` writes at once (the page is going away).
/** A write's time, times this, passes before the next may start. */
const WRITE_SHARE = 5

export class Autosaver<T> {
  #timer: ReturnType<typeof setTimeout> | undefined
  #pending: T | undefined
  #writing: Promise<void> | null = null
  /** When the next write may start, unless flushed. */
  #nextAt = -Infinity

  constructor(
    private readonly write: (value: T) => Promise<void>,
    private readonly intervalMs = 250
  ) {}

  schedule(value: T): void {
    this.#pending = value
    if (this.#timer === undefined) this.#wait()
  }

  /** Until the next write may start; a write still running may put that later. */
  #wait(): void {
    // A timer even at 0 ms, so the changes of one task (a load, a paste of five colours) are one write.
    this.#timer = setTimeout(() => {
      if (this.#writing) return void this.#writing.finally(() => this.#wait()).catch(() => {})
      if (Date.now() < this.#nextAt) return this.#wait()
      // The writer reports its own failures; a rejected write must not become an unhandled rejection.
      void this.flush().catch(() => {})
    }, Math.max(0, this.#nextAt - Date.now()))
  }

  async flush(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    while (this.#writing) await this.#writing
    // Taken synchronously after the wait, so two flushes never write at the same time.
    const value = this.#pending
    if (value === undefined) return
    this.#pending = undefined
    const start = Date.now()
    this.#nextAt = start + this.intervalMs
    const writing: Promise<void> = this.write(value).finally(() => {
      this.#nextAt = start + Math.max(this.intervalMs, WRITE_SHARE * (Date.now() - start))
      if (this.#writing === writing) this.#writing = null
    })
    this.#writing = writing
    await writing
  }

  get pending(): boolean {
    return this.#pending !== undefined
  }
}
