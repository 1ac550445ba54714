// Native open and save dialogs, attached to the app window (sheets on macOS).
import { stat } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join } from 'node:path'
import { dialog, type BrowserWindow, type MessageBoxOptions, type OpenDialogOptions, type SaveDialogOptions } from 'electron'
import { IMAGE_EXTENSIONS, VIDEO_EXTENSIONS } from '../shared/media-types'
import type { Dialogs } from './handlers/services'

/**
 * Where save dialogs, and folder pickers to save into, open. Given a bare name, a Linux dialog
 * opens in the app's working folder, which for an app started from a launcher may be "/", where
 * nothing may be written: so always a folder, the one the last save went to (across launches) or
 * else one of the user's own.
 */
export interface SaveFolders {
  /** The folder of the last save; undefined before the first. It may since have been removed. */
  last(): string | undefined
  remember(folder: string): void
  /** The user's folders to open in before any save, best first (Pictures, Documents, home). */
  defaults(): string[]
}

export function nativeDialogs(window: () => BrowserWindow | null, saveFolders: SaveFolders): Dialogs {
  const open = async (options: OpenDialogOptions): Promise<string[]> => {
    const win = window()
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return result.canceled ? [] : result.filePaths
  }
  const save = async (options: SaveDialogOptions): Promise<string | null> => {
    const win = window()
    const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
    if (result.canceled || !result.filePath) return null
    saveFolders.remember(dirname(result.filePath))
    return result.filePath
  }
  const saveFolder = (): Promise<string | undefined> => firstFolder([saveFolders.last(), ...saveFolders.defaults()])
  /** A folder to save into: it opens where saves go, and the next save goes to it too. */
  const saveIntoFolder = async (title: string): Promise<string | null> => {
    const folder = await saveFolder()
    const chosen = (await open({ title, ...(folder ? { defaultPath: folder } : {}), properties: ['openDirectory', 'createDirectory'] }))[0] ?? null
    if (chosen !== null) saveFolders.remember(chosen)
    return chosen
  }
  return {
    openImages: (multiple) =>
      open({
        title: multiple ? 'Open Images' : 'Open Image',
        properties: multiple ? ['openFile', 'multiSelections'] : ['openFile'],
        filters: [{ name: 'Images', extensions: [...IMAGE_EXTENSIONS] }]
      }),
    openVideo: async () =>
      (await open({ title: 'Open Video', properties: ['openFile'], filters: [{ name: 'Videos', extensions: [...VIDEO_EXTENSIONS] }] }))[0] ?? null,
    openFolder: async (title, purpose = 'open') =>
      purpose === 'save' ? saveIntoFolder(title) : ((await open({ title, properties: ['openDirectory', 'createDirectory'] }))[0] ?? null),
    openFile: async (title, filters) => (await open({ title, properties: ['openFile'], filters }))[0] ?? null,
    saveFile: async (title, suggestedName, filters) => {
      const folder = await saveFolder()
      return save({ title, defaultPath: folder ? join(folder, suggestedName) : suggestedName, filters, properties: ['createDirectory', 'showOverwriteConfirmation'] })
    },
    confirmReplace: async (path, others = 0) => {
      const folder = basename(dirname(path))
      const options: MessageBoxOptions = {
        type: 'question',
        buttons: ['Replace', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        ...(others === 0
          ? {
              message: `"${basename(path)}" already exists. Do you want to replace it?`,
              detail: `A file with the same name already exists in "${folder}". Replacing it will overwrite its contents.`
            }
          : {
              message: `"${basename(path)}" and ${others === 1 ? '1 other file' : `${others} other files`} already exist. Do you want to replace them?`,
              detail: `Files with the same names already exist in "${folder}". Replacing them will overwrite their contents.`
            })
      }
      const win = window()
      const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options)
      return response === 0
    }
  }
}

/** The first of `folders` that is one now; a relative path would be the working folder's again. */
async function firstFolder(folders: readonly (string | undefined)[]): Promise<string | undefined> {
  for (const folder of folders) {
    if (folder && isAbsolute(folder) && (await stat(folder).catch(() => undefined))?.isDirectory()) return folder
  }
  return undefined
}
