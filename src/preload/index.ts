// The renderer's only door to the app: verbs and event listeners built from the IPC contract,
// exposed as `window.paletteStudio`. ipcRenderer itself never reaches the page. This file is
// bundled whole (the renderer is sandboxed, so only 'electron' may be required at run time).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
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
    pathForFile: (file) => webUtils.getPathForFile(file)
  })
)
