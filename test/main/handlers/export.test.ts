// Exports and boards on disk, through (scripted) dialogs.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { allColours, encodeSwatchFile, loadSwatchFile } from '../../../src/main/formats'
import { exportPalette, importPalette, uniqueNames } from '../../../src/main/handlers/export'
import { autosave, ProjectStamps, restore } from '../../../src/main/handlers/project'
import type { Dialogs } from '../../../src/main/handlers/services'
import { invokeContract, MAX_GROUP_SWATCHES, MAX_IMPORT_GROUPS, type SwatchGroup } from '../../../src/shared/ipc-contract'

let dir: string
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'export-'))))
afterEach(() => rm(dir, { recursive: true, force: true }))

const replaceAsked: string[] = []
const suggested: string[] = []
const dialogs = (answers: Partial<Record<'save' | 'folder', string | null>> & { replace?: boolean }): Dialogs => ({
  openImages: async () => [],
  openVideo: async () => null,
  openFolder: async () => answers.folder ?? null,
  openFile: async () => null,
  saveFile: async (_title, name) => (suggested.push(name), answers.save ?? null),
  confirmReplace: async (path, others) => (replaceAsked.push(others ? `${path} and ${others} more` : path), answers.replace ?? false)
})

const column = (name: string, rgb: [number, number, number]): SwatchGroup => ({
  name,
  swatches: [{ rgb, hex: '#' + rgb.map((c) => c.toString(16).padStart(2, '0')).join(''), share: 1, name: `${name} main` }]
})

/** An ASE colour block as other apps write it: any model, any type (0 global, 1 spot, 2 normal). */
function aseColour(name: string, model: string, values: number[], type: number): Buffer {
  const units = Buffer.from(`${name}\0`, 'utf16le').swap16()
  const body = Buffer.alloc(2 + units.length + 4 + 4 * values.length + 2)
  body.writeUInt16BE(name.length + 1, 0)
  units.copy(body, 2)
  body.write(model, 2 + units.length, 'latin1')
  values.forEach((v, i) => body.writeFloatBE(v, 6 + units.length + 4 * i))
  body.writeUInt16BE(type, body.length - 2)
  const head = Buffer.alloc(6)
  head.writeUInt16BE(1, 0)
  head.writeUInt32BE(body.length, 2)
  return Buffer.concat([head, body])
}

/** A group's blocks: its start (named), its colours, its end. */
function aseGroup(name: string, colours: Buffer[]): Buffer[] {
  const units = Buffer.from(`${name}\0`, 'utf16le').swap16()
  const start = Buffer.alloc(6 + 2 + units.length)
  start.writeUInt16BE(0xc001, 0)
  start.writeUInt32BE(2 + units.length, 2)
  start.writeUInt16BE(name.length + 1, 6)
  units.copy(start, 8)
  const end = Buffer.alloc(6)
  end.writeUInt16BE(0xc002, 0)
  return [start, ...colours, end]
}

function aseOf(blocks: Buffer[]): Buffer {
  const header = Buffer.alloc(12)
  header.write('ASEF', 0, 'latin1')
  header.writeUInt16BE(1, 4)
  header.writeUInt32BE(blocks.length, 8)
  return Buffer.concat([header, ...blocks])
}

