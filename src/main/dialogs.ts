// Native open and save dialogs, attached to the app window (sheets on macOS).
import { basename, dirname } from 'node:path'
import { dialog, type BrowserWindow, type MessageBoxOptions, type OpenDialogOptions, type SaveDialogOptions } from 'electron'
import { IMAGE_EXTENSIONS, VIDEO_EXTENSIONS } from '../shared/media-types'
import type { Dialogs } from './handlers/services'

export function nativeDialogs(window: () => BrowserWindow | null): Dialogs {
  const open = async (options: OpenDialogOptions): Promise<string[]> => {
    const win = window()
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return result.canceled ? [] : result.filePaths
  }
  const save = async (options: SaveDialogOptions): Promise<string | null> => {
    const win = window()
    const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
    return result.canceled || !result.filePath ? null : result.filePath
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
    openFolder: async (title) => (await open({ title, properties: ['openDirectory', 'createDirectory'] }))[0] ?? null,
    openFile: async (title, filters) => (await open({ title, properties: ['openFile'], filters }))[0] ?? null,
    saveFile: (title, suggestedName, filters) => save({ title, defaultPath: suggestedName, filters, properties: ['createDirectory', 'showOverwriteConfirmation'] }),
    confirmReplace: async (path) => {
      const options: MessageBoxOptions = {
        type: 'question',
        buttons: ['Replace', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: `"${basename(path)}" already exists. Do you want to replace it?`,
        detail: `A file with the same name already exists in "${basename(dirname(path))}". Replacing it will overwrite its contents.`
      }
      const win = window()
      const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options)
      return response === 0
    }
  }
}
