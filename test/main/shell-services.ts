// Shell services for driving main's real handlers in tests: dialogs that answer at once, an engine
// that answers without decoding, stores in `dir`. Tests replace what they watch.
import { join } from 'node:path'
import { PathGrants } from '../../src/main/handlers/grants'
import { MediaRegistry } from '../../src/main/handlers/media'
import type { ShellServices } from '../../src/main/handlers/services'
import { RecentStore } from '../../src/main/recent'

export function fakeServices(dir: string, overrides: Partial<ShellServices> = {}): ShellServices {
  const recent = new RecentStore({ file: join(dir, 'recent.json') })
  return {
    version: '1.2.3',
    platform: 'linux',
    testBridge: false,
    methods: async () => ['median-cut', 'kmeans'],
    dialogs: {
      openImages: async () => [],
      openVideo: async () => null,
      openFolder: async () => null,
      openFile: async () => null,
      saveFile: async (_title, name) => join(dir, name),
      confirmReplace: async () => true
    },
    engine: {
      extract: async (request) => ({
        palette: { method: request.method, swatches: [] },
        timings: { total: 1 },
        source: { width: 1, height: 1, format: 'png', hasAlpha: false, space: 'srgb' }
      }),
      cancel: () => false,
      displayCopy: async () => ({ mime: 'image/png', width: 1, height: 1, bytes: Uint8Array.of(1) })
    },
    recent,
    grants: new PathGrants(recent),
    media: new MediaRegistry('app://palette-studio/__media/'),
    launch: { take: async () => ({ items: [], refused: [] }) },
    writeClipboard: () => {},
    setMenuState: () => {},
    askBeforeClose: () => {},
    closeWindow: () => {},
    emitProgress: () => {},
    autosaveFile: join(dir, 'autosave.palette-studio'),
    log: () => {},
    ...overrides
  }
}
