// The only module in the main process that touches ipcMain. Every verb of the contract gets a
// handler that first checks who is asking (our window's main frame, showing our app), then
// validates the request and the handler's answer against the contract's schemas (in dispatch, as
// the test bridge does). Events to the renderer go out through `sendEvent`, checked against the
// contract too.
import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron'
import {
  DROPPED_PATH_CHANNEL,
  DroppedPathSchema,
  eventChannel,
  eventContract,
  INVOKE_VERBS,
  invokeChannel,
  type EventName,
  type EventPayload,
  type Result
} from '../shared/ipc-contract'
import { dispatch } from './handlers/dispatch'
import type { PathGrants } from './handlers/grants'
import type { Handlers } from './handlers/handlers'

interface IpcOptions {
  handlers: Handlers
  /** Where the preload's dropped paths are granted (the same grants the handlers check). */
  grants: PathGrants
  /** The app window, or null while there is none. */
  window: () => BrowserWindow | null
  /** Whether a URL is one of our app's pages (app://palette-studio/…, or the dev server). */
  isAppUrl: (url: string) => boolean
  log?: (detail: unknown) => void
}

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This request did not come from the Palette Studio window, so it was refused.' }
}

/** True only for our window's top frame showing our own page (never an iframe or a navigated page). */
function isTrustedSender(event: IpcMainInvokeEvent | IpcMainEvent, window: BrowserWindow | null, isAppUrl: (url: string) => boolean): boolean {
  if (!window || window.isDestroyed()) return false
  if (event.sender !== window.webContents) return false
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  return isAppUrl(frame.url)
}

export function registerIpc(options: IpcOptions): () => void {
  const log = options.log ?? console.error
  for (const verb of INVOKE_VERBS) {
    ipcMain.handle(invokeChannel(verb), (event, request: unknown) => {
      if (!isTrustedSender(event, options.window(), options.isAppUrl)) {
        log(`IPC: refused ${verb} from ${event.senderFrame?.url ?? 'an unknown frame'}`)
        return FORBIDDEN
      }
      return dispatch(options.handlers, verb, request, { log })
    })
  }
  ipcMain.on(DROPPED_PATH_CHANNEL, (event, raw: unknown) => {
    const path = DroppedPathSchema.safeParse(raw)
    const trusted = isTrustedSender(event, options.window(), options.isAppUrl)
    const granted = trusted && path.success && options.grants.grantDropped(path.data)
    if (!trusted) log(`IPC: refused a dropped path from ${event.senderFrame?.url ?? 'an unknown frame'}`)
    else if (!granted) log('IPC: a dropped path that is not an image or a film on disk was not granted (the page sends its bytes)')
    event.returnValue = granted
  })
  return () => {
    for (const verb of INVOKE_VERBS) ipcMain.removeHandler(invokeChannel(verb))
    ipcMain.removeAllListeners(DROPPED_PATH_CHANNEL)
  }
}

/** Push an event to the renderer; a payload that breaks the contract is a bug here, so it throws. */
export function sendEvent<E extends EventName>(window: BrowserWindow | null, event: E, payload: EventPayload<E>): void {
  if (!window || window.isDestroyed()) return
  const checked = eventContract[event].parse(payload)
  window.webContents.send(eventChannel(event), checked)
}
