// Every verb of the IPC contract, implemented once. Electron's main process and the test bridge
// both build these from their own ShellServices, so the bridge exercises the real code.
import { basename } from 'node:path'
import type { InvokeVerb, RequestOf, ResponseOf } from '../../shared/ipc-contract'
import { BatchRunner } from './batch'
import { exportPalette, importPalette, withExtension } from './export'
import { listImages, readImageForDisplay, requireFile } from './files'
import { autosave, clearAutosave, openProject, restore, saveProject } from './project'
import type { FileFilter, ShellServices } from './services'
import { writeFileAtomic } from '../formats'

export type Handlers = {
  [V in InvokeVerb]: (request: RequestOf<V>) => Promise<ResponseOf<V>>
}

const SAVE_FILTERS: Record<'png' | 'json', FileFilter> = {
  png: { name: 'PNG image', extensions: ['png'] },
  json: { name: 'JSON', extensions: ['json'] }
}

export function createHandlers(services: ShellServices): Handlers {
  const { dialogs, recent } = services
  const batches = new BatchRunner(services.engine, (progress) => services.emitBatchProgress?.(progress))
  return {
    getAppInfo: async () => ({
      version: services.version,
      platform: services.platform,
      methods: await services.methods(),
      testBridge: services.testBridge
    }),

    openImageDialog: async (request) => ({ paths: await dialogs.openImages(request.multiple === true) }),
    openVideoDialog: async () => ({ path: await dialogs.openVideo() }),
    openFolderDialog: async () => ({ path: await dialogs.openFolder('Open a folder of images') }),

    readImageFile: async ({ path }) => {
      const image = await readImageForDisplay(path)
      await recent.add(path, 'image')
      return image
    },
    getMediaUrl: async ({ path }) => {
      await requireFile(path)
      await recent.add(path, 'video')
      return { url: services.media.urlFor(path), name: basename(path) }
    },
    listImagesInFolder: async ({ path }) => {
      const paths = await listImages(path)
      await recent.add(path, 'folder')
      return { paths }
    },

    extract: (request) => services.engine.extract(request, services.emitProgress),
    cancelExtract: async ({ requestId }) => ({ cancelled: services.engine.cancel(requestId) }),

    extractFolder: async (request) => {
      const result = await batches.run(request)
      await recent.add(request.path, 'folder')
      return result
    },
    cancelBatch: async ({ requestId }) => ({ cancelled: batches.cancel(requestId) }),

    exportPalette: (request) => exportPalette(dialogs, request),
    importPalette: () => importPalette(dialogs),
    saveFile: async ({ kind, data, suggestedName }) => {
      const chosen = await dialogs.saveFile('Save', withExtension(suggestedName, kind), [SAVE_FILTERS[kind]])
      if (chosen === null) return { path: null }
      const path = withExtension(chosen, kind)
      await writeFileAtomic(path, data)
      return { path }
    },

    copyText: async ({ text }) => {
      services.writeClipboard(text)
      return {}
    },

    listRecent: async () => ({ items: await recent.list() }),
    addRecent: async ({ path, kind }) => {
      await recent.add(path, kind)
      return {}
    },
    clearRecent: async () => {
      await recent.clear()
      return {}
    },

    saveProject: (request) => saveProject(dialogs, recent, request),
    openProject: (request) => openProject(dialogs, recent, request),
    autosaveBoard: (request) => autosave(services.autosaveFile, request),
    restoreBoard: () => restore(services.autosaveFile),
    clearAutosave: async () => {
      await clearAutosave(services.autosaveFile)
      return {}
    },

    updateMenuState: async (state) => {
      services.setMenuState(state)
      return {}
    }
  }
}

