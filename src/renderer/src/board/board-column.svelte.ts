// One column of the compare board: an image or a film frame, its extracted palettes, and the
// user's edited palette (the single-image editor's state class, with its undo/redo).
import type { Palette, Swatch } from '../../../shared/palette'
import { Editor } from '../lib/editor.svelte'
import { rgbToHex } from '../lib/color'
import { sortPalettes, type ColumnJson, type PaletteKind } from './project'

let counter = 0
export const newColumnId = (): string => `c${Date.now().toString(36)}${(++counter).toString(36)}`

export interface ColumnInit {
  id?: string
  name: string
  kind: ColumnJson['kind']
  path?: string
  time?: number
  thumb?: string
}

export class BoardColumn {
  readonly id: string
  readonly name: string
  readonly kind: ColumnJson['kind']
  readonly path?: string
  readonly time?: number
  thumb = $state('')
  palettes = $state<Palette[]>([])
  readonly editor = new Editor()

  constructor(init: ColumnInit) {
    this.id = init.id ?? newColumnId()
    this.name = init.name
    this.kind = init.kind
    this.path = init.path
    this.time = init.time
    this.thumb = init.thumb ?? ''
  }

  /** Takes the extracted palettes; the edited palette starts from the first (median cut). */
  setPalettes(palettes: Palette[], editFrom?: Palette): void {
    this.palettes = sortPalettes(palettes)
    const start = editFrom ?? this.palettes[0]
    if (start && this.editor.swatches.length === 0) this.editor.load(start)
  }

  palette(kind: PaletteKind): Palette | undefined {
    if (kind !== 'edited') return this.palettes.find((p) => p.method === kind)
    if (this.editor.swatches.length === 0) return undefined
    const swatches: Swatch[] = this.editor.swatches.map((s) => ({ rgb: s.rgb, hex: rgbToHex(s.rgb), share: 0, name: s.name }))
    return { method: 'median-cut', swatches }
  }

  /** The kinds of palette this column has, in display order, edited last. */
  kinds(): PaletteKind[] {
    return [...this.palettes.map((p) => p.method), ...(this.editor.swatches.length > 0 ? (['edited'] as const) : [])]
  }

  toJSON(): ColumnJson {
    return {
      id: this.id,
      name: this.name,
      kind: this.kind,
      ...(this.path !== undefined && { path: this.path }),
      ...(this.time !== undefined && { time: this.time }),
      ...(this.thumb && { thumb: this.thumb }),
      palettes: this.palettes,
      edited: this.editor.swatches.map((s) => ({ rgb: s.rgb, name: s.name, locked: s.locked }))
    }
  }

  static fromJSON(json: ColumnJson): BoardColumn {
    const column = new BoardColumn(json)
    column.palettes = sortPalettes(json.palettes)
    if (json.edited.length > 0) {
      const swatches = json.edited.map((s) => ({ rgb: s.rgb, hex: rgbToHex(s.rgb), share: 0, name: s.name }))
      column.editor.load({ method: 'median-cut', swatches })
      json.edited.forEach((s, i) => s.locked && column.editor.toggleLock(i))
      // A reopened board starts a fresh history: its edits were made in another session.
      column.editor.history.clear()
    }
    return column
  }
}
