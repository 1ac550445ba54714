// The app window is created locked down and cannot be navigated or made to open windows.
import { describe, expect, it, vi } from 'vitest'
import { BrowserWindow, shell } from './electron-mock'

vi.mock('electron', () => import('./electron-mock'))
const { CloseGuard, createMainWindow, trackPlace } = await import('../../src/main/window')
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
