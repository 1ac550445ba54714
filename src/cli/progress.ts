// A one-line progress bar on stderr, redrawn in place on a terminal (elsewhere, with --progress,
// one line per finished item, so a log file stays readable). Anything else written to the terminal goes through `interrupt`,
// which clears the bar first and redraws it after, so output and bar never garble each other.
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
    private readonly total: number
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
    return line.length > width - 1 ? line.slice(0, width - 2) + '…' : line
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

/** Shown by default from this many images up, when stderr is a terminal. */
const PROGRESS_MIN_FILES = 4

export function wantProgress(setting: boolean | 'auto', files: number, stream: ProgressStream): boolean {
  return setting === 'auto' ? files >= PROGRESS_MIN_FILES && stream.isTTY === true : setting
}