describe('exportPalette', () => {
  it('adds the extension the user left off, and writes one ASE with a group per column', async () => {
    const result = await exportPalette(dialogs({ save: join(dir, 'board') }), {
      format: 'ase',
      groups: [column('Sunset', [250, 120, 40]), column('Sea', [20, 80, 160])],
      suggestedName: 'board'
    })
    expect(result.paths).toEqual([join(dir, 'board.ase')])
    const file = await loadSwatchFile(join(dir, 'board.ase'))
    expect(file.groups.map((g) => [g.name, g.swatches[0].rgb])).toEqual([
      ['Sunset', [250, 120, 40]],
      ['Sea', [20, 80, 160]]
    ])
  })

  it('writes one GPL file per column into a chosen folder, names kept apart', async () => {
    const result = await exportPalette(dialogs({ folder: dir }), {
      format: 'gpl',
      groups: [column('Frame 1', [1, 2, 3]), column('Frame 1', [4, 5, 6])],
      suggestedName: 'film.gpl',
      filePerGroup: true
    })
    expect(result.paths).toEqual([join(dir, 'film - Frame 1.gpl'), join(dir, 'film - Frame 1-2.gpl')])
    expect(allColours(await loadSwatchFile(result.paths[0])).map((c) => c.rgb)).toEqual([[1, 2, 3]])
    expect(allColours(await loadSwatchFile(result.paths[1])).map((c) => c.rgb)).toEqual([[4, 5, 6]])
  })

  it('one file per column keeps long board and column names within what a disk allows', async () => {
    const long = 'A very long film title '.repeat(12)
    const groups = [column(`${long} @ 00:01.000`, [1, 1, 1]), column(`${long} @ 00:02.000`, [2, 2, 2])]
    const result = await exportPalette(dialogs({ folder: dir }), { format: 'gpl', groups, suggestedName: long, filePerGroup: true })
    expect(result.paths).toHaveLength(2)
    expect(new Set(result.paths).size).toBe(2)
    for (const path of result.paths) expect(Buffer.byteLength(basename(path))).toBeLessThanOrEqual(255)
    // The ends of the names, where a frame's time is, tell the files apart.
    expect(result.paths.map((p) => basename(p).slice(-16))).toEqual(['@ 00-01.000.gpl', '@ 00-02.000.gpl'].map((end) => ` ${end}`))
    const colours = await Promise.all(result.paths.map(async (p) => allColours(await loadSwatchFile(p))[0].rgb))
    expect(colours).toEqual([[1, 1, 1], [2, 2, 2]])
  })

  it('one file per column never lets a numbered name overwrite another column\'s file', async () => {
    const groups = [column('photo', [1, 1, 1]), column('photo', [2, 2, 2]), column('photo 2', [3, 3, 3])]
    const result = await exportPalette(dialogs({ folder: dir }), { format: 'gpl', groups, suggestedName: 'board', filePerGroup: true })
    expect(new Set(result.paths).size).toBe(3)
    const colours = await Promise.all(result.paths.map(async (p) => allColours(await loadSwatchFile(p))[0].rgb))
    expect(colours).toEqual([[1, 1, 1], [2, 2, 2], [3, 3, 3]])
  })

  it('asks before replacing a file when it added the extension itself (Linux dialogs return the name as typed)', async () => {
    const existing = join(dir, 'sunset.ase')
    await writeFile(existing, 'keep me')
    replaceAsked.length = 0
    const groups = [column('Sunset', [250, 120, 40])]
    const declined = await exportPalette(dialogs({ save: join(dir, 'sunset'), replace: false }), { format: 'ase', groups, suggestedName: 'sunset' })
    expect(declined.paths).toEqual([])
    expect(replaceAsked).toEqual([existing])
    expect(await readFile(existing, 'utf8')).toBe('keep me')
    const replaced = await exportPalette(dialogs({ save: join(dir, 'sunset'), replace: true }), { format: 'ase', groups, suggestedName: 'sunset' })
    expect(replaced.paths).toEqual([existing])
    expect(allColours(await loadSwatchFile(existing)).map((c) => c.rgb)).toEqual([[250, 120, 40]])
    // The dialog itself asked about the name it returned: no second question.
    replaceAsked.length = 0
    await exportPalette(dialogs({ save: existing }), { format: 'ase', groups, suggestedName: 'sunset' })
    expect(replaceAsked).toEqual([])
  })

  it('one file per column asks once before writing over files already in the folder, and keeps them when declined', async () => {
    const groups = [column('Frame 1', [1, 2, 3]), column('Frame 2', [4, 5, 6]), column('Frame 3', [7, 8, 9])]
    const request = { format: 'gpl', groups, suggestedName: 'film', filePerGroup: true } as const
    await writeFile(join(dir, 'film - Frame 2.gpl'), 'keep me')
    await writeFile(join(dir, 'film - Frame 3.gpl'), 'keep me too')
    replaceAsked.length = 0
    expect((await exportPalette(dialogs({ folder: dir, replace: false }), request)).paths).toEqual([])
    expect(replaceAsked).toEqual([`${join(dir, 'film - Frame 2.gpl')} and 1 more`])
    expect(await readFile(join(dir, 'film - Frame 2.gpl'), 'utf8')).toBe('keep me')
    await expect(readFile(join(dir, 'film - Frame 1.gpl'))).rejects.toThrow()
    const replaced = await exportPalette(dialogs({ folder: dir, replace: true }), request)
    expect(replaced.paths).toHaveLength(3)
    expect(allColours(await loadSwatchFile(join(dir, 'film - Frame 3.gpl'))).map((c) => c.rgb)).toEqual([[7, 8, 9]])
  })

  it.each([
    ['film @ 01:23.400', 'film @ 01-23.400.gpl'],
    ['What? "Reds" <or> *blues* | greens', 'What- -Reds- -or- -blues- - greens.gpl'],
    ['sunset. . ', 'sunset.gpl'],
    ['.hidden', 'hidden.gpl'],
    ['..', 'palette.gpl'],
    ['CON', '_CON.gpl'],
    ['nul.2024', '_nul.2024.gpl'],
    ['色'.repeat(200), `${'色'.repeat(66)}.gpl`]
  ])('suggests a name every disk takes for %j: %j', async (name, expected) => {
    suggested.length = 0
    await exportPalette(dialogs({ save: null }), { format: 'gpl', groups: [column(name, [1, 2, 3])], suggestedName: name })
    expect(suggested).toEqual([expected])
  })

  it('titles the file with the name it was given, dots and all: the caller has already taken the image\'s extension off', async () => {
    const groups = [column('IMG_2024.01.05', [1, 2, 3])]
    const gpl = await exportPalette(dialogs({ save: join(dir, 'IMG_2024.01.05.gpl') }), { format: 'gpl', groups, suggestedName: 'IMG_2024.01.05' })
    expect((await loadSwatchFile(gpl.paths[0])).name).toBe('IMG_2024.01.05')
    // A name given with the format's own extension (the contract's "sunset.ase") loses just that.
    const json = await exportPalette(dialogs({ save: join(dir, 'IMG_2024.01.05.JSON') }), { format: 'json', groups, suggestedName: 'IMG_2024.01.05.JSON' })
    expect((await loadSwatchFile(json.paths[0])).name).toBe('IMG_2024.01.05')
  })

  it('one file per column is named after the board and the column, without doubled extensions', async () => {
    const result = await exportPalette(dialogs({ folder: dir }), {
      format: 'gpl',
      groups: [column('trip.2024', [1, 2, 3]), column('film @ 01:23.400', [4, 5, 6])],
      suggestedName: 'summer.2024',
      filePerGroup: true
    })
    expect(result.paths).toEqual([join(dir, 'summer.2024 - trip.2024.gpl'), join(dir, 'summer.2024 - film @ 01-23.400.gpl')])
    expect((await loadSwatchFile(result.paths[1])).name).toBe('film @ 01:23.400')
  })

  it('a swatch without a name is written under its hex code, with its share', async () => {
    const groups: SwatchGroup[] = [{ name: 'a', swatches: [{ rgb: [250, 120, 40], hex: '#fa7828', share: 0.25 }, { rgb: [1, 2, 3], hex: '#010203', share: 0.75, name: 'Ink' }] }]
    const result = await exportPalette(dialogs({ save: join(dir, 'a.json') }), { format: 'json', groups, suggestedName: 'a' })
    expect(allColours(await loadSwatchFile(result.paths[0])).map((c) => [c.name, c.share])).toEqual([
      ['#fa7828', 0.25],
      ['Ink', 0.75]
    ])
  })

  it('an export that fails (too large to open again) leaves the file it would have replaced', async () => {
    const target = join(dir, 'keep.json')
    await writeFile(target, '{"old": true}\n')
    const groups = Array.from({ length: 10_001 }, (_, i) => column(`frame ${i}`, [1, 2, 3]))
    await expect(exportPalette(dialogs({ save: target, replace: true }), { format: 'json', groups, suggestedName: 'keep' })).rejects.toThrow(/too large/)
    expect(await readFile(target, 'utf8')).toBe('{"old": true}\n')
  })
})

