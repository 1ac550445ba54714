// The Content-Security-Policy of the app window, sent as a response header with every page: by
// the app: protocol, by the session for the dev server's pages, and by the e2e test bridge. It is
// the page's only policy: index.html has no meta tag, since a browser enforces every policy a page
// carries and a second one would take back what this one allows. No remote content at all:
// scripts, styles, images, media and connections come from the app itself, images and video
// also from blob:/data: URLs the renderer makes from files the user opened.

export function contentSecurityPolicy(options: { dev?: boolean } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // Svelte transitions and the colour picker set inline styles.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"]
  }
  if (options.dev) {
    // electron-vite dev: the page comes from the Vite server, whose hot reload talks over a
    // WebSocket; videos still come from the app: scheme, played and read for their colour tags.
    directives['connect-src'].push('ws://localhost:*', 'ws://127.0.0.1:*', `${APP_SCHEME}:`)
    directives['media-src'].push(`${APP_SCHEME}:`)
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ')
}

/** The app's own URL scheme and host: the renderer is app://palette-studio/index.html. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'palette-studio'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
/** Videos the user opened are served under this path of the app's origin (same origin: CSP 'self'). */
export const MEDIA_PATH = '/__media/'
