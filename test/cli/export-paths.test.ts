import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exportPaths } from '../../src/cli/export-paths'

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
})
