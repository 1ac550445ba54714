// What the app's origin serves: the built renderer, and the videos the user opened. Used by the
// app: protocol in Electron and by the test bridge's HTTP server, so both serve the same way.
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { fileResponse, type MediaRegistry } from './handlers/media'
import { MEDIA_PATH } from './content-security'

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm'
}

interface AppContentOptions {
  /** The built renderer (out/renderer). */
  rendererDir: string
  media: MediaRegistry
  csp: string
}

export async function appContentResponse(pathname: string, rangeHeader: string | null, options: AppContentOptions): Promise<Response> {
  if (pathname.startsWith(MEDIA_PATH)) {
    const path = options.media.resolve(pathname.slice(MEDIA_PATH.length))
    return path ? fileResponse(path, rangeHeader) : notFound()
  }
  const file = staticFile(options.rendererDir, pathname)
  if (!file) return notFound()
  try {
    const body = await readFile(file)
    const headers: Record<string, string> = { 'Content-Type': STATIC_TYPES[extname(file)] ?? 'application/octet-stream' }
    if (extname(file) === '.html') headers['Content-Security-Policy'] = options.csp
    return new Response(body, { status: 200, headers })
  } catch {
    return notFound()
  }
}

/** The file under `root` that a URL path names, or undefined when it would leave `root`. */
export function staticFile(root: string, pathname: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const file = normalize(join(root, relative))
  const base = normalize(root.endsWith(sep) ? root : root + sep)
  return file.startsWith(base) ? file : undefined
}

const notFound = (): Response => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
