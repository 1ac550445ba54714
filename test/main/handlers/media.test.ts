// Videos are served to the <video> element only for files handed out, with seeking (ranges).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appContentResponse, staticFile } from '../../../src/main/app-content'
import { MediaRegistry, parseRange } from '../../../src/main/handlers/media'

let dir: string
const media = new MediaRegistry('/__media/')
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-'))
  await writeFile(join(dir, 'film.mp4'), Buffer.from('0123456789'))
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const serve = (path: string, range: string | null = null) => appContentResponse(path, range, { rendererDir: dir, media, csp: "default-src 'self'" })

describe('app content', () => {
  it('plays a handed-out video, whole or by byte range', async () => {
    const url = media.urlFor(join(dir, 'film.mp4'))
    expect(media.urlFor(join(dir, 'film.mp4'))).toBe(url)
    const whole = await serve(url)
    expect(whole.status).toBe(200)
    expect(whole.headers.get('content-type')).toBe('video/mp4')
    expect(await whole.text()).toBe('0123456789')
    const part = await serve(url, 'bytes=2-5')
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 2-5/10')
    expect(await part.text()).toBe('2345')
    expect((await serve(url, 'bytes=20-')).status).toBe(416)
  })

  it('plays a film whose name is not valid UTF-8 from the lossy name main was given, by byte range', async () => {
    const latin1 = Buffer.from(join(dir, 'caf\xe9.mp4'), 'latin1')
    await writeFile(latin1, Buffer.from('0123456789'))
    const part = await serve(media.urlFor(latin1.toString('utf8')), 'bytes=2-5')
    expect(part.status).toBe(206)
    expect(await part.text()).toBe('2345')
  })

  it('serves nothing for a token it never handed out', async () => {
    expect((await serve('/__media/0123456789abcdef')).status).toBe(404)
  })

  it('serves the renderer with the CSP header, and never a file outside it', async () => {
    const page = await serve('/')
    expect(page.headers.get('content-security-policy')).toBe("default-src 'self'")
    expect(staticFile(dir, '/../../etc/passwd')).toBeUndefined()
    expect(staticFile(dir, '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined()
    expect(staticFile(dir, '/assets/%00x.js')).toBeUndefined()
    expect((await serve('/%2e%2e/secret.txt')).status).toBe(404)
  })

  it('reads ranges as browsers send them', () => {
    expect(parseRange('bytes=0-', 10)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 })
    expect(parseRange('bytes=5-100', 10)).toEqual({ start: 5, end: 9 })
    expect(parseRange('bytes=0-1,4-5', 10)).toBeNull()
    expect(parseRange(null, 10)).toBeNull()
  })
})
