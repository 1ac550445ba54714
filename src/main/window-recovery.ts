// When the window's page dies (a crash, out of memory) or hangs, the user is told and chooses to
// reload it; the reloaded page restores the compare board from its autosave, so nothing on the
// board is lost. Without this a crashed page leaves a blank window that says nothing.
import { dialog, type BrowserWindow, type MessageBoxOptions, type RenderProcessGoneDetails } from 'electron'

interface RecoveryOptions {
  quit: () => void
  log: (detail: unknown) => void
}

const RELOAD = 0
const QUIT = 1
const WAIT = 2

export function recoverWindow(window: BrowserWindow, options: RecoveryOptions): void {
  const contents = window.webContents
  // Set when the user chose to reload a hung page: the page is killed, and reloaded once it is gone.
  let reloadWhenGone = false
  let hangDialog: AbortController | null = null

  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || window.isDestroyed()) return
    options.log(`the window's page stopped: ${details.reason} (exit code ${details.exitCode})`)
    hangDialog?.abort()
    if (reloadWhenGone) {
      reloadWhenGone = false
      contents.reload()
      return
    }
    void dialog.showMessageBox(window, crashMessage(details)).then(({ response }) => {
      if (window.isDestroyed()) return
      if (response === RELOAD) contents.reload()
      else options.quit()
    })
  })

  window.on('unresponsive', () => {
    if (hangDialog) return // one question at a time, however often Chromium reports the hang
    const asked = new AbortController()
    hangDialog = asked
    void dialog.showMessageBox(window, { ...HANG_MESSAGE, signal: asked.signal }).then(({ response }) => {
      hangDialog = null
      if (asked.signal.aborted || window.isDestroyed() || response === WAIT) return
      if (response === QUIT) {
        // Not asked of the page, which cannot answer while it hangs (window.ts, CloseGuard).
        options.log('the window is not responding: quitting, as the user asked')
        options.quit()
        return
      }
      options.log('the window is not responding: reloading it, as the user asked')
      reloadWhenGone = true
      contents.forcefullyCrashRenderer()
    })
  })
  // The page answers again: the question is moot, so it goes away as if Wait was clicked.
  window.on('responsive', () => hangDialog?.abort())
}

const BOARD_IS_SAFE = 'Your compare board is autosaved as you work and comes back when the window reloads; an image or film open outside the board has to be opened again.'

function crashMessage(details: RenderProcessGoneDetails): MessageBoxOptions {
  const why = details.reason === 'oom' ? 'ran out of memory' : `stopped unexpectedly (${details.reason})`
  return {
    type: 'error',
    buttons: ['Reload', 'Quit'],
    defaultId: RELOAD,
    cancelId: RELOAD,
    message: `The Palette Studio window ${why}.`,
    detail: `${BOARD_IS_SAFE} If it stops again with the same image or film, quit and try another one.`
  }
}

const HANG_MESSAGE: MessageBoxOptions = {
  type: 'warning',
  buttons: ['Reload', 'Quit', 'Wait'],
  defaultId: WAIT,
  cancelId: WAIT,
  message: 'The Palette Studio window is not responding.',
  detail: `Wait if it is busy with a large image or board; otherwise reload it, or quit. ${BOARD_IS_SAFE}`
}
