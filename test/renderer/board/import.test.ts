// Importing swatch files onto the compare board, through main's real import handler and readers:
// each group becomes an imported column to compare and edit, saved and reopened with the board.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { allColours, encodeSwatchFile, type SwatchFile } from '../../../src/main/formats'
import { dispatch } from '../../../src/main/handlers/dispatch'
import { importPalette } from '../../../src/main/handlers/export'
import type { Dialogs } from '../../../src/main/handlers/services'
import type { PaletteStudioApi, ResponseOf, Result } from '../../../src/shared/ipc-contract'
import type { Rgb } from '../../../src/shared/palette'
import { Board } from '../../../src/renderer/src/board/board.svelte'
import { BoardActions } from '../../../src/renderer/src/board/board-actions.svelte'
import { BoardColumn } from '../../../src/renderer/src/board/board-column.svelte'
import { MAX_BOARD_COLUMNS, parseBoard } from '../../../src/renderer/src/board/project'
import { rgbToHex } from '../../../src/renderer/src/lib/color'
import { Editor } from '../../../src/renderer/src/lib/editor.svelte'
import { diskExport } from '../disk-export'

let dir: string
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'board-import-'))))
afterEach(() => rm(dir, { recursive: true, force: true }))

const BRAND: Rgb[] = [
  [230, 0, 40],
  [20, 20, 20],
  [245, 240, 230]
]
const colours = (rgbs: Rgb[], prefix: string) => rgbs.map((rgb, i) => ({ name: `${prefix} ${i + 1}`, rgb }))

/** A GPL given no title is written without its `Name:` line (our writer puts in a default), as other apps write them. */
async function swatchFile(name: string, file: SwatchFile): Promise<string> {
  const path = join(dir, name)
  const gpl = !name.endsWith('.ase')
  const data = encodeSwatchFile(gpl ? 'gpl' : 'ase', file)
  await writeFile(path, gpl && file.name === undefined ? data.toString('utf8').replace(/^Name: .*\n/m, '') : data)
  return path
}

/** The board's api with main's import handler behind a dialog that picks `path`, as the app dispatches it. */
function boardWithFile(path: string | null) {
  const dialogs = { openFile: async () => path } as unknown as Dialogs
  const api = {
    importPalette: async () => (await dispatch({ importPalette: () => importPalette(dialogs) } as never, 'importPalette', {})) as Result<ResponseOf<'importPalette'>>
  } as unknown as PaletteStudioApi
  const board = new Board()
  return { api, board, actions: new BoardActions(api, board) }
}

const hexes = (column: BoardColumn | undefined): string[] => column?.editor.swatches.map((s) => rgbToHex(s.rgb)) ?? []

