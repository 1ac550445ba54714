// Browser side of the test bridge: defines `window.paletteStudio` with the very API the preload
// builds (src/preload/api.ts), carried over fetch and server-sent events instead of Electron IPC.
// The bridge bundles this file with esbuild and serves it at /__bridge/shim.js.
import { buildApi } from '../../../src/preload/api'
import type { PaletteStudioApi } from '../../../src/shared/ipc-contract'
import { decodeWire, encodeWire } from './wire'

interface BrowserGlobals {
  paletteStudio: PaletteStudioApi
  EventSource: new (url: string) => { onmessage: ((event: { data: string }) => void) | null }
}
const page = globalThis as unknown as BrowserGlobals

const listeners = new Map<string, Set<(payload: unknown) => void>>()
const events = new page.EventSource('/__bridge/events')
events.onmessage = (event) => {
  const { channel, payload } = decodeWire(event.data) as { channel: string; payload: unknown }
  for (const listener of listeners.get(channel) ?? []) listener(payload)
}

page.paletteStudio = buildApi({
  invoke: async (channel, request) => {
    const response = await fetch(`/__bridge/invoke/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: encodeWire(request)
    })
    return decodeWire(await response.text())
  },
  subscribe: (channel, listener) => {
    const set = listeners.get(channel) ?? new Set()
    listeners.set(channel, set)
    set.add(listener)
    return () => void set.delete(listener)
  },
  // A browser's File has no path on disk; Electron's has one only for dropped or picked files.
  pathForFile: () => ''
})
