// The one app window, locked down: an isolated, sandboxed renderer without Node, which can
// neither navigate away, open windows, nor attach webviews. The page is our own app: origin.
import { BrowserWindow, shell } from 'electron'

export interface WindowOptions {
  preload: string
  url: string
  /** Window icon (Linux; macOS and Windows take it from the package). */
  icon?: string
}

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  // A file dropped outside the drop zone must not replace the app with the file.
  navigateOnDragDrop: false,
  spellcheck: false
} as const

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Palette Studio',
    // Neutral grey: the chrome around the image must not tint the colours a designer judges.
    backgroundColor: '#1e1e1e',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: { ...WEB_PREFERENCES, preload: options.preload }
  })
  guardWebContents(window.webContents)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(options.url)
  return window
}

/** Applied to every web contents the app creates: nothing may navigate or open anything. */
export function guardWebContents(contents: Electron.WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web (a licence, the paper) open in the user's browser, never in the app.
    if (/^https:\/\//i.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  // Frames too (the CSP allows none, but a policy is one line away from a mistake).
  contents.on('will-frame-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
