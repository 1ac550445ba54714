// The renderer page gets one Content-Security-Policy: the header contentSecurityPolicy() makes.
// A browser enforces every policy a page carries, so a second one (a meta tag in index.html)
// would silently take back what the header allows, e.g. films from app: in `npm run dev`.
import { describe, expect, it } from 'vitest'
import { appContentResponse } from '../../src/main/app-content'
import { contentSecurityPolicy, MEDIA_PATH } from '../../src/main/content-security'
import { MediaRegistry } from '../../src/main/handlers/media'

/** Every policy the served page is under: its header, then any meta tags in its HTML. */
async function policiesOfRendererPage(csp: string): Promise<string[]> {
  const response = await appContentResponse('/index.html', null, { rendererDir: 'src/renderer', media: new MediaRegistry(MEDIA_PATH), csp })
  const html = await response.text()
  const metas = [...html.matchAll(/<meta\b[^>]*>/gi)].map((match) => match[0]).filter((tag) => /http-equiv\s*=\s*["']?content-security-policy/i.test(tag))
  const header = response.headers.get('Content-Security-Policy')
  return [...(header ? [header] : []), ...metas.map((tag) => /content\s*=\s*"([^"]*)"/i.exec(tag)?.[1] ?? tag)]
}

describe('the renderer page', () => {
  it.each([
    ['the packaged app', contentSecurityPolicy()],
    ['npm run dev', contentSecurityPolicy({ dev: true })]
  ])('is under exactly the policy the main process sends (%s), so its films and sockets are allowed', async (_where, csp) => {
    expect(await policiesOfRendererPage(csp)).toEqual([csp])
  })
})
