// The longest paths that cross the IPC boundary: apart from the contract's schemas, so that the
// engine's folder walk keeps to them without loading zod (as preview-limits.ts).

/** The longest path the system reads (Linux's PATH_MAX). */
export const MAX_PATH = 4096
/**
 * The longest path a folder's walk reports: a folder within MAX_PATH and one name in it (NAME_MAX,
 * 255 bytes). A walk reads no folder past MAX_PATH, and names each file past it as too long.
 */
export const MAX_FOUND_PATH = MAX_PATH + 256
