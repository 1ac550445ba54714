import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { HELDOUT_TSV, HeldOut, familyStem, looseStem } from '../../../training/data/heldout'
import { MANIFEST, readManifest } from '../../../training/data/manifest'

const heldOut = new HeldOut([
  ['gnome-backgrounds', 'usr/share/backgrounds/gnome/adwaita-l.webp'],
  ['plasma-workspace-wallpapers', 'usr/share/wallpapers/Altai/contents/images/5120x2880.png'],
  ['tuxpaint-data', 'usr/share/tuxpaint/templates/sheep.jpg'],
  ['libjxl-testdata', 'usr/share/libjxl-testdata/jxl/flower/flower.png'],
  ['naev-data', 'usr/share/naev/dat/gfx/planet/exterior/uninhabited-rocky-airless-00.png'],
  ['renpy-demo', 'usr/share/games/renpy/demo/game/images/concert1.png'],
  ['sway-backgrounds', 'usr/share/backgrounds/sway/Sway_Wallpaper_Blue_2048x1536.png'],
  ['python3-skimage', 'usr/lib/python3/dist-packages/skimage/data/motorcycle_left.png'],
  ['wesnoth-1.16-low', 'usr/share/games/wesnoth/1.16/data/campaigns/Legend_of_Wesmere/images/story/characters/kalenz.png']
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

  // Each of these was in the training manifest, found beside its held-out picture by comparing thumbnails.
  it.each([
    ['libjxl-testdata', 'usr/share/libjxl-testdata/jxl/flower/flower.png.im_q85_420.jpg', 're-encoded'],
    ['libjxl-testdata', 'usr/share/libjxl-testdata/jxl/flower/flower_cropped.jpg', 'cropped'],
    ['libjxl-testdata', 'usr/share/libjxl-testdata/jxl/flower/flower_small.q85_420_non_interleaved.jpg', 'smaller'],
    ['naev-data', 'usr/share/naev/dat/gfx/planet/exterior/uninhabited-rocky-green-00.png', 'recoloured'],
    ['renpy-demo', 'usr/share/games/renpy/demo/game/images/concert2.png', 'the next of a numbered series'],
    ['sway-backgrounds', 'usr/share/backgrounds/sway/Sway_Wallpaper_Blue_1136x640_Portrait.png', 'a portrait version']
  ])('refuses a variant in the held-out picture’s folder: %s %s (%s)', (pkg, path) => {
    expect(heldOut.refuses(pkg, path)).toBe('heldout-variant')
  })

  // Found in the training manifest by the audit of 2026-11-28, comparing thumbnails with the held-out images.
  it('refuses the other eye of a held-out stereo pair, and a held-out portrait on another background', () => {
    expect(heldOut.refuses('python3-skimage', 'usr/lib/python3/dist-packages/skimage/data/motorcycle_right.png')).toBe('heldout-sibling')
    expect(heldOut.refuses('wesnoth-1.16-low', 'usr/share/games/wesnoth/1.16/data/campaigns/Legend_of_Wesmere/images/campaign_image.png')).toBe(
      'heldout-twin'
    )
  })

  // Let into the listing when the package cap made room (2026-11-28), and seen to be kalenz.png's portrait.
  it('refuses a picture named after a held-out one in its package, in another folder', () => {
    const wesmere = 'usr/share/games/wesnoth/1.16/data/campaigns/Legend_of_Wesmere/images/'
    expect(heldOut.refuses('wesnoth-1.16-low', `${wesmere}portraits/kalenz_young.png`)).toBe('heldout-namesake')
    expect(heldOut.refuses('other-package', `${wesmere}portraits/kalenz_young.png`)).toBeNull()
    expect(heldOut.refuses('wesnoth-1.16-low', `${wesmere}portraits/kalenzar.png`)).toBeNull() // another word
    expect(new HeldOut([['p', 'a/sun.png']]).refuses('p', 'b/sun_set.png')).toBeNull() // "sun": too short to say
  })

  it('keeps the variant rule to the held-out picture’s folder and to names that say enough', () => {
    expect(heldOut.refuses('other-package', 'usr/share/libjxl-testdata/jxl/other/flower_cropped.jpg')).toBeNull()
    expect(heldOut.refuses('naev-data', 'usr/share/naev/dat/gfx/planet/exterior/desertic.png')).toBeNull()
    expect(looseStem('a/IMG.png')).toBe('img')
    expect(new HeldOut([['p', 'a/b/img1.png']]).refuses('p', 'a/b/img2_final.png')).toBeNull() // "img": too short to say
  })

  it('accepts unrelated pictures, including other wallpapers of the same package', () => {
    expect(heldOut.refuses('gnome-backgrounds', 'usr/share/backgrounds/gnome/blobs-l.svg')).toBeNull()
    expect(heldOut.refuses('plasma-workspace-wallpapers', 'usr/share/wallpapers/Autumn/contents/images/1920x1080.jpg')).toBeNull()
    expect(familyStem('a/Kite/contents/images_dark/2560x1600.jpg')).toBe('kite')
  })

  it('stops with where the list is looked for when it is missing, since nothing could be refused', () => {
    expect(() => HeldOut.load('/nonexistent/heldout-sources.tsv')).toThrow(/held-out list \/nonexistent\/heldout-sources\.tsv is missing.*PALETTE_HELDOUT_TSV/)
  })

  it.skipIf(!existsSync(HELDOUT_TSV) || !existsSync(MANIFEST))('the committed training manifest holds no held-out source', () => {
    const real = HeldOut.load()
    expect(real.keys.size).toBeGreaterThan(100)
    const leaked = readManifest().filter((r) => real.refuses(r.package, r.path) !== null)
    expect(leaked).toEqual([])
  })
})
