// Open Recent keeps an item as what its path really is: the page cannot record a folder as a
// board (Open Recent would then open it as one, and fail).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../../src/main/handlers/dispatch'
import { createHandlers, type Handlers } from '../../../src/main/handlers/handlers'
import { fakeServices } from '../shell-services'

let dir: string
let handlers: Handlers
const call = (verb: string, request: unknown) => dispatch(handlers, verb, request)

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recent-kind-'))
  await mkdir(join(dir, 'sub'))
  await writeFile(join(dir, 'a.png'), 'png')
  await writeFile(join(dir, 'clip.mp4'), 'mp4')
  await writeFile(join(dir, 'logo.svg'), '<svg/>')
  const services = fakeServices(dir)
  handlers = createHandlers({ ...services, dialogs: { ...services.dialogs, openFolder: async () => dir } })
  await call('openFolderDialog', {})
  // A folder grants its images only: the film and the .svg come as dropped files do.
  for (const name of ['clip.mp4', 'logo.svg']) services.grants.grantFile(join(dir, name))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('addRecent', () => {
  it('refuses a kind the path is not, and says what it is', async () => {
    expect(await call('addRecent', { path: join(dir, 'sub'), kind: 'project' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: '"sub" is not a board but a folder, so it was not added to Open Recent.' }
    })
    expect(await call('addRecent', { path: join(dir, 'a.png'), kind: 'folder' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await call('addRecent', { path: join(dir, 'clip.mp4'), kind: 'image' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await call('listRecent', {})).toEqual({ ok: true, value: { items: [] } })
  })

  it('keeps what the page opened: a dropped image, a played film, an image known by its MIME type only', async () => {
    expect(await call('addRecent', { path: join(dir, 'a.png'), kind: 'image' })).toEqual({ ok: true, value: {} })
    expect(await call('addRecent', { path: join(dir, 'clip.mp4'), kind: 'video' })).toEqual({ ok: true, value: {} })
    expect(await call('addRecent', { path: join(dir, 'logo.svg'), kind: 'image' })).toEqual({ ok: true, value: {} })
    const listed = await call('listRecent', {})
    expect(listed.ok && (listed.value as { items: { name: string; kind: string }[] }).items.map(({ name, kind }) => [name, kind])).toEqual([
      ['logo.svg', 'image'],
      ['clip.mp4', 'video'],
      ['a.png', 'image']
    ])
  })
})
