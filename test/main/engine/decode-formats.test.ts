import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/engine/decode'
import { expectEngineError } from './helpers'

/** A red square drawing; libvips would render it through librsvg. */
const RED_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#ff0000"/></svg>'
/** As Illustrator saves one: an XML declaration, a comment, and a doctype with entities in its internal subset. */
const ILLUSTRATOR_SVG =
  '\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- Generator: Adobe Illustrator 27.0.0 -->\n' +
  '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n' +
  '\t<!ENTITY ns_graphs "http://ns.adobe.com/Graphs/1.0/">\n]>\n' +
  '<svg version="1.1" xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#00ff00"/></svg>'
const SVG_REFUSED = /^“[^”]+” is an SVG drawing, which Palette Studio can't read\. Export it as PNG from the app that drew it, and open that\.$/
const SVGZ_REFUSED = /^“[^”]+” is a compressed SVG drawing \(SVGZ\), which Palette Studio can't read\. Export it as PNG from the app that drew it, and open that\.$/
/** An Illustrator drawing of many paths, gzipped as Illustrator saves an .svgz: far longer compressed than what is inflated to sniff it. */
const ILLUSTRATOR_SVGZ = gzipSync(
  ILLUSTRATOR_SVG.replace('</svg>', Array.from({ length: 2000 }, (_, i) => `<path d="M${(i * 7919) % 997} ${(i * 104729) % 991}h${i % 13}"/>`).join('') + '</svg>')
)
const NOT_AN_IMAGE = /^“[^”]+” is not an image Palette Studio recognises\. It reads JPEG, PNG, WebP, AVIF, HEIF, TIFF, GIF and BMP\.$/

let dir = ''
const at = (name: string): string => join(dir, name)
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'decode-formats-'))
  await writeFile(at('red.svg'), RED_SVG)
  await writeFile(at('drawing.png'), RED_SVG)
  await writeFile(at('illustrator.svg'), ILLUSTRATOR_SVG)
  // libvips' own format, which sharp writes by the .v extension.
  await sharp({ create: { width: 4, height: 4, channels: 3, background: '#ff0000' } }).toFile(at('red.v'))
  await copyFile(at('red.v'), at('vips-as.png'))
  await sharp({ create: { width: 4, height: 4, channels: 3, background: '#0000ff' } })
    .tiff({ bigtiff: true })
    .toFile(at('blue.tif'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))


describe('decodeImage reads only the formats Palette Studio lists', () => {
  it('refuses an SVG by path, without rendering it', () => expectEngineError(decodeImage(at('red.svg')), 'UNSUPPORTED', SVG_REFUSED))
  it('refuses an SVG renamed .png', () =>
    expectEngineError(decodeImage(at('drawing.png')), 'UNSUPPORTED', /^“drawing\.png” is an SVG drawing, which Palette Studio can't read/))
  it('refuses an SVG given as bytes (a drop or paste)', async () =>
    expectEngineError(decodeImage(await readFile(at('red.svg')), { name: 'Pasted image.png' }), 'UNSUPPORTED', /^“Pasted image\.png” is an SVG drawing/))
  it('names an SVG with a byte order mark, a comment and a doctype with an internal subset', () =>
    expectEngineError(decodeImage(at('illustrator.svg')), 'UNSUPPORTED', SVG_REFUSED))
  it('names an SVG whose doctype declares an entity holding "]"', () =>
    expectEngineError(
      decodeImage(Buffer.from('<!DOCTYPE svg [ <!ENTITY close "]"> ]>' + RED_SVG), { name: 'entity.svg' }),
      'UNSUPPORTED',
      /^“entity\.svg” is an SVG drawing/
    ))
  it('refuses a gzipped SVG (.svgz) as an SVG, by its bytes: by path, renamed, and given as bytes', async () => {
    expect(ILLUSTRATOR_SVGZ.length).toBeGreaterThan(4096)
    await writeFile(at('logo.svgz'), ILLUSTRATOR_SVGZ)
    await writeFile(at('logo-svgz.png'), gzipSync(RED_SVG))
    await expectEngineError(decodeImage(at('logo.svgz')), 'UNSUPPORTED', SVGZ_REFUSED)
    await expectEngineError(decodeImage(at('logo-svgz.png')), 'UNSUPPORTED', /^“logo-svgz\.png” is a compressed SVG drawing/)
    await expectEngineError(decodeImage(ILLUSTRATOR_SVGZ, { name: 'Pasted image.png' }), 'UNSUPPORTED', /^“Pasted image\.png” is a compressed SVG drawing/)
  })
  it('refuses a gzipped SVG whose drawing starts after a long comment that compresses little, as an SVG', async () => {
    // 6 KB of base64 noise: its gzip is far longer than the first kilobyte that was inflated at first.
    const noted = gzipSync(`<?xml version="1.0"?>\n<!-- ${randomBytes(4500).toString('base64')} -->\n${RED_SVG}`)
    expect(noted.length).toBeGreaterThan(4096)
    await expectEngineError(decodeImage(noted, { name: 'noted.svgz' }), 'UNSUPPORTED', /^“noted\.svgz” is a compressed SVG drawing/)
  })
  it('refuses a gzipped file that is not an SVG, or a damaged gzip, as not an image', async () => {
    await expectEngineError(decodeImage(gzipSync('<html><body>not a drawing</body></html>'), { name: 'page.svgz' }), 'NOT_AN_IMAGE', NOT_AN_IMAGE)
    await expectEngineError(decodeImage(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad]), { name: 'cut.svgz' }), 'NOT_AN_IMAGE', NOT_AN_IMAGE)
  })
  it('refuses libvips’ own .v format by path as not an image', () => expectEngineError(decodeImage(at('red.v')), 'NOT_AN_IMAGE', NOT_AN_IMAGE))
  it('refuses a .v file renamed .png, by path and as bytes alike', async () => {
    await expectEngineError(decodeImage(at('vips-as.png')), 'NOT_AN_IMAGE', NOT_AN_IMAGE)
    await expectEngineError(decodeImage(await readFile(at('vips-as.png')), { name: 'vips-as.png' }), 'NOT_AN_IMAGE', NOT_AN_IMAGE)
  })
  it('still reads a BigTIFF', async () => {
    const { image, source } = await decodeImage(at('blue.tif'))
    expect(source.format).toBe('tiff')
    const [r, g, b] = image.data
    expect(r + g).toBeLessThanOrEqual(2)
    expect(b).toBeGreaterThanOrEqual(253)
  })
  it('leaves sharp no loader for other formats once the engine has decoded, should a file get past sniffing', async () => {
    await decodeImage(at('blue.tif'))
    await expect(sharp(Buffer.from(RED_SVG)).metadata()).rejects.toThrow(/unsupported image format/)
    await expect(sharp(at('red.v')).metadata()).rejects.toThrow(/unsupported image format/)
  })
})
