// The one IPC contract between the renderer and the main process (and the test bridge).
//
// Every verb the renderer may call is a key of `invokeContract` with a zod schema for its
// request and its response; every message main pushes to the renderer is a key of
// `eventContract`. Main (`src/main/ipc.ts`), the preload (`src/preload/index.ts`) and the test
// bridge are all wired generically from these tables, so a verb added here is a verb everywhere.
//
// Rules: plain data only (structured-clone safe: objects, arrays, strings, numbers, booleans,
// null, Uint8Array). Every verb takes ONE request object and resolves to a `Result`: it never
// rejects for an expected failure; `{ ok: false, error: { code, message } }` carries it, and the
// message is written for a designer. Nothing here may import Node or Electron (the renderer
// compiles this file too).
import { z } from 'zod'
import { ENGINE_ERROR_CODES } from './error-codes'
import { MAX_IMAGE_BYTES } from './media-types'
import { COLOUR_TYPES, METHODS } from './palette'
import { MAX_BOARD_COLUMNS, MAX_PREVIEW_CHARS, MAX_PREVIEW_SIDE } from './preview-limits'
import { MAX_NAME } from './names'
import { MAX_FOUND_PATH, MAX_PATH } from './path-limits'
import { boardProblem, MAX_BOARD_BYTES, MAX_PROJECT_FILE_BYTES } from './board-size'

// ---------------------------------------------------------------------------------------------
// Errors

/** The engine's codes (src/shared/error-codes.ts) plus the shell's own. */
export const ERROR_CODES = [
  ...ENGINE_ERROR_CODES,
  // from the shell
  /** The request did not match its schema (a bug in the caller). */
  'BAD_REQUEST',
  /** The sender is not our window's main frame showing our app. */
  'FORBIDDEN',
  /** No such verb. */
  'UNKNOWN_CHANNEL',
  /** The engine process died while working on this request; the next request starts a fresh one. */
  'ENGINE_CRASHED',
  /** The engine took longer than its time limit for this request. */
  'TIMEOUT',
  /** Reading or writing a file failed (disk full, permission denied…); an old file is left intact. */
  'IO_ERROR',
  /** Too many images already wait for the engine: this request was refused at once, to be tried again once they are done. */
  'BUSY'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export const IpcErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string()
})
export type IpcError = z.infer<typeof IpcErrorSchema>

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/** The schema of `Result<T>` for a given value schema (used by tests and the test bridge). */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: IpcErrorSchema })
  ])
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const byte = z.number().int().min(0).max(255)
/** The longest swatch, group or suggested file name; `clipName` (./names) cuts a name the page builds to fit. */
export { MAX_NAME }
export { MAX_BOARD_BYTES, MAX_PROJECT_FILE_BYTES }
/** Most swatches in one group (a board column, a film frame, an imported group). */
export const MAX_GROUP_SWATCHES = 256
/**
 * Most groups read from an imported swatch file (its first ones): the columns one board holds, so
 * no import could show more. It also keeps the answer to a few MB (this many groups of MAX_GROUP_SWATCHES), where
 * export's 10,000 would let a 16 MiB file of one-colour groups send tens of MB to the page.
 */
export const MAX_IMPORT_GROUPS = MAX_BOARD_COLUMNS
export const RgbSchema = z.tuple([byte, byte, byte]).readonly()
export const MethodSchema = z.enum(METHODS)

