// The compare board as a small project file: versioned JSON, checked with zod whenever it is
// read (a project file or an autosave may come from an older build, or be damaged), and before it
// is written (a board this build could not read back is never written).
//
// Every object keeps the keys it does not know: newer builds have added fields without raising
// the version, and a board they wrote, opened and saved here, must not lose them.
import { z } from 'zod'
import { COLOUR_TYPES, METHODS, type Method, type Palette } from '../../../shared/palette'
import { MAX_NAME, PaletteSchema, RgbSchema } from '../../../shared/ipc-contract'
import { endWithinBytes, shortened } from '../../../shared/names'
import { MAX_BOARD_COLUMNS } from '../../../shared/preview-limits'

export const BOARD_FORMAT = 'palette-studio-board'
export const BOARD_VERSION = 1

/** A palette on the board: one of a column's extracted palettes, or the user's edited one. */
export const PALETTE_KINDS = [...METHODS, 'edited'] as const
export type PaletteKind = (typeof PALETTE_KINDS)[number]
export const PaletteRefSchema = z.looseObject({ column: z.string().min(1).max(100), kind: z.enum(PALETTE_KINDS) })
export type PaletteRef = z.infer<typeof PaletteRefSchema>

export const EditedSwatchSchema = z.looseObject({
  rgb: RgbSchema,
  name: z.string().max(MAX_NAME),
  locked: z.boolean(),
  /** The share of the image the swatch stands for; boards saved before it was kept have none. */
  share: z.number().min(0).max(1).optional(),
  /** An imported swatch's ASE colour type (spot, global, normal); none for the app's own swatches and older boards. */
  type: z.enum(COLOUR_TYPES).optional()
})

/**
 * What a column shows: an image, a film frame, or a swatch file's group ('imported': no extracted
 * palettes, the file's swatches are its edited palette). Older boards hold only the first two.
 */
const COLUMN_KINDS = ['image', 'frame', 'imported'] as const
/** Longest column name a board file holds, in UTF-16 units (what the schema counts). */
export const MAX_COLUMN_NAME = 500

/**
 * `name` as a board file holds it. A longer one (a batch's image deep in its folder, named by its
 * path there) keeps its end, the image's own name and the folders nearest it: "…/sub/dir/photo.jpg".
 */
export function fitColumnName(name: string): string {
  if (name.length <= MAX_COLUMN_NAME) return name
  // Cut by UTF-8 bytes, which are never fewer than UTF-16 units: the end always fits.
  const end = endWithinBytes(name, MAX_COLUMN_NAME - ELLIPSIS.length)
  // From a folder's start: "…/dir/photo.jpg", not "…ir/dir/photo.jpg".
  return ELLIPSIS + end.slice(Math.max(0, end.search(/[\\/]/)))
}
const ELLIPSIS = '…'

/**
 * An extracted palette as the contract checks it, keeping what a newer build added to it and to its
 * swatches (a column keeps its palettes as read, so they are written back), typed as the app's Palette.
 */
const ColumnPaletteSchema = PaletteSchema.extend({ swatches: z.array(PaletteSchema.shape.swatches.element.loose()).max(64) })
  .loose()
  .transform((palette): Palette => palette)

export const ColumnJsonSchema = z.looseObject({
  id: z.string().min(1).max(100),
  name: z.string().max(MAX_COLUMN_NAME),
  kind: z.enum(COLUMN_KINDS),
  /** The image or swatch file, when it came from disk (re-extracting needs it; a film frame has none). */
  path: z.string().max(4096).optional(),
  /** Film frames: seconds into the film. */
  time: z.number().nonnegative().optional(),
  /** A small JPEG data: URL, so a reopened board shows its images without the files. */
  thumb: z
    .string()
    .max(400_000)
    .regex(/^data:image\/(jpeg|png);base64,/)
    .optional(),
  palettes: z.array(ColumnPaletteSchema).max(METHODS.length),
  edited: z.array(EditedSwatchSchema).max(64),
  /**
   * Imported columns: the palette's name in its swatch file, which the column's exports carry (so
   * within an export's limit). Boards saved before it was kept, and files with none, have none.
   */
  paletteName: z.string().min(1).max(MAX_NAME).optional()
})
  // Only a swatch file names a palette: an image or a frame with one would export under a name it never had.
  .refine((c) => c.paletteName === undefined || c.kind === 'imported', { message: 'only an imported column has a palette name', path: ['paletteName'] })
