// Playing a video file the user opened: the renderer gets an opaque URL, never a file path, and
// only files handed out here can be read through it. Range requests are answered, so the video
// element can seek without reading the whole film.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { mimeOf, openablePath } from './files'
import type { MediaUrls } from './services'

export class MediaRegistry implements MediaUrls {
  private readonly byToken = new Map<string, string>()
  private readonly byPath = new Map<string, string>()

  /** @param base the URL prefix the app serves media under, e.g. 'app://media/' */
  constructor(private readonly base: string) {}

  urlFor(path: string): string {
    let token = this.byPath.get(path)
    if (!token) {
      token = randomBytes(16).toString('hex')
      this.byToken.set(token, path)
      this.byPath.set(path, token)
    }
    return `${this.base}${token}`
  }

  /** The file behind a token, or undefined for anything not handed out. */
  resolve(token: string): string | undefined {
    return this.byToken.get(token)
  }
}

/** A Web Response for `path`, honouring a single `bytes=` range (what <video> asks for). */
export async function fileResponse(path: string, rangeHeader: string | null, extraHeaders: Record<string, string> = {}): Promise<Response> {
  let size: number
  let real: string | Buffer
  try {
    real = await openablePath(path)
    const info = await stat(real)
    if (!info.isFile()) return new Response('Not found', { status: 404 })
    size = info.size
  } catch {
    return new Response('Not found', { status: 404 })
  }
  const headers: Record<string, string> = { 'Content-Type': mimeOf(path), 'Accept-Ranges': 'bytes', ...extraHeaders }
  const range = parseRange(rangeHeader, size)
  if (range === 'unsatisfiable') {
    return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } })
  }
  const { start, end } = range ?? { start: 0, end: size - 1 }
  const body = size === 0 ? null : (Readable.toWeb(createReadStream(real, { start, end })) as ReadableStream<Uint8Array>)
  headers['Content-Length'] = String(size === 0 ? 0 : end - start + 1)
  if (!range) return new Response(body, { status: 200, headers })
  return new Response(body, { status: 206, headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}` } })
}

export function parseRange(header: string | null, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/)
  if (!match) return null // absent or multi-range: send the whole file (allowed by RFC 9110)
  const [, from, to] = match
  if (from === '' && to === '') return null
  let start: number
  let end: number
  if (from === '') {
    start = Math.max(0, size - Number(to)) // suffix range: the last N bytes
    end = size - 1
  } else {
    start = Number(from)
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1)
  }
  if (start >= size || start > end) return 'unsatisfiable'
  return { start, end }
}
