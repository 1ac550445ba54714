// One opened image with its palettes. The compare board (issue 5) is a list of these.
import type { Method } from '../../../shared/palette'
import type { ExtractResult, ExtractSource } from '../../../shared/ipc-contract'
import { Editor } from './editor.svelte'

let nextColumnId = 1

export class Column {
  readonly id = nextColumnId++
  /** Results per method, kept so that switching back to a method is instant. */
  results = $state<Partial<Record<Method, ExtractResult>>>({})
  readonly editor = new Editor()
  /** What the image view draws: the file, or the engine's PNG of a file the browser cannot decode. */
  displayUrl = $state('')
  /** Why no picture can be shown (markers and the eyedropper need one); null while one can. */
  noPreview = $state<string | null>(null)
  #disposed = false

  constructor(
    readonly name: string,
    readonly source: ExtractSource,
    /** A blob: URL of the file (the browser may not decode its format: see `displayUrl`). */
    readonly imageUrl: string
  ) {
    this.displayUrl = imageUrl
  }

  /** Shows the engine's display copy (a blob: URL this column now owns) instead of the file. */
  useDisplayCopy(url: string): void {
    if (this.#disposed) return URL.revokeObjectURL(url)
    this.displayUrl = url
  }

  take(method: Method, result: ExtractResult): void {
    this.results = { ...this.results, [method]: result }
    this.show(method)
  }

  /**
   * The method whose palette the editor was loaded from: the editor keeps it with its undo steps,
   * so a method change undone brings back its method with its palette.
   */
  get method(): Method {
    return this.editor.method ?? 'median-cut'
  }

  /** Loads the editor from a result this column already has. */
  show(method: Method): void {
    const result = this.results[method]
    if (result) this.editor.load(result.palette)
  }

  dispose(): void {
    this.#disposed = true
    if (this.imageUrl) URL.revokeObjectURL(this.imageUrl)
    if (this.displayUrl !== this.imageUrl) URL.revokeObjectURL(this.displayUrl)
  }
}
