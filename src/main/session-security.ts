// Session-wide rules: every permission request refused (camera, notifications, clipboard read,
// …), nothing fetched from outside the app, and the CSP sent as a header with every page.
import type { Session } from 'electron'

interface SessionSecurityOptions {
  csp: string
  /** Whether a request URL is allowed to load (our app: origin, blob:, data:, dev server). */
  isAllowedUrl: (url: string) => boolean
  log?: (detail: unknown) => void
}

export function secureSession(session: Session, options: SessionSecurityOptions): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = options.isAllowedUrl(details.url)
    if (!allowed) options.log?.(`blocked a request for ${details.url}`)
    callback({ cancel: !allowed })
  })
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders }
    if (details.resourceType === 'mainFrame' || details.resourceType === 'subFrame') {
      for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name]
      headers['Content-Security-Policy'] = [options.csp]
    }
    callback({ responseHeaders: headers })
  })
}

/** URLs the renderer may load: our origin, URLs it made itself, DevTools, and the dev server. */
export function allowedUrl(appOrigin: string, devServer: string | undefined): (url: string) => boolean {
  const devOrigin = devServer ? new URL(devServer).origin : undefined
  const devSocket = devOrigin?.replace(/^http/, 'ws')
  return (url) => {
    if (url.startsWith(`${appOrigin}/`) || url.startsWith('blob:') || url.startsWith('data:') || url.startsWith('devtools:')) return true
    if (devOrigin && (url.startsWith(`${devOrigin}/`) || url.startsWith(`${devSocket}/`))) return true
    return false
  }
}
