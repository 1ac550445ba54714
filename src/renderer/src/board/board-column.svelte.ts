// One column of the compare board: an image or a film frame, its extracted palettes, and the
// user's edited palette (the single-image editor's state class, with its undo/redo).
import type { Palette, Rgb } from '../../../shared/palette'
import { clipName, withoutExtension } from '../../../shared/names'
import { Editor } from '../lib/editor.svelte'
import { rgbToHex } from '../lib/color'
import { ColumnJsonSchema, EditedSwatchSchema, sortPalettes, unknownKeys, type ColumnJson, type PaletteKind } from './project'

/** Between a film's name and the frame's time in a frame column's name (FilmView). */
const FRAME_TIME = ' @ '


/**
 * Older project files keep no shares: a swatch from one takes the share of the extracted swatch of
 * its colour; a swatch the user recoloured has none to take (0).
 */
function extractedShare(palettes: readonly Palette[], rgb: Rgb): number {
  const hex = rgbToHex(rgb)
  return palettes.flatMap((p) => p.swatches).find((s) => rgbToHex(s.rgb) === hex)?.share ?? 0
}

let counter = 0
const newColumnId = (): string => `c${Date.now().toString(36)}${(++counter).toString(36)}`

export interface ColumnInit {
  id?: string
  name: string
  kind: ColumnJson['kind']
  path?: string
  time?: number
  thumb?: string
  /** An imported column's palette name as its swatch file gives it (GPL `Name:`, an ASE group): what its export calls it. */
  paletteName?: string
  /** Why the column has no preview of its image (the engine failed to make one); not kept in the project. */
  thumbProblem?: string
}

export class BoardColumn {
  readonly id: string
  readonly name: string
  readonly kind: ColumnJson['kind']
  readonly path?: string
  readonly time?: number
  readonly paletteName?: string
  thumb = $state('')
  readonly thumbProblem: string
  palettes = $state<Palette[]>([])
  readonly editor = new Editor()
  /** Fields a newer build saved with the column, written back as they were read. */
  #unknown: Record<string, unknown> = {}

  constructor(init: ColumnInit) {
    this.id = init.id ?? newColumnId()
    this.name = init.name
    this.kind = init.kind
    this.path = init.path
    this.time = init.time
    this.paletteName = init.paletteName
    this.thumb = init.thumb ?? ''
    this.thumbProblem = init.thumbProblem ?? ''
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
    return { method: 'median-cut', swatches: this.editor.toSwatches() }
  }

  /**
   * The column's name in exported files: an imported palette's own name, so a swatch file imported
   * and exported again keeps it; otherwise the column's name without the image's extension, and for a film frame
   * ("film.mp4 @ 01:23.400") without the film's, keeping its time. Cut to the length an export
   * carries: a long film name gives way, not the time that tells its frames apart.
   */
  get title(): string {
    if (this.paletteName !== undefined) return this.paletteName
    const [lead, time] = this.nameParts
    return clipName(withoutExtension(lead), time)
  }

  /**
   * The name before a frame's time, and the time (" @ 01:23.400"; '' for other columns): a header
   * too narrow for the name cuts the film's name, never the time that tells its frames apart.
   */
  get nameParts(): [string, string] {
    const at = this.kind === 'frame' ? this.name.lastIndexOf(FRAME_TIME) : -1
    return at < 0 ? [this.name, ''] : [this.name.slice(0, at), this.name.slice(at)]
  }

  /** The kinds of palette this column has, in display order, edited last. */
  kinds(): PaletteKind[] {
    return [...this.palettes.map((p) => p.method), ...(this.editor.swatches.length > 0 ? (['edited'] as const) : [])]
  }

  /**
   * toJSON as text, kept until this column changes: the board's content joins these, so an edit
   * in one column does not serialise the other columns' previews again.
   */
  readonly text = $derived(JSON.stringify(this.toJSON()))

  toJSON(): ColumnJson {
    return {
      ...this.#unknown,
      id: this.id,
      name: this.name,
      kind: this.kind,
      ...(this.path !== undefined && { path: this.path }),
      ...(this.time !== undefined && { time: this.time }),
      ...(this.paletteName !== undefined && { paletteName: this.paletteName }),
      ...(this.thumb && { thumb: this.thumb }),
      palettes: this.palettes,
      // '' for a swatch the user has not named: reopened, it is still called by its current hex code.
      edited: this.editor.swatches.map((s) => ({
        ...s.unknown,
        rgb: s.rgb,
        name: s.named ? s.name : '',
        locked: s.locked,
        share: s.share,
        ...(s.type && { type: s.type })
      }))
    }
  }

  static fromJSON(json: ColumnJson): BoardColumn {
    const column = new BoardColumn(json)
    column.#unknown = unknownKeys(json, ColumnJsonSchema)
    column.palettes = sortPalettes(json.palettes)
    if (json.edited.length > 0) {
      const swatches = json.edited.map((s) => ({
        rgb: s.rgb,
        hex: rgbToHex(s.rgb),
        share: s.share ?? extractedShare(column.palettes, s.rgb),
        name: s.name,
        ...(s.type && { type: s.type })
      }))
      column.editor.load({ method: 'median-cut', swatches })
      json.edited.forEach((s, i) => s.locked && column.editor.toggleLock(i))
      column.editor.swatches = column.editor.swatches.map((s, i) => ({ ...s, unknown: unknownKeys(json.edited[i], EditedSwatchSchema) }))
      // A reopened board starts a fresh history: its edits were made in another session.
      column.editor.history.clear()
    }
    return column
  }
}
