import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exportPaths } from '../../src/cli/export-paths'
import { cutToBytes } from '../../src/shared/names'

describe('export file names', () => {
  it('writes a single image to exactly the file named', () => {
    expect(exportPaths('out/photo.gpl', ['x/beach.jpg'])).toEqual(['out/photo.gpl'])
  })

  it('gives each of several images its own file next to the one named, after the image', () => {
    expect(exportPaths('out/pal.ase', ['a/beach.jpg', 'a/city.PNG'])).toEqual([join('out', 'pal-beach.ase'), join('out', 'pal-city.ase')])
  })

  it('numbers images that share a name, whatever the case, so none overwrites another', () => {
    expect(exportPaths('pal.gpl', ['a/beach.jpg', 'b/beach.png', 'c/Beach.tif', 'beach-2.jpg'])).toEqual([
      'pal-beach.gpl',
      'pal-beach-2.gpl',
      'pal-Beach-3.gpl',
      'pal-beach-2-2.gpl'
    ])
  })

  it('shortens a long image name so that each file name fits 255 bytes, keeping the number and the extension', () => {
    const long = 'e'.repeat(250)
    const [first, second, third] = exportPaths('pal.gpl', [`${long}.png`, `x/${long}.jpg`, 'b.png'])
    expect(first).toBe(`pal-${'e'.repeat(247)}.gpl`)
    expect(second).toBe(`pal-${'e'.repeat(245)}-2.gpl`)
    expect(third).toBe('pal-b.gpl')
    const japanese = exportPaths('pal.gpl', [`${'写'.repeat(100)}.png`, 'b.png'])[0]
    expect(Buffer.byteLength(japanese)).toBeLessThanOrEqual(255)
    expect(japanese).toBe(`pal-${'写'.repeat(82)}.gpl`)
  })

  it('cuts a name to a number of UTF-8 bytes between whole characters', () => {
    expect(cutToBytes('aé😀b', 7)).toBe('aé😀')
    expect(cutToBytes('aé😀b', 6)).toBe('aé')
    expect(cutToBytes('ae\u0301b', 3)).toBe('a')
    expect(cutToBytes('abc', 0)).toBe('')
  })
})
