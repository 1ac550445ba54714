// A file the user named, opened once: what is checked (its kind, its size) is the handle that is
// then read, so nothing can be swapped in between. Images (decode.ts) and swatch files
// (formats/index.ts) are both opened so.
import { constants, type Stats } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'

/**
 * Runs `read` on `path` opened for reading, given the handle's stat, and closes it. Opened without
 * blocking: opening a pipe (a FIFO named like an image or a palette) would wait for ever for a
 * writer. Errors pass through as they come (the caller words them).
 */
export async function withOpenFile<T>(path: string | Buffer, read: (handle: FileHandle, info: Stats) => Promise<T>): Promise<T> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    return await read(handle, await handle.stat())
  } finally {
    await handle.close()
  }
}

/** The user may not read the file: what the system said (EACCES, EPERM), in the app's words. */
export function permissionDenied(error: unknown, quotedName: string): string | undefined {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'EACCES' || code === 'EPERM' ? `${quotedName} can't be opened: you don't have permission to read it.` : undefined
}
