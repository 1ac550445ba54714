// Which paths main will open for the page: those the user gave it, and nothing that merely looks alike.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PathGrants } from '../../../src/main/handlers/grants'
import type { Dialogs, Recent } from '../../../src/main/handlers/services'
import type { RecentItem } from '../../../src/shared/ipc-contract'

const recentOf = (items: Pick<RecentItem, 'path' | 'kind'>[]): Recent => ({
  list: async () => items.map((i) => ({ ...i, name: i.path, openedAt: 0 })),
  add: async () => {},
  clear: async () => {}
})

describe('PathGrants', () => {
  it('a granted folder covers what lies below it, not a sibling that shares its name as a prefix', async () => {
    const grants = new PathGrants(recentOf([]))
    grants.grantFolder('/photos/trip')
    expect(await grants.allows('/photos/trip/day1/a.jpg')).toBe(true)
    expect(await grants.allows('/photos/trip')).toBe(true)
    expect(await grants.allows('/photos/trip2/a.jpg')).toBe(false)
    expect(await grants.allows('/photos/trip/../secret.jpg')).toBe(false)
    expect(await grants.allows('/photos')).toBe(false)
  })

  it('a granted file covers itself only', async () => {
    const grants = new PathGrants(recentOf([]))
    grants.grantFile('/photos/a.jpg')
    expect(await grants.allows('/photos/b.jpg')).toBe(false)
    expect(await grants.allows('/photos/a.jpg/x')).toBe(false)
  })

  it('Open Recent grants its files, and its folders with their contents', async () => {
    const grants = new PathGrants(recentOf([{ path: '/films/a.mp4', kind: 'video' }, { path: '/shots', kind: 'folder' }]))
    expect(await grants.allows('/films/a.mp4')).toBe(true)
    expect(await grants.allows('/films/b.mp4')).toBe(false)
    expect(await grants.allows('/shots/sub/x.png')).toBe(true)
  })

  it('a drop grants an image or a film, by its extension in any case, and nothing else', async () => {
    const grants = new PathGrants(recentOf([]))
    expect(['/in/a.JPG', '/in/b.heic', '/in/c.mp4', '/in/d.txt', '/in/e', '/in/f.palette-studio'].map((p) => grants.grantDropped(p))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false
    ])
    expect(await grants.allows('/in/a.JPG')).toBe(true)
    expect(await grants.allows('/in/d.txt')).toBe(false)
  })

  it('Open Recent folders hold images and subfolders as a granted one does, not through links out', async () => {
    const root = await mkdtemp(join(tmpdir(), 'grants-'))
    try {
      await mkdir(join(root, 'shots', 'day1'), { recursive: true })
      await mkdir(join(root, 'private'))
      await symlink(join(root, 'private'), join(root, 'shots', 'out'))
      const grants = new PathGrants(recentOf([{ path: join(root, 'shots'), kind: 'folder' }]))
      const allowed = (path: string): Promise<boolean> => grants.allows(join(root, path))
      expect(await allowed('shots/day1')).toBe(true)
      expect(await allowed('shots/day1/a.jpg')).toBe(true)
      expect(await allowed('shots/notes.txt')).toBe(false)
      expect(await allowed('shots/out')).toBe(false)
      expect(await allowed('shots/out/a.jpg')).toBe(false)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('an image link in a granted folder reads only what the user gave too: an image of a granted folder, or a granted file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'grants-'))
    try {
      for (const folder of ['shots', 'film', 'private']) await mkdir(join(root, folder))
      for (const file of ['film/f.png', 'shots/key', 'private/a.png', 'private/b.png']) await writeFile(join(root, file), 'x')
      const links: [string, string][] = [['film/f.png', 'film.png'], ['shots/key', 'key.jpg'], ['private/a.png', 'a.png'], ['private/b.png', 'b.png']]
      for (const [target, link] of links) await symlink(join(root, target), join(root, 'shots', link))
      const grants = new PathGrants(recentOf([{ path: join(root, 'film'), kind: 'folder' }]))
      grants.grantFolder(join(root, 'shots'))
      grants.grantFile(join(root, 'private', 'b.png'))
      const allowed = (name: string): Promise<boolean> => grants.allows(join(root, 'shots', name))
      expect(await Promise.all(['film.png', 'key.jpg', 'a.png', 'b.png'].map(allowed))).toEqual([true, false, false, true])
      await expect(grants.require(join(root, 'shots', 'a.png'))).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('"a.png" is a link to "a.png", which is not an image in a folder you opened')
      })
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it("a path with '..' after a link in a granted folder cannot reach where the link leads: only plain full paths are opened", async () => {
    const root = await mkdtemp(join(tmpdir(), 'grants-'))
    try {
      const pictures = join(root, 'Pictures')
      await mkdir(join(root, 'Documents', 'scans'), { recursive: true })
      await mkdir(pictures)
      await writeFile(join(root, 'Documents', 'passport.jpg'), 'private')
      await writeFile(join(pictures, 'beach.jpg'), 'x')
      await symlink(join(root, 'Documents', 'scans'), join(pictures, 'album'))
      const grants = new PathGrants(recentOf([]))
      grants.grantFolder(pictures)
      // The system reads these as Documents/passport.jpg and Documents; resolve() as Pictures/passport.jpg and Pictures.
      for (const crafted of [`${pictures}/album/../passport.jpg`, `${pictures}/album/..`]) {
        expect(await grants.allows(crafted)).toBe(false)
        await expect(grants.require(crafted)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('full, plain path') })
      }
      const unplain = [`${pictures}/./beach.jpg`, `${pictures}//beach.jpg`, `${pictures}/`]
      expect(await Promise.all(unplain.map((p) => grants.allows(p)))).toEqual([false, false, false])
      expect(await grants.allows(join(pictures, 'beach.jpg'))).toBe(true)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('require refuses with FORBIDDEN and names the file', async () => {
    const grants = new PathGrants(recentOf([]))
    await expect(grants.require('/etc/passwd')).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('"passwd"') })
  })

  it('granting dialogs grant exactly what the user picked, and nothing when cancelled', async () => {
    const grants = new PathGrants(recentOf([]))
    const picked: Dialogs = {
      openImages: async () => ['/in/a.png', '/in/b.png'],
      openVideo: async () => null,
      openFolder: async () => '/shots',
      openFile: async () => null,
      saveFile: async () => '/out/board',
      confirmReplace: async () => true
    }
    const dialogs = grants.granting(picked)
    expect(await dialogs.openImages(true)).toEqual(['/in/a.png', '/in/b.png'])
    expect(await dialogs.openVideo()).toBeNull()
    await dialogs.openFolder('Choose')
    expect(await Promise.all(['/in/a.png', '/in/b.png', '/shots/x/y.jpg', '/in/c.png'].map((p) => grants.allows(p)))).toEqual([true, true, true, false])
    await dialogs.saveFile('Save', 'board', [])
    expect(await grants.allows(join('/out', 'board'))).toBe(false) // granted once written, with its extension
  })
})
