import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { HELDOUT_TSV, HeldOut, familyStem } from '../../../training/data/heldout'
import { MANIFEST, readManifest } from '../../../training/data/manifest'

const heldOut = new HeldOut([
  ['gnome-backgrounds', 'usr/share/backgrounds/gnome/adwaita-l.webp'],
  ['plasma-workspace-wallpapers', 'usr/share/wallpapers/Altai/contents/images/5120x2880.png'],
  ['tuxpaint-data', 'usr/share/tuxpaint/templates/sheep.jpg']
])

describe('held-out sources', () => {
  it('refuses a held-out file by package and path', () => {
    expect(heldOut.refuses('gnome-backgrounds', 'usr/share/backgrounds/gnome/adwaita-l.webp')).toBe('heldout')
    expect(heldOut.refuses('gnome-backgrounds', '/usr/share/backgrounds/gnome/adwaita-l.webp')).toBe('heldout')
  })

  it('refuses the variants and other sizes of a held-out picture, which would leak it into training', () => {
    expect(heldOut.refuses('gnome-backgrounds', 'usr/share/backgrounds/gnome/adwaita-d.webp')).toBe('heldout-sibling')
    expect(heldOut.refuses('plasma-workspace-wallpapers', 'usr/share/wallpapers/Altai/contents/images/1920x1080.png')).toBe(
      'heldout-sibling'
    )
    expect(heldOut.refuses('plasma-workspace-wallpapers', 'usr/share/wallpapers/Altai/contents/screenshot.png')).toBe('heldout-sibling')
    expect(heldOut.refuses('other-package', 'usr/share/pixmaps/sheep_1920x1080.jpg')).toBe('heldout-sibling')
  })

  it('accepts unrelated pictures, including other wallpapers of the same package', () => {
    expect(heldOut.refuses('gnome-backgrounds', 'usr/share/backgrounds/gnome/blobs-l.svg')).toBeNull()
    expect(heldOut.refuses('plasma-workspace-wallpapers', 'usr/share/wallpapers/Autumn/contents/images/1920x1080.jpg')).toBeNull()
    expect(familyStem('a/Kite/contents/images_dark/2560x1600.jpg')).toBe('kite')
  })

  it.skipIf(!existsSync(HELDOUT_TSV) || !existsSync(MANIFEST))('the committed training manifest holds no held-out source', () => {
    const real = HeldOut.load()
    expect(real.keys.size).toBeGreaterThan(100)
    const leaked = readManifest().filter((r) => real.refuses(r.package, r.path) !== null)
    expect(leaked).toEqual([])
  })
})
