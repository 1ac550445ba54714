// Every verb of the IPC contract, implemented once. Electron's main process and the test bridge
// both build these from their own ShellServices, so the bridge exercises the real code.
import { basename } from 'node:path'
import type { InvokeVerb, RequestOf, ResponseOf } from '../../shared/ipc-contract'
import { BatchRunner } from './batch'
import { exportPalette, importPalette } from './export'
import { fileVersion, readImageForDisplay } from './files'
import { adoptProject, autosave, clearAutosave, keepAside, openProject, ProjectStamps, restore, saveProject } from './project'
import { requireRecentKind } from './recent-kind'
import { chooseSavePath, saveLeaving } from './save-path'
import type { FileFilter, Recent, ShellServices } from './services'
import { writeFileAtomic } from '../formats'

export type Handlers = {
  [V in InvokeVerb]: (request: RequestOf<V>) => Promise<ResponseOf<V>>
}

const SAVE_FILTERS: Record<'png' | 'json', FileFilter> = {
  png: { name: 'PNG image', extensions: ['png'] },
  json: { name: 'JSON', extensions: ['json'] }
}

/** Open Recent is a convenience: failing to record an item must not fail what the user did. */
function bestEffort(recent: Recent, log: (detail: unknown) => void): Recent {
  return {
    list: () => recent.list(),
    clear: () => recent.clear(),
    add: (path, kind) => recent.add(path, kind).catch(log)
  }
}

export function createHandlers(services: ShellServices): Handlers {
  const { grants } = services
  const dialogs = grants.granting(services.dialogs)
  const stamps = new ProjectStamps()
  const recent = bestEffort(services.recent, services.log ?? console.error)
  const batches = new BatchRunner(services.engine, (progress) => services.emitBatchProgress?.(progress), (file) => grants.require(file))
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

    readImageFile: async ({ path, recent: remember }) => {
      await grants.require(path)
      const image = await readImageForDisplay(path)
      if (remember !== false) await recent.add(path, 'image')
      return image
    },
    getMediaUrl: async ({ path }) => {
      await grants.require(path)
      const version = await fileVersion(path)
      return { url: services.media.urlFor(path), name: basename(path), version }
    },

    extract: async (request) => {
      if (request.source.kind === 'path') await grants.require(request.source.path)
      return services.engine.extract(request, services.emitProgress)
    },
    cancelExtract: async ({ requestId }) => ({ cancelled: services.engine.cancel(requestId) }),
    displayCopy: async ({ source }) => {
      if (source.kind === 'path') await grants.require(source.path)
      return services.engine.displayCopy(source)
    },

    extractFolder: async (request) => {
      await grants.require(request.path)
      const result = await batches.run(request)
      await recent.add(request.path, 'folder')
      return result
    },
    cancelBatch: async ({ requestId }) => ({ cancelled: batches.cancel(requestId) }),

    // A folder chosen to export into grants the page nothing to read: export writes only the files it names.
    exportPalette: (request) => exportPalette(services.dialogs, request),
    importPalette: () => importPalette(dialogs),
    saveFile: async ({ kind, data, suggestedName }) => {
      const path = await chooseSavePath(dialogs, 'Save', suggestedName, kind, [SAVE_FILTERS[kind]])
      if (path === null) return { path: null }
      await saveLeaving([path], () => writeFileAtomic(path, data))
      return { path }
    },

    copyText: async ({ text }) => {
      services.writeClipboard(text)
      return {}
    },

    listRecent: async () => ({ items: await recent.list() }),
    addRecent: async ({ path, kind }) => {
      await grants.require(path)
      await requireRecentKind(path, kind)
      await recent.add(path, kind)
      return {}
    },
    clearRecent: async () => {
      await recent.clear()
      return {}
    },
    takeLaunchFiles: () => services.launch.take(),

    saveProject: (request) => saveProject(dialogs, recent, grants, stamps, request),
    openProject: (request) => openProject(dialogs, recent, grants, stamps, request),
    adoptProject: async (request) => adoptProject(stamps, request),
    autosaveBoard: (request) => autosave(services.autosaveFile, stamps, request),
    restoreBoard: () => restore(services.autosaveFile, stamps),
    clearAutosave: async () => {
      await clearAutosave(services.autosaveFile)
      return {}
    },
    keepAutosave: async () => ({ path: await keepAside(services.autosaveFile) }),

    askBeforeClose: async ({ ask }) => {
      services.askBeforeClose(ask)
      return {}
    },
    closeWindow: async () => {
      services.closeWindow()
      return {}
    },

    updateMenuState: async (state) => {
      services.setMenuState(state)
      return {}
    }
  }
}

