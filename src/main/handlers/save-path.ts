// Where a save goes: the native save dialog's choice, with the format's extension; and what a
// save the disk had no room for left there.
import { access } from 'node:fs/promises'
import { extname } from 'node:path'
import { cutToBytes, endWithinBytes } from '../../shared/names'
import { noRoomReason } from '../engine/io-messages'
import { ShellError } from './errors'
import type { Dialogs, FileFilter } from './services'

/** `name` with the extension `ext` (the user may type a name without one). */
export function withExtension(name: string, ext: string): string {
  return extname(name).toLowerCase() === `.${ext}` ? name : `${name}.${ext}`
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false
  )

/** Device names Windows will not save a file as, whatever its extension ("CON.gpl" too). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i

/** Room for the extension and a "-2" within the 255 bytes most disks allow a name. */
const MAX_NAME_BYTES = 200

/**
 * The page suggests a file name, never where it goes: a "/" (an imported group called "Reds/Blues",
 * or a page that goes wrong naming "/home/me/.bashrc") would point the dialog at another folder.
 * Nor may it suggest a name a disk refuses or hides: the characters Windows forbids (a film frame's
 * "01:23"), its device names, trailing dots and spaces it drops, a leading dot that hides the file
 * on a Mac or Linux, a name too long for the disk. Any script is kept ("東京", "Москва").
 */
const fileName = (name: string): string => diskSafe(name, (safe) => cutToBytes(safe, MAX_NAME_BYTES))

/**
 * One of the names a file name is made of ("<board> - <column>"), as fileName makes it safe, within
 * `maxBytes`: a long one gives up its middle, as its end tells films' frames apart ("… @ 00-01.400").
 */
export const fileNamePart = (name: string, maxBytes: number): string => diskSafe(name, (safe) => cutMiddle(safe, maxBytes))

function diskSafe(name: string, cut: (safe: string) => string): string {
  // eslint-disable-next-line no-control-regex -- control characters are among what it removes
  const safe = cut(name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-')).replace(/^[.\s]+|[.\s]+$/g, '')
  if (!safe) return 'palette'
  return WINDOWS_DEVICE.test(safe) ? `_${safe}` : safe
}

/** `text`'s start and end within `maxBytes`, with "…" for the middle. */
function cutMiddle(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  const half = Math.floor((maxBytes - Buffer.byteLength(ELLIPSIS)) / 2)
  return `${cutToBytes(text, half)}${ELLIPSIS}${endWithinBytes(text, half)}`
}

const ELLIPSIS = '…'

/** The name the save dialog suggests for `name`, as a file of type `ext`. */
export const suggestedFileName = (name: string, ext: string): string => withExtension(fileName(name), ext)

/**
 * The path to write, or null when the user cancels. The dialog asks before replacing the file it
 * returns, but Linux dialogs return the name as typed (electron/electron#21935): when we add the
 * extension, the file we would replace is another one, so we ask ourselves.
 */
export async function chooseSavePath(dialogs: Dialogs, title: string, suggestedName: string, ext: string, filters: FileFilter[]): Promise<string | null> {
  const chosen = await dialogs.saveFile(title, suggestedFileName(suggestedName, ext), filters)
  if (chosen === null) return null
  const path = withExtension(chosen, ext)
  if (path !== chosen && (await exists(path)) && !(await dialogs.confirmReplace(path))) return null
  return path
}

/**
 * Whether an export may write `paths` into the folder the user chose: a folder picker never asks
 * about the files already in it, so we ask, once for all of them.
 */
export async function mayReplaceAll(dialogs: Dialogs, paths: readonly string[]): Promise<boolean> {
  const found = await Promise.all(paths.map(exists))
  const existing = paths.filter((_, i) => found[i])
  return existing.length === 0 || dialogs.confirmReplace(existing[0], existing.length - 1)
}

/**
 * Runs `save`, an atomic write of `paths` (formats/atomic-write.ts); a disk with no room for it
 * says what it left. Failing so, the writer changed no file (a set it had begun to replace fails
 * as PartlyReplaced, which names them), so a target there now was there before.
 */
export async function saveLeaving<T>(paths: readonly string[], save: () => Promise<T>): Promise<T> {
  try {
    return await save()
  } catch (error) {
    const noRoom = noRoomReason((error as { code?: unknown } | null)?.code)
    if (noRoom === undefined) throw error
    throw new ShellError('IO_ERROR', `${noRoom}; ${await leftAsItWas(paths)}.`, { cause: error })
  }
}

async function leftAsItWas(paths: readonly string[]): Promise<string> {
  if (paths.length > 1) return 'no file was written or changed'
  return (await exists(paths[0])) ? 'the old file was left as it was' : 'no file was written'
}
