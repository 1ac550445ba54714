// Saving swatch files from the command line, for images and films alike: the same checks and the
// same plain words when it fails ("could not save out/p.gpl: its folder does not exist.").
import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { encodeSwatchFile, writeFileAtomic, type SwatchFile, type SwatchFormat } from '../main/formats'

/** A save that failed, said for a designer; its message never names the temporary file. */
class SaveError extends Error {
  override readonly name = 'SaveError'

  constructor(target: string, reason: string, cause?: unknown) {
    super(`could not save ${target}: ${reason}`, cause === undefined ? undefined : { cause })
  }
}

export async function exportSwatches(target: string, format: SwatchFormat, swatches: SwatchFile): Promise<void> {
  try {
    await writeFileAtomic(target, encodeSwatchFile(format, swatches))
  } catch (error) {
    throw new SaveError(target, saveProblem(error), error)
  }
}

/** Stands in for the write-permission check in tests (root may write into any folder). */
export type AccessFn = (path: string, mode: number) => Promise<void>

/**
 * Checked before any image is read or film decoded: a save that cannot work should not cost a
 * long film's decoding first, nor give one failure per image. Undefined when the folder is there
 * and can be written to, no folder has the file's name, and a file there may be replaced.
 */
export async function exportFolderProblem(target: string, checkAccess: AccessFn = access): Promise<SaveError | undefined> {
  const problem = await exportDirProblem(target, checkAccess)
  if (problem) return problem
  const existing = await stat(target).catch(() => undefined)
  // A file there is replaced; a folder cannot be.
  if (existing?.isDirectory()) return new SaveError(target, 'a folder has that name.')
  // Nor a file made read-only (chmod 444, to keep a brand palette as it is): the save refuses it
  // too, but only once every image was read or the whole film decoded.
  if (existing) return writeProblem(target, target, checkAccess)
  return undefined
}

/** Like exportFolderProblem, for the folder only: several images write beside the target, never to its name. */
export async function exportDirProblem(target: string, checkAccess: AccessFn = access): Promise<SaveError | undefined> {
  const dir = dirname(target)
  const folder = await stat(dir).catch((error: unknown) => error as NodeJS.ErrnoException)
  if (folder instanceof Error) return new SaveError(target, saveProblem(folder), folder)
  if (!folder.isDirectory()) return new SaveError(target, 'its folder is a file.')
  return writeProblem(target, dir, checkAccess)
}

/** Why `path` (the target's folder, or the target itself) cannot be written to, as the save of `target` would say it. */
async function writeProblem(target: string, path: string, checkAccess: AccessFn): Promise<SaveError | undefined> {
  try {
    await checkAccess(path, constants.W_OK)
  } catch (error) {
    return new SaveError(target, saveProblem(error), error)
  }
  return undefined
}

export function saveProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  const reasons: Record<string, string> = {
    ENOENT: 'its folder does not exist.',
    ENOTDIR: 'its folder does not exist.',
    EACCES: 'permission denied.',
    EPERM: 'permission denied.',
    EISDIR: 'a folder has that name.',
    ENOSPC: 'the disk is full.',
    EROFS: 'the disk is read-only.',
    ENAMETOOLONG: 'the name is too long.'
  }
  return (code && reasons[code]) ?? (error as Error).message
}