describe('importPalette', () => {
  it('hands the page groups the contract carries: long names cut, at most 256 swatches a group', async () => {
    const path = join(dir, 'big.gpl')
    const lines = Array.from({ length: 300 }, (_, i) => `${i % 256} 0 0\t${'n'.repeat(300)}${i}`)
    await writeFile(path, ['GIMP Palette', `Name: ${'p'.repeat(300)}`, '#', ...lines, ''].join('\n'))
    const response = await importPalette({ ...dialogs({}), openFile: async () => path })
    expect(() => invokeContract.importPalette.response.parse(response)).not.toThrow()
    const group = response.file!.groups[0]
    expect(group.swatches).toHaveLength(256)
    expect(group.name).toBe('p'.repeat(200))
    expect(group.swatches[5]).toMatchObject({ rgb: [5, 0, 0], name: 'n'.repeat(200) })
  })

  it('reads a name that is only the colour\'s own hex code (how exports name an unnamed swatch) as no name', async () => {
    const path = join(dir, 'hex.gpl')
    await writeFile(path, 'GIMP Palette\n170 187 204\t#aabbcc\n170 187 204\t#AABBCC\n170 187 204\taabbcc\n17 34 51\t#aabbcc\n17 34 51\tSky\n')
    const { file } = await importPalette({ ...dialogs({}), openFile: async () => path })
    // A hex code of another colour is a name someone gave, and stays.
    expect(file!.groups[0].swatches.map((s) => s.name)).toEqual([undefined, undefined, undefined, '#aabbcc', 'Sky'])
  })

  it('imports a GPL file with values outside 0–255 clamped, and says which colours were', async () => {
    const path = join(dir, 'x.gpl')
    await writeFile(path, 'GIMP Palette\n256 0 0\tSky\n1 2 3\tFine\n0 -3 0\tSea\n')
    const response = await importPalette({ ...dialogs({}), openFile: async () => path })
    expect(() => invokeContract.importPalette.response.parse(response)).not.toThrow()
    expect(response.file!.groups[0].swatches.map((s) => s.rgb)).toEqual([[255, 0, 0], [1, 2, 3], [0, 0, 0]])
    expect(response.file!.notice).toBe('2 colours in "x.gpl" had values outside 0–255 and were clamped: "Sky", "Sea".')
  })

  it('names an unnamed clamped colour by its line, and counts those past the fifth instead of naming them', async () => {
    const path = join(dir, 'many.gpl')
    const lines = ['300 0 0', ...Array.from({ length: 6 }, (_, i) => `0 0 999\tC${i}`)]
    await writeFile(path, ['GIMP Palette', ...lines, ''].join('\n'))
    const { file } = await importPalette({ ...dialogs({}), openFile: async () => path })
    expect(file!.notice).toBe(
      '7 colours in "many.gpl" had values outside 0–255 and were clamped: the colour on line 2, "C0", "C1", "C2", "C3" and 2 more.'
    )
  })

  it('reads the first groups a board holds of a film strip with more, and says how many of how many', async () => {
    const path = join(dir, 'film.ase')
    const groups = Array.from({ length: MAX_IMPORT_GROUPS + 1 }, (_, i) => ({ name: `G${i}`, swatches: [{ name: 'c', rgb: [i % 256, 0, 0] as const }] }))
    await writeFile(path, encodeSwatchFile('ase', { groups, loose: [] }))
    const response = await importPalette({ ...dialogs({}), openFile: async () => path })
    expect(() => invokeContract.importPalette.response.parse(response)).not.toThrow()
    expect(response.file!.groups.map((g) => g.name)).toEqual(groups.slice(0, MAX_IMPORT_GROUPS).map((g) => g.name))
    expect(response.file!.notice).toBe('Only the first 300 of the 301 groups in "film.ase" were read: a board holds 300 columns.')
    const answer = { file: { path, groups: groups.map((g) => column(g.name, [1, 2, 3])) } }
    expect(invokeContract.importPalette.response.safeParse(answer).success).toBe(false)
  })

  it('names no converted colour of the groups past those it read: the designer does not have them', async () => {
    const path = join(dir, 'film.ase')
    const frames = Array.from({ length: MAX_IMPORT_GROUPS }, (_, i) => aseGroup(`F${i}`, [aseColour(`RGB ${i}`, 'RGB ', [0, 0, 0], 0)]))
    const past = aseGroup('Past', [aseColour('PANTONE 300 C', 'CMYK', [1, 0.4, 0, 0], 1)])
    await writeFile(path, aseOf([...frames.flat(), ...past]))
    const { file } = await importPalette({ ...dialogs({}), openFile: async () => path })
    expect(file!.notice).toBe('Only the first 300 of the 301 groups in "film.ase" were read: a board holds 300 columns.')
  })

  it('reads a GPL of many colours only as far as a group keeps, saying how many were left out and clamping none past them', async () => {
    const path = join(dir, 'big.gpl')
    const lines = Array.from({ length: MAX_GROUP_SWATCHES + 1000 }, (_, i) => `${i % 256} 0 0\tC${i}`)
    await writeFile(path, `GIMP Palette\nName: Big\n${lines.join('\n')}\n300 0 0\tHot\n`)
    const { file } = await importPalette({ ...dialogs({}), openFile: async () => path })
    expect(file!.groups.map((g) => [g.name, g.swatches.length])).toEqual([['Big', MAX_GROUP_SWATCHES]])
    expect(file!.notice).toBe(`Only the first ${MAX_GROUP_SWATCHES} colours of each palette in "big.gpl" were read: 1,001 of "Big" were left out.`)
  })

  it('says which ASE colours had values outside 0–1 (written as 0–255 or percentages) and were clamped', async () => {
    const path = join(dir, 'scaled.ase')
    await writeFile(path, aseOf([aseColour('Orange', 'RGB ', [255, 128, 0], 2), aseColour('Ink', 'CMYK', [0, 0, 0, 100], 2), aseColour('Sea', 'RGB ', [0, 0.5, 1], 2)]))
    const { file } = await importPalette({ ...dialogs({}), openFile: async () => path })
    expect(file!.notice).toMatch(/^2 colours in "scaled\.ase" had values outside 0–1 and were clamped: "Orange", "Ink"\. /)
  })

  it('counts no converted colour past the swatches a group keeps', async () => {
    const path = join(dir, 'inks.ase')
    const inks = Array.from({ length: MAX_GROUP_SWATCHES + 10 }, (_, i) => aseColour(`Ink ${i}`, 'CMYK', [0, 0, 0, i / 300], 1))
    await writeFile(path, aseOf(aseGroup('Inks', inks)))
    const { file } = await importPalette({ ...dialogs({}), openFile: async () => path })
    expect(file!.groups[0].swatches).toHaveLength(MAX_GROUP_SWATCHES)
    expect(file!.notice).toMatch(new RegExp(`^Only the first ${MAX_GROUP_SWATCHES} colours of each palette in "inks.ase" were read: 10 of "Inks" were left out\\. ${MAX_GROUP_SWATCHES} colours in "inks.ase" were stored as CMYK and are now RGB approximations: "Ink 0", .* and ${MAX_GROUP_SWATCHES - 5} more\\.$`))
  })

  it('names the colours converted from CMYK, Lab or Gray, and a spot colour stays spot when exported again', async () => {
    const path = join(dir, 'brand.ase')
    await writeFile(path, aseOf([aseColour('PANTONE 300 C', 'CMYK', [1, 0.4, 0, 0], 1), aseColour('Ink', 'Gray', [0.2], 2), aseColour('Sky', 'RGB ', [0, 0.5, 1], 0)]))
    const response = await importPalette({ ...dialogs({}), openFile: async () => path })
    expect(() => invokeContract.importPalette.response.parse(response)).not.toThrow()
    expect(response.file!.notice).toBe('2 colours in "brand.ase" were stored as CMYK or Gray and are now RGB approximations: "PANTONE 300 C", "Ink".')
    const groups = response.file!.groups
    expect(groups[0].swatches.map((s) => s.type)).toEqual(['spot', 'normal', 'global'])
    const [out] = (await exportPalette(dialogs({ save: join(dir, 'again.ase') }), { format: 'ase', groups, suggestedName: 'again' })).paths
    expect(allColours(await loadSwatchFile(out)).map((c) => [c.name, c.type])).toEqual([['PANTONE 300 C', 'spot'], ['Ink', 'normal'], ['Sky', 'global']])
  })

  it('keeps the notice of a file that needs every sentence within what the status line takes, saying how many it does not name', async () => {
    // Long names everywhere: its file's, its groups' and its colours', which are CMYK with values past 0–1.
    const colours = (g: number, count: number) => Array.from({ length: count }, (_, c) => aseColour(`C${g}.${c} ${'c'.repeat(190)}`, 'CMYK', [1.5, 0.2, 0.3, 0.1], 2))
    const groups = Array.from({ length: MAX_IMPORT_GROUPS }, (_, g) => aseGroup(`G${g} ${'g'.repeat(195)}`, colours(g, g < 6 ? MAX_GROUP_SWATCHES + 4 : 1)))
    groups.push(aseGroup('Past', [aseColour('Past', 'RGB ', [0, 0, 0], 2)]))
    const path = join(dir, `${'n'.repeat(200)}.ase`)
    await writeFile(path, aseOf(groups.flat()))
    const response = await importPalette({ ...dialogs({}), openFile: async () => path })
    expect(invokeContract.importPalette.response.safeParse(response).success).toBe(true)
    const file = `"${'n'.repeat(39)}…"`
    /** "G0 ggg…": a name cut to 40 characters, "…" included. */
    const named = (name: string) => `"${name} ${name[0].toLowerCase().repeat(38 - name.length)}…"`
    expect(response.file!.notice!.split('. ')).toEqual([
      `Only the first 300 of the 301 groups in ${file} were read: a board holds 300 columns`,
      `Only the first 256 colours of each palette in ${file} were read: ${['G0', 'G1', 'G2', 'G3', 'G4'].map((g) => `4 of ${named(g)}`).join(', ')} and 1 more were left out`,
      `1830 colours in ${file} had values outside 0–1 and were clamped: ${['C0.0', 'C0.1', 'C0.2', 'C0.3', 'C0.4'].map(named).join(', ')} and 1825 more`,
      `1830 colours in ${file} were stored as CMYK and are now RGB approximations: ${['C0.0', 'C0.1', 'C0.2', 'C0.3', 'C0.4'].map(named).join(', ')} and 1825 more.`
    ])
  })

  it('carries no notice when the file needed no clamping', async () => {
    const path = join(dir, 'ok.gpl')
    await writeFile(path, 'GIMP Palette\n1 2 3\tFine\n')
    const { file } = await importPalette({ ...dialogs({}), openFile: async () => path })
    expect(file).not.toHaveProperty('notice')
  })
})

describe('uniqueNames', () => {
  it('numbers repeats, skipping numbers that are other names', () => {
    expect(uniqueNames(['a', 'a', 'a-2', 'a'])).toEqual(['a', 'a-3', 'a-2', 'a-4'])
    expect(uniqueNames(['a-2', 'a', 'a'])).toEqual(['a-2', 'a', 'a-3'])
    expect(uniqueNames(['b', 'c'])).toEqual(['b', 'c'])
  })
})

describe('autosave', () => {
  it('restores the last board; a damaged autosave is reported and set aside, so the next start is clean', async () => {
    const file = join(dir, 'autosave.palette-studio')
    expect(await restore(file, new ProjectStamps())).toEqual({ autosave: null })
    const { savedAt } = await autosave(file, new ProjectStamps(), { board: { columns: [{ name: 'a' }] } })
    expect(await restore(file, new ProjectStamps())).toEqual({ autosave: { board: { columns: [{ name: 'a' }] }, savedAt, changed: [] } })
    await writeFile(file, '{"format":"palette-studio-bo')
    await expect(restore(file, new ProjectStamps())).rejects.toMatchObject({ code: 'CORRUPT' })
    expect(await restore(file, new ProjectStamps())).toEqual({ autosave: null })
  })
})
