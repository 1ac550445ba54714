import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  encodeSwatchFile,
  formatOfPath,
  loadSwatchFile,
  MAX_SWATCH_FILE_BYTES,
  saveSwatchFile,
  swatchFileFromPalettes,
  type NamedColour,
  type SwatchFile
} from '../../../src/main/formats'
import { isEngineError } from '../../../src/main/engine/errors'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'swatch-files-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const file = swatchFileFromPalettes('beach', [
  {
    name: 'beach.jpg',
    palette: {
      method: 'median-cut',
      swatches: [
        { rgb: [250, 200, 10], hex: '#fac80a', share: 0.6 },
        { rgb: [7, 64, 200], hex: '#0740c8', share: 0.4, name: 'Sea' }
      ]
    }
  }
])

/** 20,000 colours with 1,000-character names (GPL keeps each line to 1,023 bytes): over 16 MiB as GPL. */
const longNames: SwatchFile = { loose: Array.from({ length: 20_000 }, (_, i) => ({ name: `${i} ${'x'.repeat(1_000)}`, rgb: [1, 2, 3] })), groups: [] }

describe('swatch files by path', () => {
  it('picks the format from the extension, case-insensitively', () => {
    expect([formatOfPath('a.ASE'), formatOfPath('b/c.gpl'), formatOfPath('d.json'), formatOfPath('e.css'), formatOfPath('f.txt')]).toEqual([
      'ase',
      'gpl',
      'json',
      'css',
      undefined
    ])
  })

  it('names swatches after their hex unless they have a name, one group per palette', () => {
    expect(file.groups[0].swatches.map((s) => s.name)).toEqual(['#fac80a', 'Sea'])
  })

  it.each(['ase', 'gpl', 'json'])('saves and loads the same colours as .%s', async (ext) => {
    const path = join(dir, `palette.${ext}`)
    await saveSwatchFile(path, file)
    const back = await loadSwatchFile(path)
    expect([...back.loose, ...back.groups.flatMap((g) => g.swatches)].map((s) => s.rgb)).toEqual([
      [250, 200, 10],
      [7, 64, 200]
    ])
  })

  it.each(['ase', 'gpl'] as const)('reports as clamped only the colours a .%s read for an import keeps (maxColours), as left out the rest', async (ext) => {
    // 255 × 255 is written to ASE as 255.0, as a writer on a 0..255 scale puts it in ASE's 0..1; GPL holds 300 as it is.
    const hot: NamedColour = { name: 'Hot', rgb: [ext === 'ase' ? 255 * 255 : 300, 0, 0] }
    const past: SwatchFile = { loose: [{ name: 'Fine', rgb: [1, 2, 3] }, { name: 'Kept', rgb: [1, 2, 3] }, hot], groups: [] }
    const path = join(dir, `past.${ext}`)
    await writeFile(path, encodeSwatchFile(ext, past))
    const read = await loadSwatchFile(path, { maxColours: 2 })
    expect(read.clamped).toBeUndefined()
    expect(read.loose.length + (read.leftOut ?? 0)).toBe(3)
    expect((await loadSwatchFile(path)).clamped).toEqual([expect.objectContaining({ name: 'Hot' })])
  })

  it('refuses files with an unknown extension, missing files and files far too large to be swatches', async () => {
    await expect(saveSwatchFile(join(dir, 'x.txt'), file)).rejects.toThrow(/\.ase, \.gpl, \.json, \.css/)
    await expect(loadSwatchFile(join(dir, 'nope.ase'))).rejects.toSatisfy((e) => isEngineError(e, 'NOT_FOUND'))
    const huge = join(dir, 'huge.gpl')
    await writeFile(huge, '')
    await truncate(huge, MAX_SWATCH_FILE_BYTES + 1)
    await expect(loadSwatchFile(huge)).rejects.toSatisfy((e) => isEngineError(e, 'BAD_SWATCH_FILE'))
    await saveSwatchFile(join(dir, 'palette.css'), file)
    await expect(loadSwatchFile(join(dir, 'palette.css'))).rejects.toThrow(/exported but not opened/)
  })

  // A device or a pipe has no size to check first: /dev/zero would be read for ever, a pipe waited on for ever.
  it.skipIf(process.platform === 'win32')('refuses a device or a pipe named like a swatch file, without reading or waiting on it', async () => {
    const device = join(dir, 'null.gpl')
    await symlink('/dev/null', device)
    await expect(loadSwatchFile(device)).rejects.toThrow('“null.gpl” is not a file but a pipe or a device: save the swatches to a file and open that.')
    const pipe = join(dir, 'pipe.ase')
    execFileSync('mkfifo', [pipe])
    await expect(loadSwatchFile(pipe)).rejects.toSatisfy((e) => isEngineError(e, 'BAD_SWATCH_FILE') && /pipe or a device/.test(e.message))
  })

  it('refuses a folder named like a swatch file, saying what it is', async () => {
    await mkdir(join(dir, 'folder.json'))
    await expect(loadSwatchFile(join(dir, 'folder.json'))).rejects.toThrow('“folder.json” is a folder, not a swatch file.')
  })

  it('refuses to save a swatch file too large to open again, keeping the file it would have replaced', async () => {
    const path = join(dir, 'kept.gpl')
    await saveSwatchFile(path, file)
    await expect(saveSwatchFile(path, longNames)).rejects.toThrow(/too large for one GPL file/)
    const back = await loadSwatchFile(path)
    expect([...back.loose, ...back.groups.flatMap((g) => g.swatches)].map((s) => s.rgb)).toEqual([
      [250, 200, 10],
      [7, 64, 200]
    ])
    // CSS is never opened again, so it has no such limit.
    await saveSwatchFile(join(dir, 'long.css'), longNames)
    expect((await stat(join(dir, 'long.css'))).size).toBeGreaterThan(MAX_SWATCH_FILE_BYTES)
  })
})
