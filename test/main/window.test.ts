// The app window is created locked down and cannot be navigated or made to open windows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BrowserWindow, dialog, shell } from './electron-mock'

vi.mock('electron', () => import('./electron-mock'))
const { CloseGuard, createMainWindow, trackPlace } = await import('../../src/main/window')
const { recoverWindow } = await import('../../src/main/window-recovery')
const { contentSecurityPolicy } = await import('../../src/main/content-security')
const { allowedUrl } = await import('../../src/main/session-security')

describe('main window', () => {
  const window = createMainWindow({ preload: '/app/preload/index.js', url: 'app://palette-studio/index.html' }) as unknown as BrowserWindow

  it('is isolated, sandboxed, without Node, with web security on', () => {
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      preload: '/app/preload/index.js'
    })
    expect(window.loadedUrl).toBe('app://palette-studio/index.html')
  })

  it('denies every navigation and webview', () => {
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { prevented: false, preventDefault() { this.prevented = true } }
      window.webContents.emit(name, event, 'https://example.com/')
      expect(event.prevented, name).toBe(true)
    }
    // will-frame-navigate carries its details on the event itself, for a frame of any depth.
    const inFrame = { url: 'https://example.com/', isMainFrame: false, prevented: false, preventDefault() { this.prevented = true } }
    window.webContents.emit('will-frame-navigate', inFrame)
    expect(inFrame.prevented).toBe(true)
  })

  it('opens no window and hands no URL to the browser, web links included', () => {
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com/paper' })).toEqual({ action: 'deny' })
    expect(window.webContents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(shell.opened).toEqual([])
  })
})

describe('window place', () => {
  it('is kept once the window rests after being dragged, not at every step of the drag', () => {
    vi.useFakeTimers()
    try {
      const window = new BrowserWindow({})
      const kept: unknown[] = []
      trackPlace(window as unknown as Electron.BrowserWindow, (place) => kept.push(place))
      for (const x of [10, 20, 30]) {
        window.normalBounds = { x, y: 5, width: 1000, height: 700 }
        window.emit('move')
        vi.advanceTimersByTime(100)
      }
      expect(kept).toEqual([])
      vi.advanceTimersByTime(500)
      expect(kept).toEqual([{ x: 30, y: 5, width: 1000, height: 700, maximized: false }])
      // Closing keeps it at once, and the drag's pending report does not come after.
      window.maximized = true
      window.emit('resize')
      window.emit('close', {})
      vi.advanceTimersByTime(1000)
      expect(kept).toHaveLength(2)
      expect(kept[1]).toMatchObject({ maximized: true })
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('closing while the page holds work kept nowhere', () => {
  function guarded() {
    const window = new BrowserWindow({})
    let asks = 0
    const guard = new CloseGuard(window as unknown as Electron.BrowserWindow, () => void asks++)
    guard.ask(true)
    return { window, guard, asked: () => asks }
  }

  it('asks the page, and does not close', () => {
    const { window, asked } = guarded()
    window.close()
    expect([window.closed, asked()]).toEqual([0, 1])
  })

  it('closes at once while the page does not respond, which could never answer; asks again once it does', () => {
    const { window, asked } = guarded()
    window.emit('unresponsive')
    window.close()
    expect([window.closed, asked()]).toEqual([1, 0])
    window.emit('responsive')
    window.close()
    expect([window.closed, asked()]).toEqual([1, 1])
  })

  describe('a page that hangs with no input since, which Chromium never says of it', () => {
    /** The guarded window with its recovery, as main makes them: quitting closes the window. */
    function recovering() {
      const guard = guarded()
      dialog.shown.length = 0
      recoverWindow(guard.window as unknown as Electron.BrowserWindow, { quit: () => guard.window.close(), log: () => {} })
      return guard
    }
    const hangQuestions = (): unknown[] => dialog.shown.filter((d) => d.options.message === 'The Palette Studio window is not responding.')
    beforeEach(() => void vi.useFakeTimers())
    afterEach(() => void vi.useRealTimers())

    it('is said not to respond when it does not answer in time, and Quit closes the window', async () => {
      const { window, asked } = recovering()
      window.webContents.hung = true
      window.close()
      expect([window.closed, asked()]).toEqual([0, 1])
      await vi.advanceTimersByTimeAsync(10_000)
      expect(hangQuestions()).toHaveLength(1)
      expect(dialog.shown[0].options.buttons).toEqual(['Reload', 'Quit', 'Wait'])
      dialog.shown[0].answer(1)
      await vi.advanceTimersByTimeAsync(0)
      expect(window.closed).toBe(1)
    })

    it('once merely busy, answers again: the question goes, and closing asks the page about its work', async () => {
      const { window, asked } = recovering()
      window.webContents.hung = true
      window.close()
      await vi.advanceTimersByTimeAsync(10_000)
      window.webContents.unhang()
      await vi.advanceTimersByTimeAsync(0)
      window.close()
      expect([window.closed, asked()]).toEqual([0, 2])
      expect(hangQuestions()).toHaveLength(1)
    })

    it('is not said of a page that runs, however long its user takes to answer its question', async () => {
      const { window, asked } = recovering()
      window.close()
      await vi.advanceTimersByTimeAsync(600_000)
      expect([window.closed, asked(), hangQuestions().length]).toEqual([0, 1, 0])
    })
  })

  it('asks again once the hung page was reloaded and holds such work anew', () => {
    const { window, guard, asked } = guarded()
    window.emit('unresponsive')
    // Reload: the hung page is killed, and the new one (which Chromium never reports responsive) edits a palette.
    window.webContents.forcefullyCrashRenderer()
    guard.ask(true)
    window.close()
    expect([window.closed, asked()]).toEqual([0, 1])
  })
})

describe('content security', () => {
  it('allows only the app itself: no remote scripts, no eval, no plugins, no framing', () => {
    const csp = contentSecurityPolicy()
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/)
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
  })

  it('lets a page served by the dev server play and read the films the app serves, and nothing else', () => {
    const dev = contentSecurityPolicy({ dev: true })
    // Films are read for their colour tags (film-colour.ts) as well as played.
    expect(dev).toMatch(/connect-src [^;]*\bapp:/)
    expect(dev).toMatch(/media-src [^;]*\bapp:/)
    expect(dev).not.toMatch(/https?:/)
  })

  it('loads nothing from the network', () => {
    const allowed = allowedUrl('app://palette-studio', undefined)
    expect(allowed('app://palette-studio/assets/index.js')).toBe(true)
    expect(allowed('blob:app://palette-studio/1234')).toBe(true)
    expect(allowed('https://cdn.example.com/x.js')).toBe(false)
    expect(allowed('file:///etc/passwd')).toBe(false)
    expect(allowed('app://other-host/x')).toBe(false)
    expect(allowedUrl('app://palette-studio', 'http://localhost:5173')('http://localhost:5173/src/main.ts')).toBe(true)
  })
})
