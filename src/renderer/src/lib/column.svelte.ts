// One opened image with its palettes. The compare board (issue 5) is a list of these.
import type { Method } from '../../../shared/palette'
import type { ExtractResult, ExtractSource } from '../../../shared/ipc-contract'
import { Editor } from './editor.svelte'

let nextColumnId = 1

export class Column {
  readonly id = nextColumnId++
  /** Results per method, kept so that switching back to a method is instant. */
  results = $state<Partial<Record<Method, ExtractResult>>>({})
  /** The method whose palette the editor was loaded from (set with that result). */
  method = $state<Method>('median-cut')
  readonly editor = new Editor()

  constructor(
    readonly name: string,
    readonly source: ExtractSource,
    /** A blob: URL for display, or '' when the browser cannot show this format. */
    readonly imageUrl: string
  ) {}

  take(method: Method, result: ExtractResult): void {
    this.results = { ...this.results, [method]: result }
    this.show(method)
  }

  /** Loads the editor from a result this column already has. */
  show(method: Method): void {
    const result = this.results[method]
    if (!result) return
    this.method = method
    this.editor.load(result.palette)
  }

  dispose(): void {
    if (this.imageUrl) URL.revokeObjectURL(this.imageUrl)
  }
}
