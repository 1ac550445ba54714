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
 * The path to write, or null when the user cancels. The dialog asks before replacing the file it
 * returns, but Linux dialogs return the name as typed (electron/electron#21935): when we add the
 * extension, the file we would replace is another one, so we ask ourselves.
 */
export async function chooseSavePath(dialogs: Dialogs, title: string, suggestedName: string, ext: string, filters: FileFilter[]): Promise<string | null> {
  const chosen = await dialogs.saveFile(title, withExtension(suggestedName, ext), filters)
  if (chosen === null) return null
  const path = withExtension(chosen, ext)
  if (path !== chosen && (await exists(path)) && !(await dialogs.confirmReplace(path))) return null
  return path
}
