// The one app window, locked down: an isolated, sandboxed renderer without Node, which can
// neither navigate away, open windows, nor attach webviews. The page is our own app: origin.
import { BrowserWindow } from 'electron'
import type { WindowPlace } from './window-place'

interface WindowOptions {
  preload: string
  url: string
  /** Window icon (Linux; macOS and Windows take it from the package). */
  icon?: string
  /** Where to open (`placeWindow`'s answer); none: the default size, centred. */
  place?: WindowPlace
}

/** How long the window must rest after a move or a resize before its place is kept. */
const PLACE_SETTLE_MS = 500
/**
 * How long a page asked about a close has to run a no-op before it is said not to respond: a page
 * busy for a moment runs it well within that, and a user still waits rather than forcing the app to
 * quit (which loses what the page holds).
 */
const ANSWER_MS = 10_000

const WEB_PREFERENCES = {
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
  const place = options.place
  const window = new BrowserWindow({
    ...(place ? { x: place.x, y: place.y, width: place.width, height: place.height } : { width: 1360, height: 860 }),
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
  window.once('ready-to-show', () => {
    if (place?.maximized) window.maximize()
    window.show()
  })
  void window.loadURL(options.url)
  return window
}

/**
 * Reports where the window is once it rests after a move or a resize, and as it closes. The
 * restored size (not the maximised one) is kept, so un-maximising next time gives it back.
 */
export function trackPlace(window: BrowserWindow, keep: (place: WindowPlace) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const report = (): void => {
    clearTimeout(timer)
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return
    const { x, y, width, height } = window.getNormalBounds()
    keep({ x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height), maximized: window.isMaximized() })
  }
  const settle = (): void => {
    clearTimeout(timer)
    timer = setTimeout(report, PLACE_SETTLE_MS)
  }
  window.on('move', settle)
  window.on('resize', settle)
  window.on('maximize', settle)
  window.on('unmaximize', settle)
  window.on('close', report)
}

/**
 * Closing the window (its close button, File › Quit) asks the page first while the page says it
 * holds work kept nowhere (or not written yet: a board change whose autosave is still to be
 * sent): the close, and with it a quit, is called off and `onAsk` tells the page, whose question
 * (none about a write it only has to finish) ends in `close()`, or in nothing when the user keeps
 * working. A page that is gone (crashed, or loaded anew) holds no such work any more, so the window
 * then closes at once. Nor is a page that does not respond asked: it could not answer, and the
 * window could never be closed.
 *
 * Chromium says a page does not respond only once input to it goes unanswered: a page that hangs
 * before the close, with no click in it since, would never be said to, and the close would wait on
 * it for ever. So a page asked must also run a no-op within ANSWER_MS; one that does not is said to
 * hang as Chromium would (window-recovery.ts asks Reload, Quit or Wait; closing again closes at
 * once), and one that runs it later after all, merely busy, is said to respond again, and asks.
 */
export class CloseGuard {
  #asks = false
  #answered = false
  #hung = false
  /** The asked page's no-op not yet run: its timer, until it runs or the page goes. */
  #check: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly window: BrowserWindow,
    onAsk: () => void
  ) {
    window.on('close', (event) => {
      if (!this.#asks || this.#answered || this.#hung) return
      event.preventDefault()
      onAsk()
      this.#checkResponds()
    })
    window.on('unresponsive', () => void (this.#hung = true))
    window.on('responsive', () => void (this.#hung = false))
    // A new page (the hung one reloaded) starts responsive, whether or not Chromium says so.
    const forget = (): void => {
      this.#asks = false
      this.#hung = false
      clearTimeout(this.#check)
      this.#check = undefined
    }
    window.webContents.on('render-process-gone', forget)
    window.webContents.on('did-navigate', forget)
  }

  /** Whether the page holds work to ask about, or to write, before the window closes. */
  ask(asks: boolean): void {
    this.#asks = asks
  }

  /** Closes the window without asking again: the page's user chose to. */
  close(): void {
    this.#answered = true
    this.window.close()
  }

  /** Says the page hangs unless it runs a no-op in time (one check at a time, however often the user closes). */
  #checkResponds(): void {
    if (this.#check !== undefined) return
    const check = setTimeout(() => this.#report('unresponsive'), ANSWER_MS)
    this.#check = check
    const ran = (): void => {
      if (this.#check !== check) return // the page went meanwhile: the new one was not asked
      clearTimeout(check)
      this.#check = undefined
      if (this.#hung) this.#report('responsive')
    }
    // Run or refused, the page's thread answered; a hung one does neither.
    this.window.webContents.executeJavaScript('void 0').then(ran, ran)
  }

  /** As Chromium reports it: to this guard and to the window's recovery alike. */
  #report(state: 'unresponsive' | 'responsive'): void {
    if (!this.window.isDestroyed()) this.window.emit(state)
  }
}

/** Applied to every web contents the app creates: nothing may navigate or open anything. */
export function guardWebContents(contents: Electron.WebContents): void {
  // The app has no links: a page asking to open a window (or a URL in the browser) is refused.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  // Frames too (the CSP allows none, but a policy is one line away from a mistake).
  contents.on('will-frame-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
