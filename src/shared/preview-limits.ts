// The bounds of the previews extractions return, and of the board that shows them: apart from the
// contract's schemas, so that the engine reads them without loading zod (neural-method.test.ts).

/** Longest side of the box a preview is fitted into: the board column's at 200 % fits (thumbnail.ts). */
export const MAX_PREVIEW_SIDE = 512
/**
 * Longest preview an extraction returns, as a data: URL: half of what a board file keeps for a
 * column's (project.ts); pure noise fitted into 480 × 260 is about 90,000.
 */
export const MAX_PREVIEW_CHARS = 200_000
/**
 * Most columns a board takes. Each may keep a preview of up to MAX_PREVIEW_CHARS: at this many the
 * largest board still fits MAX_BOARD_BYTES, so it can always be saved, autosaved and opened again
 * (an ordinary photo's preview is a quarter of that, about 15 MB for a full board). A batch makes
 * previews for no more files than this: the rest could never be shown.
 */
export const MAX_BOARD_COLUMNS = 300
