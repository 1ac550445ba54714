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

  constructor(
    readonly name: string,
    readonly source: ExtractSource,
    /** A blob: URL for display, or '' when the browser cannot show this format. */
    readonly imageUrl: string
  ) {}

  take(method: Method, result: ExtractResult): void {
    this.results = { ...this.results, [method]: result }
    this.editor.load(result.palette)
  }

  dispose(): void {
    if (this.imageUrl) URL.revokeObjectURL(this.imageUrl)
  }
}
