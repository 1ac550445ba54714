// A one-line progress bar on stderr, redrawn in place on a terminal (elsewhere, with --progress,
// one line per finished item, so a log file stays readable). Anything else written to the terminal goes through `interrupt`,
// which clears the bar first and redraws it after, so output and bar never garble each other.
import stringWidth from 'string-width'
import { printable } from './report'

export interface ProgressStream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

export class ProgressBar {
  private done = 0
  private label = ''
  private shown = false

  constructor(
    private readonly stream: ProgressStream,
    private total: number
  ) {}

  /** Call as each item starts. */
  start(label: string): void {
    this.label = printable(label)
    if (this.stream.isTTY) this.draw()
  }

  /** Call as each item ends, whether it worked or not. */
  step(): void {
    this.done++
    this.draw()
  }

  /**
   * Call when the items have run out. Fewer than the total (a film with fewer frames than --frames
   * asked for) were all there was: the bar ends full at what was done ("3/3"), not at "3/5".
   */
  complete(): void {
    if (this.done >= this.total) return
    this.total = this.done
    this.draw()
  }

  interrupt(write: () => void): void {
    this.clear()
    write()
    if (this.stream.isTTY && this.done < this.total) this.draw()
  }

  finish(): void {
    this.clear()
  }

  render(width: number): string {
    const counter = ` ${this.done}/${this.total} `
    const barWidth = Math.max(10, Math.min(30, width - counter.length - 12))
    const filled = this.total === 0 ? barWidth : Math.round((this.done / this.total) * barWidth)
    const line = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${counter}${this.label}`
    return stringWidth(line) > width - 1 ? fitColumns(line, width - 2) + '…' : line
  }

  private draw(): void {
    // A terminal that does not know its size (a pty with no window: `script`, `docker exec -t`) says 0 columns.
    const line = this.render(this.stream.columns || 80)
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[K${line}`)
      this.shown = true
    } else {
      this.stream.write(`${line}\n`)
    }
  }

  private clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K')
    this.shown = false
  }
}

/**
 * The start of `text` that takes at most `columns` terminal columns. Measured in columns, not
 * characters: a line wider than the terminal wraps, and "\r\x1b[K" then clears only its last row,
 * so a long Japanese name (two columns a character) would leave a stale row at every redraw.
 * Cut between whole characters, so that an emoji or an accent is never split.
 */
function fitColumns(text: string, columns: number): string {
  let fitted = ''
  let used = 0
  for (const { segment } of new Intl.Segmenter().segment(text)) {
    used += stringWidth(segment)
    if (used > columns) break
    fitted += segment
  }
  return fitted
}

/** Shown by default from this many images up, when stderr is a terminal. */
const PROGRESS_MIN_FILES = 4

export function wantProgress(setting: boolean | 'auto', files: number, stream: ProgressStream): boolean {
  return setting === 'auto' ? files >= PROGRESS_MIN_FILES && stream.isTTY === true : setting
}
