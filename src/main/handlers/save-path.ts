// Where a save goes: the native save dialog's choice, with the format's extension.
import { access } from 'node:fs/promises'
import { extname } from 'node:path'
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

/**
 * The page suggests a file name, never where it goes: a "/" (an imported group called "Reds/Blues",
 * or a page that goes wrong naming "/home/me/.bashrc") would point the dialog at another folder.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const fileName = (name: string): string => name.replace(/[\\/\u0000-\u001f]/g, '-')

/**
 * The path to write, or null when the user cancels. The dialog asks before replacing the file it
 * returns, but Linux dialogs return the name as typed (electron/electron#21935): when we add the
 * extension, the file we would replace is another one, so we ask ourselves.
 */
export async function chooseSavePath(dialogs: Dialogs, title: string, suggestedName: string, ext: string, filters: FileFilter[]): Promise<string | null> {
  const chosen = await dialogs.saveFile(title, withExtension(fileName(suggestedName), ext), filters)
  if (chosen === null) return null
  const path = withExtension(chosen, ext)
  if (path !== chosen && (await exists(path)) && !(await dialogs.confirmReplace(path))) return null
  return path
}
