// The compare board as a small project file: versioned JSON, checked with zod whenever it is
// read (a project file or an autosave may come from an older build, or be damaged).
import { z } from 'zod'
import { COLOUR_TYPES, METHODS, type Method, type Palette } from '../../../shared/palette'
import { MAX_NAME, PaletteSchema, RgbSchema } from '../../../shared/ipc-contract'
import { MAX_BOARD_COLUMNS } from '../../../shared/preview-limits'

export const BOARD_FORMAT = 'palette-studio-board'
export const BOARD_VERSION = 1

/** A palette on the board: one of a column's extracted palettes, or the user's edited one. */
export const PALETTE_KINDS = [...METHODS, 'edited'] as const
export type PaletteKind = (typeof PALETTE_KINDS)[number]
export const PaletteRefSchema = z.object({ column: z.string().min(1).max(100), kind: z.enum(PALETTE_KINDS) })
export type PaletteRef = z.infer<typeof PaletteRefSchema>

const EditedSwatchSchema = z.object({
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
export const ColumnJsonSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(500),
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
  palettes: z.array(PaletteSchema).max(METHODS.length),
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

export const BoardJsonSchema = z.object({
  format: z.literal(BOARD_FORMAT),
  version: z.literal(BOARD_VERSION),
  // Columns are told apart by id (the readout's picks, the page's list): two with one id are damage.
  columns: z
    .array(ColumnJsonSchema)
    .max(2000)
    .refine((columns) => new Set(columns.map((c) => c.id)).size === columns.length),
  compare: z.object({ a: PaletteRefSchema.nullable(), b: PaletteRefSchema.nullable() }),
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

/** Palettes in the order a column shows them: median cut (the paper's ground truth), neural, k-means. */
const DISPLAY_ORDER: readonly Method[] = ['median-cut', 'neural', 'kmeans']
export const sortPalettes = (palettes: Palette[]): Palette[] =>
  [...palettes].sort((a, b) => DISPLAY_ORDER.indexOf(a.method) - DISPLAY_ORDER.indexOf(b.method))