const hexOf = (rgb: readonly number[]): string => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`

const SwatchSchema = z
  .object({
    rgb: RgbSchema,
    hex: z.string().regex(/^#[0-9a-f]{6}$/, 'hex must be #rrggbb in lower case'),
    share: z.number().min(0).max(1),
    name: z.string().max(MAX_NAME).optional(),
    type: z.enum(COLOUR_TYPES).optional()
  })
  // An export names an unnamed swatch by its hex code: one that is not its colour would mislabel it.
  .refine((s) => s.hex === hexOf(s.rgb), { message: 'hex must be the colour of rgb', path: ['hex'] })

export const PaletteSchema = z.object({
  method: MethodSchema,
  swatches: z.array(SwatchSchema).max(64)
})

/** The most groups one export writes. */
export const MAX_EXPORT_GROUPS = 10_000

/** A named set of swatches: one palette, one board column, one film frame. */
export const SwatchGroupSchema = z.object({
  name: z.string().max(MAX_NAME),
  swatches: z.array(SwatchSchema).min(1).max(MAX_GROUP_SWATCHES)
})
export type SwatchGroup = z.infer<typeof SwatchGroupSchema>

/**
 * Most swatches one export carries, all its groups together. The largest the app makes: a batch's
 * MAX_EXPORT_GROUPS palettes of the engine's 5 colours (50,000), a full board's 300 columns of 64
 * (19,200), a film strip's 2,000 frames of 5. Without it, MAX_EXPORT_GROUPS groups of
 * MAX_GROUP_SWATCHES would be a 160 MB message whose check holds the main process for seconds.
 */
const MAX_EXPORT_SWATCHES = 100_000

/** Whether `groups`, as sent, hold at most MAX_EXPORT_SWATCHES swatches; anything but an array of MAX_EXPORT_GROUPS groups or fewer is left to the groups' schema. */
function withinSwatchBudget(groups: unknown): boolean {
  if (!Array.isArray(groups) || groups.length > MAX_EXPORT_GROUPS) return true
  let count = 0
  for (const group of groups as unknown[]) {
    const swatches = (group as { swatches?: unknown } | null)?.swatches
    count += Array.isArray(swatches) ? swatches.length : 0
    if (count > MAX_EXPORT_SWATCHES) return false
  }
  return true
}

/** An export's groups: counted before any swatch is checked, so an export past the budget is refused without walking it. */
const ExportGroupsSchema = z
  .custom<z.input<typeof SwatchGroupSchema>[]>(withinSwatchBudget, `more than ${MAX_EXPORT_SWATCHES.toLocaleString('en')} swatches in all: export fewer groups at once`)
  .pipe(z.array(SwatchGroupSchema).min(1).max(MAX_EXPORT_GROUPS))

/** No file name holds a NUL: one here is a caller's bug, refused by name. */
const pathUpTo = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((path) => !path.includes('\0'), 'a path cannot hold a NUL character')
/** A path on disk. */
const filePath = pathUpTo(MAX_PATH)
/** A file or subfolder a folder's walk found but could not use: one name past MAX_PATH when that is why. */
const foundPath = pathUpTo(MAX_FOUND_PATH)
/** Binary data: arrives as Uint8Array over Electron IPC (a Buffer is one too). */
const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes (a Uint8Array)')

/** Largest raw frame accepted (a 4K DCI frame fits). */
const MAX_FRAME_SIDE = 4096

/** Where the pixels of an extraction come from. */
export const ExtractSourceSchema = z.discriminatedUnion('kind', [
  /** A file on disk (opened with a dialog, from Open Recent, or dropped: see `getPathForFile`). */
  z.object({ kind: z.literal('path'), path: filePath }),
  /** An encoded image file's bytes (JPEG, PNG, WebP, TIFF, …), e.g. a dropped File with no path. */
  z.object({
    kind: z.literal('bytes'),
    bytes: bytes.refine((b) => b.byteLength > 0 && b.byteLength <= MAX_IMAGE_BYTES, 'empty or too large'),
    name: z.string().max(500).optional()
  }),
  /** Raw 8-bit straight-alpha RGBA pixels, rows top to bottom: a video frame from a canvas's ImageData. */
  z
    .object({
      kind: z.literal('rgba'),
      width: z.number().int().min(1).max(MAX_FRAME_SIDE),
      height: z.number().int().min(1).max(MAX_FRAME_SIDE),
      data: bytes,
      /** Shown in errors and results, e.g. "film.mp4 @ 00:01:23.400". */
      name: z.string().max(500).optional()
    })
    .refine((f) => f.data.byteLength === f.width * f.height * 4, {
      message: 'data must hold width × height × 4 bytes',
      path: ['data']
    })
])
export type ExtractSource = z.infer<typeof ExtractSourceSchema>

/** The pixels a preview is fitted into (never enlarged beyond the image). */
export const PreviewBoxSchema = z.strictObject({
  width: z.number().int().min(1).max(MAX_PREVIEW_SIDE),
  height: z.number().int().min(1).max(MAX_PREVIEW_SIDE)
})
export type PreviewBox = z.infer<typeof PreviewBoxSchema>

export const ExtractRequestSchema = z.strictObject({
  /** Chosen by the renderer (e.g. crypto.randomUUID()); progress events and `cancelExtract` use it. */
  requestId: z.string().min(1).max(100),
  source: ExtractSourceSchema,
  method: MethodSchema,
  /** Run the neural method on the CPU even where a GPU provider is available. */
  forceCpu: z.boolean().optional(),
  /** Also return a preview of the decoded image, fitted into this box. */
  preview: PreviewBoxSchema.optional()
})
export type ExtractRequest = z.infer<typeof ExtractRequestSchema>

export const ExtractResultSchema = z.object({
  palette: PaletteSchema,
  /** The median-cut palette of the same analysis image (the paper's ground truth). */
  groundTruth: PaletteSchema.optional(),
  /** Milliseconds per stage, e.g. { decode: 40, extract: 12, total: 55 }. */
  timings: z.record(z.string(), z.number()),
  source: z.object({
    width: z.number().int().nonnegative(),
    height: z.number().int().nonnegative(),
    format: z.string(),
    hasAlpha: z.boolean(),
    /**
     * The colour space as stored, in sharp's words: srgb, b-w, rgb16, grey16, cmyk, lab, ... ('srgb'
     * for raw frames). Chromium converts some its own way: the image view then shows the display copy.
     */
    space: z.string(),
    /** Frames of an animation or pages of a multi-page TIFF, when more than one: only the first is read (pagesNote). */
    pages: z.number().int().min(2).optional()
  }),
  /** Neural method: RL agent steps taken. */
  agentSteps: z.number().int().nonnegative().optional(),
  /** Neural method: the ONNX Runtime execution provider that ran ('webgpu', 'cuda', 'dml', 'coreml', 'cpu'). */
  provider: z.string().optional(),
  /**
   * Neural method: the GPU providers tried before `provider` and why each did not run the palette
   * (the first line of its error), so that "CPU" on a machine with a GPU says why. Absent when
   * none failed, or none was tried (the CPU asked for, no GPU driver installed).
   */
  providerFallbacks: z
    .array(z.object({ provider: z.string().max(40), error: z.string().max(200) }))
    .max(16)
    .optional(),
  /**
   * When the request asked for one: a JPEG data: URL of the very pixels the palette was made from
   * (absent when even a plain JPEG of them would be longer than MAX_PREVIEW_CHARS).
   */
  preview: z
    .string()
    .max(MAX_PREVIEW_CHARS)
    .regex(/^data:image\/jpeg;base64,[A-Za-z0-9+/]+=*$/)
    .optional()
})
export type ExtractResult = z.infer<typeof ExtractResultSchema>

/** Long side of a display copy, at most: the size the renderer samples for markers and the eyedropper. */
export const DISPLAY_COPY_MAX_SIDE = 1600
/** Most bytes of a display copy: room for the worst PNG of 1600² RGBA (noise, about 10.3 MB). */
const MAX_DISPLAY_COPY_BYTES = 16 * 1024 * 1024

/** An image file, by path or by its bytes: the sources a display copy is made of (raw frames need none). */
export const DisplaySourceSchema = z.discriminatedUnion('kind', [ExtractSourceSchema.options[0], ExtractSourceSchema.options[1]])
export type DisplaySource = z.infer<typeof DisplaySourceSchema>

export const DisplayCopySchema = z.object({
  mime: z.literal('image/png'),
  width: z.number().int().min(1).max(DISPLAY_COPY_MAX_SIDE),
  height: z.number().int().min(1).max(DISPLAY_COPY_MAX_SIDE),
  bytes: bytes.refine((b) => b.byteLength > 0 && b.byteLength <= MAX_DISPLAY_COPY_BYTES, 'empty or too large')
})
export type DisplayCopy = z.infer<typeof DisplayCopySchema>

const EXPORT_FORMATS = ['ase', 'gpl', 'json', 'css'] as const
export const ExportFormatSchema = z.enum(EXPORT_FORMATS)
export type ExportFormat = z.infer<typeof ExportFormatSchema>

const RECENT_KINDS = ['image', 'video', 'folder', 'project'] as const
export const RecentItemSchema = z.object({
  path: filePath,
  /** File name for display. */
  name: z.string(),
  kind: z.enum(RECENT_KINDS),
  /** ms since the epoch. */
  openedAt: z.number()
})
export type RecentItem = z.infer<typeof RecentItemSchema>

/**
 * Files the operating system asked us to open (a double-clicked board, Open With, a jump-list
 * item): those that can be opened, already granted, and a sentence for each that cannot.
 */
export const LaunchFilesSchema = z.object({
  items: z.array(RecentItemSchema),
  refused: z.array(z.string())
})
export type LaunchFiles = z.infer<typeof LaunchFilesSchema>

/** The compare board as the renderer stores it: any JSON value (the renderer owns its shape). */
const boardJson = z.json()

/**
 * A board to write: JSON that a board file can hold and be read back from. Checked by boardProblem,
 * not z.json(), which walks a holey array item by item; passed on as sent, as the board is the user's.
 */
const boardToSave = z.custom<z.core.util.JSONType>(() => true).superRefine((board, ctx) => {
  const problem = boardProblem(board)
  if (problem) ctx.addIssue({ code: 'custom', message: `the board is ${problem}` })
})

/** Largest file `saveFile` writes (a film strip's PNG or JSON is a few MB). */
export const MAX_SAVED_FILE_BYTES = 64 * 1024 * 1024

// Requests are strict: a key the verb does not know is a caller's mistake (a typo), said so
// rather than dropped. Nested objects are not, as they often come from results (palettes).
const empty = z.strictObject({})
const nothing = z.object({})
const pickedPath = z.object({ path: filePath.nullable() })

// ---------------------------------------------------------------------------------------------
// Verbs: renderer → main, each answered with Result<response>

export const invokeContract = {
  /** Version, platform and what this build can do. */
  getAppInfo: {
    request: empty,
    response: z.object({
      version: z.string(),
      platform: z.string(),
      methods: z.array(MethodSchema),
      /** True when served by the test bridge instead of Electron. */
      testBridge: z.boolean()
    })
  },

  /** Native open dialog for images. `paths` is empty when the user cancels. */
  openImageDialog: {
    request: z.strictObject({ multiple: z.boolean().optional() }),
    response: z.object({ paths: z.array(filePath) })
  },
  /** Native open dialog for a video (MP4, WebM, MOV). */
  openVideoDialog: { request: empty, response: pickedPath },
  /** Native folder dialog for a batch. */
  openFolderDialog: { request: empty, response: pickedPath },

  /** The bytes of an image file, for display (make a blob URL). Adds the file to Open Recent unless `recent` is false. */
  readImageFile: {
    request: z.strictObject({
      path: filePath,
      /** False for a file the user did not open themselves (a batch's image read for its preview). */
      recent: z.boolean().optional()
    }),
    response: z.object({ name: z.string(), mime: z.string(), bytes })
  },
  /**
   * A URL that the renderer's <video> element can play (with seeking) for a video file on disk.
   * (A dropped video can use a blob: URL of the File instead.) Not yet a recent file: the renderer
   * adds it (addRecent) once the film opens, as the user may still cancel over a strip not kept.
   * The URL stays the same while the app runs; `version` (the file's size and last modification)
   * changes when the file is written again: a film opened again then loads again.
   */
  getMediaUrl: {
    request: z.strictObject({ path: filePath }),
    response: z.object({ url: z.string(), name: z.string(), version: z.string() })
  },

  /** Extract a palette in the engine process. Progress arrives through `onExtractProgress`. */
  extract: { request: ExtractRequestSchema, response: ExtractResultSchema },
  /** Cancel an extraction; its `extract` call then resolves with error code CANCELLED. */
  cancelExtract: {
    request: z.strictObject({ requestId: z.string().min(1).max(100) }),
    response: z.object({ cancelled: z.boolean() })
  },
  /**
   * A PNG of an image file the renderer cannot decode (TIFF, HEIF), made by the engine's palette
   * decoder (a decode of its own): oriented, in sRGB, long side at most DISPLAY_COPY_MAX_SIDE.
   * Ask only after the renderer failed to decode the file itself.
   */
  displayCopy: { request: z.strictObject({ source: DisplaySourceSchema }), response: DisplayCopySchema },

  /**
   * Export swatches through a native save dialog. `ase` and `json` write all groups into one file
   * (ASE: one group per column); `gpl` and `css` write one file, or with `filePerGroup` one file
   * per group into a chosen folder, named `<suggestedName>-<group name>.<ext>`.
   * `paths` is empty when the user cancels. Writes are atomic.
   */
  exportPalette: {
    request: z.strictObject({
      format: ExportFormatSchema,
      groups: ExportGroupsSchema,
      /** File name without folder, e.g. "sunset" or "sunset.ase". */
      suggestedName: z.string().min(1).max(MAX_NAME),
      filePerGroup: z.boolean().optional()
    }),
    response: z.object({ paths: z.array(filePath) })
  },
  /**
   * Read a swatch file (ASE, GPL, JSON) chosen in a native open dialog; null when cancelled.
   * `notice`: one sentence for the status line about what the read changed (GPL values clamped
   * into 0–255, as GIMP does; ASE colours stored as CMYK, Lab or Gray now RGB approximations);
   * absent when nothing was. At most MAX_IMPORT_GROUPS groups: of a file with more, main reads
   * the first MAX_IMPORT_GROUPS and its notice says so.
   */
  importPalette: {
    request: empty,
    response: z.object({
      file: z.object({ path: filePath, groups: z.array(SwatchGroupSchema).max(MAX_IMPORT_GROUPS), notice: z.string().max(2000).optional() }).nullable()
    })
  },
  /** Save any produced file (film strip PNG, JSON) through a native save dialog; null when cancelled. */
  saveFile: {
    request: z.strictObject({
      kind: z.enum(['png', 'json']),
      data: z.union([
        bytes.refine((b) => b.byteLength <= MAX_SAVED_FILE_BYTES, `larger than ${MAX_SAVED_FILE_BYTES / 2 ** 20} MB`),
        z.string().max(MAX_SAVED_FILE_BYTES)
      ]),
      suggestedName: z.string().min(1).max(MAX_NAME)
    }),
    response: pickedPath
  },

  /** Put text on the system clipboard (hex codes, a palette as text). */
  copyText: { request: z.strictObject({ text: z.string().max(1_000_000) }), response: nothing },

  /** Open Recent, newest first. */
  listRecent: { request: empty, response: z.object({ items: z.array(RecentItemSchema) }) },
  /** Add a file the renderer opened some other way (e.g. dropped) to Open Recent. */
  addRecent: {
    request: z.strictObject({ path: filePath, kind: z.enum(RECENT_KINDS) }),
    response: nothing
  },
  clearRecent: { request: empty, response: nothing },
  /**
   * The files the app was launched to open, asked for once the page is ready (after its autosave
   * is restored); any that arrive later come as `onOpenFiles`.
   */
  takeLaunchFiles: { request: empty, response: LaunchFilesSchema },

  /** Save the compare board to a project file (native save dialog unless `path` is given). */
  saveProject: {
    request: z.strictObject({
      board: boardToSave,
      path: filePath.optional(),
      suggestedName: z.string().min(1).max(MAX_NAME)
    }),
    response: pickedPath
  },
  /**
   * Read a project file (native open dialog unless `path` is given); null when cancelled. Saves to
   * it are checked against the file as read here only once `adoptProject` says the board shows it.
   */
  openProject: {
    request: z.strictObject({ path: filePath.optional() }),
    response: z.object({ project: z.object({ path: filePath, board: boardJson }).nullable() })
  },
  /**
   * The board now shows the project `openProject` last read from `path`: a save to it is refused
   * once another program changed the file since that read. A board read and never shown (the page
   * could not open it) leaves the check as it was.
   */
  adoptProject: { request: z.strictObject({ path: filePath }), response: nothing },
  /** Autosave the board (atomic write in the app's data folder); call it after every change. */
  autosaveBoard: { request: z.strictObject({ board: boardToSave }), response: z.object({ savedAt: z.number() }) },
  /**
   * The last autosaved board (after a crash or a kill), or null. `changed`: the project files the
   * autosave's run opened or saved that another program changed since, so a board saved to one
   * of them is not what that file holds now.
   */
  restoreBoard: {
    request: empty,
    response: z.object({ autosave: z.object({ board: boardJson, savedAt: z.number(), changed: z.array(filePath) }).nullable() })
  },
  clearAutosave: { request: empty, response: nothing },
  /**
   * Moves the autosave aside as a board file of its own, kept from the next autosave: the app
   * could not restore its board. Its new path, or null when there was none to move.
   */
  keepAutosave: { request: empty, response: z.object({ path: filePath.nullable() }) },

  /**
   * Palettes for every image in a folder (and its subfolders), one engine request at a time.
   * Progress arrives through `onBatchProgress`; a file that fails is listed with its reason and
   * the others go ahead. `cancelBatch` stops the batch, which then resolves with the files
   * finished so far and `cancelled: true` (the work already done is kept).
   */
  extractFolder: {
    request: z.strictObject({
      requestId: z.string().min(1).max(100),
      path: filePath,
      method: MethodSchema,
      /**
       * Each result then carries a preview for its board column, so adding to the board reads no
       * file again: the first MAX_BOARD_COLUMNS results only (a board takes no more at once); a
       * column added later reads its file for its preview as it is added.
       */
      preview: PreviewBoxSchema.optional()
    }),
    response: z
      .object({
        folder: filePath,
        /** Images found in the folder, including those a cancel left undone (not the subfolders in `unreadable`). */
        total: z.number().int().nonnegative(),
        succeeded: z.array(z.object({ file: filePath, result: ExtractResultSchema })),
        failed: z.array(z.object({ file: foundPath, code: z.string(), message: z.string() })),
        /** Subfolders that could not be read, with why: skipped so that the rest went ahead (any images in them were not found). */
        unreadable: z.array(z.object({ folder: foundPath, message: z.string() })),
        /** Cancelled before every image was done: `succeeded` and `failed` hold the finished ones. */
        cancelled: z.boolean(),
        /**
         * The folder was listed to the end. False when cancelled while it was being listed: no image
         * was counted (`total` is 0), and `unreadable` holds the subfolders found unreadable until then.
         */
        listed: z.boolean()
      })
      .refine((r) => r.succeeded.length + r.failed.length <= r.total, 'more images finished than were found')
      .refine((r) => r.listed || (r.cancelled && r.total === 0), 'no image is counted before the folder is listed')
      .refine((r) => r.cancelled || r.succeeded.length + r.failed.length === r.total, 'a batch that was not cancelled finishes every image')
  },
  cancelBatch: {
    request: z.strictObject({ requestId: z.string().min(1).max(100) }),
    response: z.object({ cancelled: z.boolean() })
  },

  /**
   * Whether closing the window (or quitting) must ask the page first: true while it holds work kept
   * nowhere (the Image view's edited palette). Main then sends `onCloseRequest` instead of closing.
   */
  askBeforeClose: { request: z.strictObject({ ask: z.boolean() }), response: nothing },
  /** Close the window (quitting, as closing it does) without asking again: the user answered `onCloseRequest`. */
  closeWindow: { request: empty, response: nothing },

  /** Enable or disable menu items to match the renderer's state. */
  updateMenuState: {
    request: z.strictObject({
      canExport: z.boolean(),
      canUndo: z.boolean(),
      canRedo: z.boolean(),
      /** Whether the image view has an image for View › Add Image to Board (in any view). */
      canAddToBoard: z.boolean()
    }),
    response: nothing
  }
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>

// ---------------------------------------------------------------------------------------------
// Events: main → renderer

export const MENU_COMMANDS = [
  'open-image',
  'open-video',
  'open-folder',
  'open-project',
  'save-project',
  'save-project-as',
  'import-swatches',
  'export-ase',
  'export-gpl',
  'export-json',
  'export-css',
  'copy-palette',
  'add-to-board',
  'undo',
  'redo',
  'show-image',
  'compare',
  'show-film'
] as const
export const MenuCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.enum(MENU_COMMANDS) }),
  /** Open Recent: the main process has already checked the item exists. (Files the OS asks us to open come as onOpenFiles.) */
  z.object({ command: z.literal('open-recent'), item: RecentItemSchema })
])
export type MenuCommand = z.infer<typeof MenuCommandSchema>

export const ExtractProgressSchema = z.object({
  requestId: z.string(),
  /** e.g. 'queued', 'starting-engine', 'decoding', 'loading-model', 'extracting', 'refining'. */
  stage: z.string(),
  /** 0..1 when known. */
  fraction: z.number().min(0).max(1).optional()
})
export type ExtractProgress = z.infer<typeof ExtractProgressSchema>

export const EngineStatusSchema = z.object({
  state: z.enum(['starting', 'ready', 'crashed']),
  /** For 'crashed': what to tell the user. */
  message: z.string().optional(),
  /**
   * For 'crashed' while the engine worked on a request: that request's id (an extraction's
   * `requestId`; a batch file's or a display copy's is main's own), which fails with ENGINE_CRASHED.
   * Absent when it died between requests. A view says the crash only when the id is its own.
   */
  requestId: z.string().optional()
})
export type EngineStatus = z.infer<typeof EngineStatusSchema>

export const BatchProgressSchema = z.object({
  requestId: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** The file that just finished (absent in the first event, sent before any work). */
  file: z.string().optional()
})
export type BatchProgress = z.infer<typeof BatchProgressSchema>

export const eventContract = {
  /** A menu item or its shortcut was used. */
  onMenu: MenuCommandSchema,
  onExtractProgress: ExtractProgressSchema,
  /** A folder batch (`extractFolder`) finished another file. */
  onBatchProgress: BatchProgressSchema,
  /** The engine process started, became ready, or died (the next extract restarts it). */
  onEngineStatus: EngineStatusSchema,
  /** The operating system asked us to open files while the app was running (see takeLaunchFiles). */
  onOpenFiles: LaunchFilesSchema,
  /**
   * The user closed the window or quit while the page asked to be asked (`askBeforeClose`): the
   * page asks about its work, then calls `closeWindow`, or does nothing and the window stays.
   */
  onCloseRequest: nothing
} as const satisfies Record<string, z.ZodType>

// ---------------------------------------------------------------------------------------------
// Names and derived types

export type InvokeVerb = keyof typeof invokeContract
export type EventName = keyof typeof eventContract

export type RequestOf<V extends InvokeVerb> = z.input<(typeof invokeContract)[V]['request']>
export type ResponseOf<V extends InvokeVerb> = z.output<(typeof invokeContract)[V]['response']>
export type EventPayload<E extends EventName> = z.output<(typeof eventContract)[E]>

/** The IPC channel that carries a verb or an event (one namespace, so nothing else collides). */
export const invokeChannel = (verb: InvokeVerb): string => `palette-studio:${verb}`
export const eventChannel = (event: EventName): string => `palette-studio:event:${event}`

/**
 * Preload → main, synchronous, never exposed to the page: the path of a File the user dropped
 * (webUtils.getPathForFile), so that main will open it. Main answers the page only for paths the
 * user gave it: a dialog, Open Recent, or a drop. The reply is true when the path was granted.
 */
export const DROPPED_PATH_CHANNEL = 'palette-studio-preload:dropped-path'
export const DroppedPathSchema = filePath

export const INVOKE_VERBS = Object.keys(invokeContract) as InvokeVerb[]
export const EVENT_NAMES = Object.keys(eventContract) as EventName[]

export function isInvokeVerb(name: string): name is InvokeVerb {
  return Object.prototype.hasOwnProperty.call(invokeContract, name)
}

type RequiredKeys<T> = {
  [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K
}[keyof T]

/** A verb whose request has no required field may be called without an argument. */
type VerbFn<V extends InvokeVerb> = [RequiredKeys<RequestOf<V>>] extends [never]
  ? (request?: RequestOf<V>) => Promise<Result<ResponseOf<V>>>
  : (request: RequestOf<V>) => Promise<Result<ResponseOf<V>>>

/** What the preload exposes as `window.paletteStudio` (and the test bridge's shim imitates). */
export type PaletteStudioApi = { [V in InvokeVerb]: VerbFn<V> } & {
  [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void
} & {
  /**
   * The path on disk of a dropped or picked File (Electron's webUtils.getPathForFile);
   * '' when it has none (then send its bytes: `source: { kind: 'bytes' }`).
   */
  getPathForFile(file: File): string
}

/** Name under which the preload exposes the API on `window`. */
export const API_KEY = 'paletteStudio'

declare global {
  interface Window {
    paletteStudio: PaletteStudioApi
  }
}
