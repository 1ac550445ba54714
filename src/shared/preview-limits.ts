// The bounds of a preview an extraction returns, apart from the contract's schemas so that the
// engine can read them without loading zod (the engine's import stays light: neural-method.test.ts).

/** Longest side of the box a preview is fitted into: the board column's at 200 % fits (thumbnail.ts). */
export const MAX_PREVIEW_SIDE = 512
/**
 * Longest preview an extraction returns, as a data: URL: half of what a board file keeps for a
 * column's (project.ts); pure noise fitted into 480 × 260 is about 90,000.
 */
export const MAX_PREVIEW_CHARS = 200_000