describe('Import swatches onto the board', () => {
  it('a GPL becomes one column named by its palette and the file, with its colours and names, offered for A/B', async () => {
    const path = await swatchFile('brand.gpl', { name: 'Brand colours', groups: [], loose: colours(BRAND, 'Brand') })
    const { board, actions } = boardWithFile(path)
    const extracted = new BoardColumn({ name: 'photo.png', kind: 'image' })
    extracted.setPalettes([{ method: 'median-cut', swatches: [{ rgb: [230, 10, 40], hex: '#e60a28', share: 1 }] }])
    board.add(extracted)
    await actions.importSwatches()
    expect(actions.error).toBeNull()
    expect(actions.notice).toBe('Imported brand.gpl')
    const imported = board.columns[1]
    expect(imported).toMatchObject({ name: 'Brand colours — brand.gpl', kind: 'imported', title: 'Brand colours' })
    expect(hexes(imported)).toEqual(BRAND.map(rgbToHex))
    expect(imported.editor.swatches.map((s) => s.name)).toEqual(['Brand 1', 'Brand 2', 'Brand 3'])
    // Extracted (A) against the brand palette (B), straight away.
    expect(board.compareB).toEqual({ column: imported.id, kind: 'edited' })
    expect(board.readout).not.toBeNull()
    // And the designer keeps editing it.
    imported.editor.setColor(1, [30, 30, 30])
    expect(hexes(imported)[1]).toBe('#1e1e1e')
  })

  it('each group of an ASE becomes a column; exported, and imported and exported again, a column keeps its group name', async () => {
    const path = await swatchFile('brand.v2.ase', {
      groups: [
        { name: 'Primary', swatches: colours(BRAND.slice(0, 1), 'Red') },
        { name: 'Neutrals', swatches: colours(BRAND.slice(1), 'Grey') }
      ],
      loose: []
    })
    const { api, board, actions } = boardWithFile(path)
    await actions.importSwatches()
    expect(board.columns.map((c) => [c.name, hexes(c)])).toEqual([
      ['Primary — brand.v2.ase', [rgbToHex(BRAND[0])]],
      ['Neutrals — brand.v2.ase', BRAND.slice(1).map(rgbToHex)]
    ])
    expect(actions.notice).toBe('Imported brand.v2.ase as 2 columns')
    expect(board.compareA).toEqual({ column: board.columns[0].id, kind: 'edited' })
    expect(board.compareB).toEqual({ column: board.columns[1].id, kind: 'edited' })
    const disk = await diskExport()
    api.exportPalette = disk.exportPalette
    await actions.exportAll('ase')
    expect((await disk.read('board.ase')).groups.map((g) => g.name)).toEqual(['Primary', 'Neutrals'])
    // The file exported comes back with the same names, and goes out again with them.
    const again = boardWithFile(join(disk.dir, 'board.ase'))
    again.api.exportPalette = disk.exportPalette
    await again.actions.importSwatches()
    expect(again.board.columns.map((c) => c.name)).toEqual(['Primary — board.ase', 'Neutrals — board.ase'])
    await again.actions.exportAll('json')
    expect((await disk.read('board.json')).groups.map((g) => g.name)).toEqual(['Primary', 'Neutrals'])
    await disk.remove()
  })

  it.each([
    ['brand.gpl', { name: 'Brand', groups: [], loose: colours(BRAND, 'Brand') }, 'Brand'],
    ['one.ase', { groups: [{ name: 'Primary', swatches: colours(BRAND, 'Red') }], loose: [] }, 'Primary']
  ] satisfies [string, SwatchFile, string][])(
    "%s, a file of one named palette: its column shows the palette's name and its exports keep it, after a save and reopen too",
    async (fileName, file, paletteName) => {
      const { api, board, actions } = boardWithFile(await swatchFile(fileName, file))
      await actions.importSwatches()
      expect(board.columns[0]).toMatchObject({ name: `${paletteName} — ${fileName}`, paletteName })
      const parsed = parseBoard(JSON.parse(JSON.stringify(board.toJSON())))
      if (!parsed.ok) throw new Error(parsed.message)
      const reopened = boardWithFile(null)
      reopened.board.load(parsed.board)
      const disk = await diskExport()
      api.exportPalette = reopened.api.exportPalette = disk.exportPalette
      for (const { actions: acting, board: shown } of [{ actions, board }, reopened]) {
        await acting.exportColumn(shown.columns[0], 'gpl')
        await acting.exportAll('ase')
      }
      expect(disk.suggested).toEqual([`${paletteName}.gpl`, 'board.ase', `${paletteName}.gpl`, 'board.ase'])
      // GPL's title and ASE's group: the palette's name as the file had it.
      expect((await disk.read(`${paletteName}.gpl`)).name).toBe(paletteName)
      expect((await disk.read('board.ase')).groups.map((g) => g.name)).toEqual([paletteName])
      await disk.remove()
    }
  )

  it.each([
    ['brand.gpl', { groups: [], loose: colours(BRAND, 'Brand') }],
    ['brand.ase', { groups: [], loose: colours(BRAND, 'Brand') }],
    ['Brand.gpl', { name: 'Brand', groups: [], loose: colours(BRAND, 'Brand') }],
    // Main trims the name it makes of the file ("Brand"), which must not read as a name of the palette's own.
    ['Brand .gpl', { groups: [], loose: colours(BRAND, 'Brand') }],
    [' Brand.ase', { groups: [], loose: colours(BRAND, 'Brand') }]
  ] satisfies [string, SwatchFile][])('%s, a palette with no name but its file\'s, is named after the file alone', async (fileName, file) => {
    const { board, actions } = boardWithFile(await swatchFile(fileName, file))
    await actions.importSwatches()
    expect(board.columns[0]).toMatchObject({ name: fileName, paletteName: undefined, title: fileName.slice(0, -4) })
  })

  it.each(['gpl', 'ase'] as const)(
    'a %s exported and imported again: an unnamed swatch stays unnamed, so its name follows a new colour on screen and in the next export',
    async (format) => {
      const disk = await diskExport()
      const { api, board, actions } = boardWithFile(join(disk.dir, `board.${format}`))
      api.exportPalette = disk.exportPalette
      const photo = new BoardColumn({ name: 'photo.png', kind: 'image' })
      photo.setPalettes([{ method: 'median-cut', swatches: [{ rgb: [170, 187, 204], hex: '#aabbcc', share: 1 }] }])
      board.add(photo)
      await actions.exportAll(format)
      await actions.importSwatches()
      const imported = board.columns[1]
      imported.editor.setColor(0, [17, 34, 51])
      expect(imported.editor.swatches[0]).toMatchObject({ name: '#112233', named: false })
      await actions.exportColumn(imported, format)
      // Named as the palette in the file was: the board (GPL's title) or its column (ASE's group).
      const exported = format === 'gpl' ? 'board.gpl' : 'photo.ase'
      expect(disk.suggested.at(-1)).toBe(exported)
      expect(allColours(await disk.read(exported)).map((c) => c.name)).toEqual(['#112233'])
      await disk.remove()
    }
  )

  it('one undo takes back a whole imported file, its picks as A and B too; redo brings it back', async () => {
    const path = await swatchFile('brand.v2.ase', {
      groups: [
        { name: 'Primary', swatches: colours(BRAND.slice(0, 1), 'Red') },
        { name: 'Neutrals', swatches: colours(BRAND.slice(1), 'Grey') }
      ],
      loose: []
    })
    const { board, actions } = boardWithFile(path)
    await actions.importSwatches()
    expect(board.canUndo).toBe(true)
    board.history('undo')
    expect([board.columns, board.compareA, board.compareB]).toEqual([[], null, null])
    board.history('redo')
    expect(board.columns.map((c) => c.name)).toEqual(['Primary — brand.v2.ase', 'Neutrals — brand.v2.ase'])
    expect(board.compareB).toEqual({ column: board.columns[1].id, kind: 'edited' })
  })

  it('an imported column is saved with the board and reopens as it was; boards from before still open', async () => {
    const path = await swatchFile('brand.gpl', { groups: [], loose: colours(BRAND, 'Brand') })
    const { board, actions } = boardWithFile(path)
    await actions.importSwatches()
    board.columns[0].editor.toggleLock(2)
    const reopened = new Board()
    const parsed = parseBoard(JSON.parse(JSON.stringify(board.toJSON())))
    if (!parsed.ok) throw new Error(parsed.message)
    reopened.load(parsed.board)
    expect(reopened.columns[0]).toMatchObject({ name: 'brand.gpl', kind: 'imported', path })
    expect(reopened.columns[0].editor.swatches.map((s) => [rgbToHex(s.rgb), s.name, s.locked])).toEqual([
      ['#e60028', 'Brand 1', false],
      ['#141414', 'Brand 2', false],
      ['#f5f0e6', 'Brand 3', true]
    ])
    const before = { format: 'palette-studio-board', version: 1, columns: [{ id: 'c1', name: 'a.png', kind: 'image', palettes: [], edited: [{ rgb: [1, 2, 3], name: '', locked: false }] }], compare: { a: null, b: null }, savedPath: null, savedAt: null, dirty: false }
    expect(parseBoard(before).ok).toBe(true)
  })

  it('a spot colour stays spot through a recolour, undo and redo, a move, a saved and reopened board, and the board\'s ASE export', async () => {
    const path = await swatchFile('brand.ase', {
      groups: [],
      loose: [
        { name: 'PANTONE 300 C', rgb: [0, 94, 184], type: 'spot' },
        { name: 'Ink', rgb: [20, 20, 20], type: 'normal' }
      ]
    })
    const { board, actions } = boardWithFile(path)
    await actions.importSwatches()
    const { editor } = board.columns[0]
    editor.setColor(0, [0, 90, 180])
    editor.undo()
    editor.redo()
    editor.move(1, 0)
    const parsed = parseBoard(JSON.parse(JSON.stringify(board.toJSON())))
    if (!parsed.ok) throw new Error(parsed.message)
    const reopened = boardWithFile(null)
    reopened.board.load(parsed.board)
    // A swatch the app made (the photo's) has no type: written as ASE's default, global.
    const photo = new BoardColumn({ name: 'photo.png', kind: 'image' })
    photo.setPalettes([{ method: 'median-cut', swatches: [{ rgb: [170, 187, 204], hex: '#aabbcc', share: 1, name: 'Sky' }] }])
    reopened.board.add(photo)
    const disk = await diskExport()
    reopened.api.exportPalette = disk.exportPalette
    await reopened.actions.exportAll('ase')
    expect(allColours(await disk.read('board.ase')).map((c) => [c.name, rgbToHex(c.rgb), c.type])).toEqual([
      ['Ink', '#141414', 'normal'],
      ['PANTONE 300 C', '#005ab4', 'spot'],
      ['Sky', '#aabbcc', 'global']
    ])
    await disk.remove()
  })

  it('a nearly full board takes the groups it has room for, builds no column for the others, and says how many it left out', async () => {
    const path = await swatchFile('brand.v2.ase', {
      groups: ['One', 'Two', 'Three'].map((name, i) => ({ name, swatches: colours(BRAND.slice(i, i + 1), name) })),
      loose: []
    })
    const { board, actions } = boardWithFile(path)
    for (let i = 0; i < MAX_BOARD_COLUMNS - 1; i++) board.add(new BoardColumn({ name: `c${i}`, kind: 'image' }))
    // Every imported column loads its group's palette: a file of thousands of groups must not build them all.
    const loads = vi.spyOn(Editor.prototype, 'load')
    await actions.importSwatches()
    expect(loads).toHaveBeenCalledTimes(1)
    loads.mockRestore()
    expect(board.columns).toHaveLength(MAX_BOARD_COLUMNS)
    expect(board.columns.at(-1)?.name).toBe('One — brand.v2.ase')
    expect(actions.error).toBe(
      'The board is full (it holds 300 columns), so 2 of the 3 palettes were not added. They are groups 2–3, from "Two" on. ' +
        'Importing brand.v2.ase again starts from its first group: to have them all, undo this import, remove columns to make room for 3 and import it again.'
    )
    // As it says: the file comes in again from its first group, not from the ones left out.
    board.remove(board.columns[0].id)
    board.remove(board.columns[0].id)
    await actions.importSwatches()
    expect(board.columns.slice(-3).map((c) => c.name)).toEqual(['One — brand.v2.ase', 'One — brand.v2.ase', 'Two — brand.v2.ase'])
    expect(actions.error).toMatch(/so 1 of the 3 palettes was not added\. It is group 3, "Three"\. Importing brand\.v2\.ase again starts from its first group/)
    // Full now: said before the dialog opens.
    await actions.importSwatches()
    expect(board.columns).toHaveLength(MAX_BOARD_COLUMNS)
    expect(actions.error).toBe('The board is full (it holds 300 columns): remove columns to make room before importing swatches.')
  })

  it('a group larger than a column holds keeps its first 64 swatches and says so', async () => {
    const many: Rgb[] = Array.from({ length: 70 }, (_, i) => [i, i, i])
    const path = await swatchFile('library.gpl', { groups: [], loose: colours(many, 'Grey') })
    const { board, actions } = boardWithFile(path)
    await actions.importSwatches()
    expect(hexes(board.columns[0])).toEqual(many.slice(0, 64).map(rgbToHex))
    expect(actions.notice).toBe('Imported library.gpl; kept the first 64 swatches of library.gpl')
    expect(parseBoard(JSON.parse(JSON.stringify(board.toJSON()))).ok).toBe(true)
  })

  it('a bad file shows main\'s message and adds nothing; a cancelled dialog does nothing', async () => {
    const path = join(dir, 'broken.ase')
    await writeFile(path, 'not a swatch file')
    const { board, actions } = boardWithFile(path)
    await actions.importSwatches()
    expect(actions.error).toMatch(/ASE file cannot be read/)
    expect(board.columns).toEqual([])
    const cancelled = boardWithFile(null)
    await cancelled.actions.importSwatches()
    expect(cancelled.actions.error).toBeNull()
    expect(cancelled.board.columns).toEqual([])
  })
})
