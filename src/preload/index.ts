// The renderer's only door to the app: verbs and event listeners built from the IPC contract,
// exposed as `window.paletteStudio`. ipcRenderer itself never reaches the page. This file is
// bundled whole (the renderer is sandboxed, so only 'electron' may be required at run time).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { DROPPED_PATH_CHANNEL } from '../shared/ipc-contract'
import { buildApi } from './api'

contextBridge.exposeInMainWorld(
  'paletteStudio',
  buildApi({
    invoke: (channel, request) => ipcRenderer.invoke(channel, request),
    subscribe: (channel, listener) => {
      const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
      ipcRenderer.on(channel, wrapped)
      return () => void ipcRenderer.removeListener(channel, wrapped)
    },
    pathForFile: (file) => {
      const path = webUtils.getPathForFile(file)
      // Synchronous, so main knows the file before the page's next request names it. A file main
      // will not open by its path (not an image or a film) has none for the page: it sends the bytes.
      return path !== '' && ipcRenderer.sendSync(DROPPED_PATH_CHANNEL, path) === true ? path : ''
    }
  })
)
