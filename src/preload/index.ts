import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('paletteStudio', { version: '0.1.0' })