export type ColumnJson = z.infer<typeof ColumnJsonSchema>

/** Board.add refuses columns past it, however they come. */
export { MAX_BOARD_COLUMNS }

export const BoardJsonSchema = z.looseObject({
  format: z.literal(BOARD_FORMAT),
  version: z.literal(BOARD_VERSION),
  // Columns are told apart by id (the readout's picks, the page's list): two with one id are damage.
  columns: z
    .array(ColumnJsonSchema)
    .max(2000)
    .refine((columns) => new Set(columns.map((c) => c.id)).size === columns.length),
  compare: z.looseObject({ a: PaletteRefSchema.nullable(), b: PaletteRefSchema.nullable() }),
  /** The project file this board was last saved to by the user, and when (ms since the epoch). */
  savedPath: z.string().max(4096).nullable(),
  savedAt: z.number().nullable(),
  /** True when the board changed after that explicit save (the autosave then holds newer work). */
  dirty: z.boolean(),
  /** The column the user last worked in (Edit › Copy Palette copies it); boards saved before it was kept have none. */
  activeColumn: z.string().min(1).max(100).nullable().optional()
})
export type BoardJson = z.infer<typeof BoardJsonSchema>

/** A board read from disk or an autosave, or a designer-readable reason why not. */
export function parseBoard(value: unknown): { ok: true; board: BoardJson } | { ok: false; message: string } {
  const parsed = BoardJsonSchema.safeParse(value)
  if (parsed.success) return { ok: true, board: parsed.data }
  const version = (value as { version?: unknown } | null)?.version
  if (typeof version === 'number' && version > BOARD_VERSION) {
    return { ok: false, message: 'This board was saved by a newer Palette Studio. Update the app to open it.' }
  }
  return { ok: false, message: 'This board file is damaged or is not a Palette Studio board.' }
}

/**
 * The keys of `json` that `schema` does not name: a newer build's fields, which this build keeps
 * and writes back as they were read.
 */
export function unknownKeys(json: object, schema: { shape: object }): Record<string, unknown> {
  return Object.fromEntries(Object.entries(json).filter(([key]) => !Object.hasOwn(schema.shape, key)))
}

/** A column's name quoted in a message is cut to this many characters, "…" included. */
const QUOTED = 40

/**
 * Why `board` could not be read back, naming the column at fault; null when it can be. `board` is
 * what the page made of a Board, so its columns are a list whenever an issue is about one of them.
 */
export function unreadable(board: BoardJson): string | null {
  const parsed = BoardJsonSchema.safeParse(board)
  if (parsed.success) return null
  const [{ path, message }] = parsed.error.issues
  const [key, index, ...field] = path
  if (key !== 'columns' || typeof index !== 'number' || !board.columns[index]) return `${path.join('.') || 'the board'}: ${message}`
  const { name } = board.columns[index]
  return `column ${index + 1} ("${shortened(name, QUOTED)}")${field.length > 0 ? `, ${field.join('.')}` : ''}: ${message}`
}

/** Palettes in the order a column shows them: median cut (the paper's ground truth), neural, k-means. */
const DISPLAY_ORDER: readonly Method[] = ['median-cut', 'neural', 'kmeans']
export const sortPalettes = (palettes: Palette[]): Palette[] =>
  [...palettes].sort((a, b) => DISPLAY_ORDER.indexOf(a.method) - DISPLAY_ORDER.indexOf(b.method))
