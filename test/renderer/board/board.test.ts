import { describe, expect, it } from 'vitest'
import type { Method, Palette, Rgb } from '../../../src/shared/palette'
import { scorePalette } from '../../../src/shared/score'
import { Board, boardFull } from '../../../src/renderer/src/board/board.svelte'
import { BoardColumn } from '../../../src/renderer/src/board/board-column.svelte'
import { BoardJsonSchema, MAX_BOARD_COLUMNS, parseBoard } from '../../../src/renderer/src/board/project'
import { rgbToHex } from '../../../src/renderer/src/lib/color'
import { Editor } from '../../../src/renderer/src/lib/editor.svelte'

const palette = (method: Method, ...rgbs: Rgb[]): Palette => ({
  method,
  swatches: rgbs.map((rgb) => ({ rgb, hex: rgbToHex(rgb), share: 1 / rgbs.length }))
})
const RED: Rgb = [200, 30, 40]
const GREEN: Rgb = [40, 160, 60]
const BLUE: Rgb = [30, 60, 190]

function column(name: string, ...rgbs: Rgb[]): BoardColumn {
  const c = new BoardColumn({ name, kind: 'image', path: `/pics/${name}` })
  c.setPalettes([palette('kmeans', ...rgbs.map((v) => v.map((x) => x + 5) as unknown as Rgb)), palette('median-cut', ...rgbs)])
  return c
}
const names = (b: Board): string[] => b.columns.map((c) => c.name)
const hexes = (editor: Editor): string[] => editor.swatches.map((s) => rgbToHex(s.rgb))

describe('Board', () => {
  it('shows median cut first and starts the user palette from it', () => {
    const c = column('a', RED, GREEN)
    expect(c.palettes.map((p) => p.method)).toEqual(['median-cut', 'kmeans'])
    expect(hexes(c.editor)).toEqual([RED, GREEN].map(rgbToHex))
    expect(c.kinds()).toEqual(['median-cut', 'kmeans', 'edited'])
  })

  it('compares the first palettes of the first two columns until the user picks', () => {
    const b = new Board()
    const a = column('a', RED, GREEN, BLUE)
    const c = column('b', RED, [0, 0, 0], BLUE)
    b.add(a)
    expect(b.readout).toBeNull()
    b.add(c)
    expect(b.compareA).toEqual({ column: a.id, kind: 'median-cut' })
    expect(b.compareB).toEqual({ column: c.id, kind: 'median-cut' })
    expect(b.readout).toMatchObject(scorePalette([RED, GREEN, BLUE], [RED, [0, 0, 0], BLUE]))
    expect(b.readout?.correct).toBe(2)
  })

  it('the readout follows edits of the user palette', () => {
    const b = new Board()
    const a = column('a', RED, GREEN)
    b.add(a)
    b.compareA = { column: a.id, kind: 'edited' }
    b.compareB = { column: a.id, kind: 'median-cut' }
    expect(b.readout?.correct).toBe(2)
    a.editor.setColor(0, [0, 0, 0])
    expect(b.readout?.correct).toBe(1)
    a.editor.undo()
    expect(b.readout).toMatchObject({ correct: 2, meanDeltaE00: 0 })
  })

  it('undo and redo follow one order over every column and the board, and show the column whose edit they take', () => {
    const b = new Board()
    const [a, c] = [column('a', RED), column('b', GREEN)]
    b.add(a)
    b.add(c)
    a.editor.setColor(0, [0, 0, 0])
    b.moveBy(c.id, -1)
    c.editor.setColor(0, [9, 9, 9])
    b.activeColumn = c.id
    expect(b.history('undo')).toBe(c)
    expect(b.history('undo')).toBeUndefined() // the move, though an edit in the other column was made before it
    expect(names(b)).toEqual(['a', 'b'])
    expect(b.history('undo')).toBe(a)
    expect([hexes(a.editor), b.activeColumn]).toEqual([[rgbToHex(RED)], a.id])
    b.history('undo')
    expect(names(b)).toEqual(['a'])
    b.history('redo')
    b.history('redo')
    expect([names(b), hexes(a.editor)]).toEqual([['a', 'b'], ['#000000']])
    b.history('redo')
    expect(names(b)).toEqual(['b', 'a'])
    b.history('redo')
    expect(hexes(c.editor)).toEqual(['#090909'])
    expect(b.canRedo).toBe(false)
  })

  it('changes made while files are still being added are steps of their own, before the add’s', async () => {
    const b = new Board()
    const [x, y] = [column('x', RED), column('y', GREEN)]
    b.add(x)
    b.add(y)
    let next = (): void => {}
    const adding = b.together(async () => {
      b.add(column('n1', BLUE))
      await new Promise<void>((resolve) => (next = resolve))
      b.add(column('n2', BLUE))
    })
    b.remove(x.id)
    y.editor.setColor(0, [0, 0, 0])
    next()
    await adding
    expect(names(b)).toEqual(['y', 'n1', 'n2'])
    b.history('undo') // the add: only its columns
    expect([names(b), hexes(y.editor)]).toEqual([['y'], ['#000000']])
    b.history('undo')
    expect(hexes(y.editor)).toEqual([rgbToHex(GREEN)])
    b.history('undo')
    expect(names(b)).toEqual(['x', 'y'])
    b.history('redo')
    b.history('redo')
    b.history('redo')
    expect([names(b), hexes(y.editor)]).toEqual([['y', 'n1', 'n2'], ['#000000']])
  })

  it('moves columns (clamped at the ends) and forgets picks of a removed column', () => {
    const b = new Board()
    const [a, c, d] = [column('a', RED), column('b', GREEN), column('c', BLUE)]
    ;[a, c, d].forEach((x) => b.add(x))
    b.move(0, 2)
    expect(names(b)).toEqual(['b', 'c', 'a'])
    b.moveBy(a.id, -1)
    expect(names(b)).toEqual(['b', 'a', 'c'])
    b.move(0, -5)
    expect(names(b)).toEqual(['b', 'a', 'c'])
    b.move(2, 99)
    expect(names(b)).toEqual(['b', 'a', 'c'])
    b.remove(a.id)
    expect(names(b)).toEqual(['b', 'c'])
    expect(b.compareA).toBeNull()
    expect(b.readout).toBeNull()
  })

  it('a removed column comes back in its place with its edits and picks, by Undo remove or by undo right after', () => {
    const b = new Board()
    const [a, c, d] = [column('a', RED), column('b', GREEN), column('c', BLUE)]
    ;[a, c, d].forEach((x) => b.add(x))
    c.editor.setColor(0, [0, 0, 0])
    b.compareB = { column: c.id, kind: 'edited' }
    b.remove(c.id)
    b.noteContent(b.content()) // the autosave's look at the board after the removal
    expect(names(b)).toEqual(['a', 'c'])
    expect(b.removed?.column.name).toBe('b')
    b.undoRemove()
    expect(names(b)).toEqual(['a', 'b', 'c'])
    expect(hexes(c.editor)).toEqual(['#000000'])
    expect(b.compareB).toEqual({ column: c.id, kind: 'edited' })
    expect(b.removed).toBeNull()

    b.remove(a.id)
    b.noteContent(b.content())
    b.history('undo')
    expect(names(b)).toEqual(['a', 'b', 'c'])
    // Once the board changed after a removal, undo is that change's: the column stays removed.
    b.remove(a.id)
    b.noteContent(b.content())
    c.editor.setColor(0, [9, 9, 9])
    b.noteContent(b.content())
    expect(b.removed).toBeNull()
    b.activeColumn = c.id
    b.history('undo')
    expect(names(b)).toEqual(['b', 'c'])
    expect(hexes(c.editor)).toEqual(['#000000'])
  })

  it('undo right after a move moves the column back, and redo moves it again; after another change, undo is that change’s', () => {
    const b = new Board()
    const [a, c, d] = [column('a', RED), column('b', GREEN), column('c', BLUE)]
    ;[a, c, d].forEach((x) => b.add(x))
    a.editor.setColor(0, [0, 0, 0])
    b.activeColumn = a.id
    b.move(0, 2)
    expect(names(b)).toEqual(['b', 'c', 'a'])
    expect([b.canUndo, b.canRedo]).toEqual([true, false])
    b.history('undo')
    // The move is undone, not the colour the column was given before it.
    expect(names(b)).toEqual(['a', 'b', 'c'])
    expect(hexes(a.editor)).toEqual(['#000000'])
    expect(b.canRedo).toBe(true)
    b.history('redo')
    expect(names(b)).toEqual(['b', 'c', 'a'])
    b.history('undo')
    b.history('undo') // the move is undone already: the column's own edit is next
    expect(names(b)).toEqual(['a', 'b', 'c'])
    expect(hexes(a.editor)).toEqual([rgbToHex(RED)])
    // A change after a move ends its undo: undo is the change's.
    b.moveBy(d.id, -2)
    expect(names(b)).toEqual(['c', 'a', 'b'])
    d.editor.setColor(0, [9, 9, 9])
    b.activeColumn = d.id
    b.history('undo')
    expect(names(b)).toEqual(['c', 'a', 'b'])
    expect(hexes(d.editor)).toEqual([rgbToHex(BLUE)])
  })

  it('picking A or B is undone and redone like any change; a new pick ends the redo', () => {
    const b = new Board()
    const [a, c, d] = [column('a', RED), column('b', GREEN), column('c', BLUE)]
    ;[a, c, d].forEach((x) => b.add(x))
    b.pick('a', { column: d.id, kind: 'kmeans' })
    b.pick('b', { column: a.id, kind: 'median-cut' })
    expect([b.compareA?.column, b.compareB?.column]).toEqual([d.id, a.id])
    b.history('undo')
    expect([b.compareA?.column, b.compareB?.column]).toEqual([d.id, c.id])
    b.history('undo')
    expect(b.compareA).toEqual({ column: a.id, kind: 'median-cut' })
    expect(b.canRedo).toBe(true)
    b.history('redo')
    expect(b.compareA).toEqual({ column: d.id, kind: 'kmeans' })
    b.pick('b', { column: d.id, kind: 'median-cut' })
    expect(b.canRedo).toBe(false)
    b.history('redo')
    expect(b.compareB).toEqual({ column: d.id, kind: 'median-cut' })
  })

  it('undo takes back the most recent change, an added column or an edit in it, and redo makes them again in order', () => {
    const b = new Board()
    const [a, c] = [column('a', RED), column('b', GREEN)]
    b.add(a)
    b.add(c)
    c.editor.setColor(0, [0, 0, 0])
    expect(b.canUndo).toBe(true)
    b.history('undo') // the edit, made after the column came
    expect([names(b), hexes(c.editor)]).toEqual([['a', 'b'], [rgbToHex(GREEN)]])
    b.history('undo') // then the column itself, and its pick as B
    expect(names(b)).toEqual(['a'])
    expect(b.compareB).toBeNull()
    expect(b.activeColumn).toBe(a.id)
    b.history('redo')
    expect([names(b), b.compareB?.column, b.activeColumn]).toEqual([['a', 'b'], c.id, c.id])
    b.history('redo')
    expect(hexes(c.editor)).toEqual(['#000000'])
    expect(b.canRedo).toBe(false)
  })

  it('columns added together (a batch, a film strip, a swatch file) are undone and redone as one step', async () => {
    const b = new Board()
    b.add(column('first', RED))
    await b.together(async () => {
      for (let i = 0; i < 200; i++) {
        await Promise.resolve() // each column of a batch arrives on its own
        b.add(column(`n${i}`, GREEN))
      }
    })
    expect(b.columns).toHaveLength(201)
    b.history('undo')
    expect(names(b)).toEqual(['first'])
    b.history('redo')
    expect(b.columns).toHaveLength(201)
    b.together(() => b.add(column('sync', BLUE)))
    b.history('undo')
    expect(b.columns).toHaveLength(201)
  })

  it('an edit after an undo is new work: the undone change can no longer be redone', () => {
    const b = new Board()
    const [a, c] = [column('a', RED), column('b', GREEN)]
    b.add(a)
    b.add(c)
    b.history('undo')
    expect(b.canRedo).toBe(true)
    a.editor.setColor(0, [0, 0, 0])
    b.noteContent(b.content()) // the autosave's look at the board after the edit
    b.history('undo')
    b.noteContent(b.content())
    expect(hexes(a.editor)).toEqual([rgbToHex(RED)])
    expect(b.canRedo).toBe(true) // the edit's redo, not the column's
    b.history('redo')
    expect([names(b), hexes(a.editor)]).toEqual([['a'], ['#000000']])
    expect(b.canRedo).toBe(false)
  })

  it('an edit made off the board (the Image view, another board) does not end its redo, nor change its order', () => {
    const b = new Board()
    const [a, c] = [column('a', RED), column('b', GREEN)]
    b.add(a)
    b.add(c)
    a.editor.setColor(0, [0, 0, 0])
    c.editor.setColor(0, [9, 9, 9])
    b.history('undo')
    b.history('undo')
    const image = new Editor() // the Image view's palette
    image.load(palette('median-cut', BLUE))
    image.setColor(0, [1, 2, 3])
    const other = new Board()
    const elsewhere = column('x', BLUE)
    other.add(elsewhere)
    elsewhere.editor.setColor(0, [4, 5, 6])
    expect(b.canRedo).toBe(true)
    expect(b.history('redo')).toBe(a)
    expect(b.history('redo')).toBe(c)
    expect([hexes(a.editor), hexes(c.editor), b.canRedo]).toEqual([['#000000'], ['#090909'], false])
    expect(image.history.canUndo && other.canUndo).toBe(true)
  })

  it('round-trips through its project JSON, edits and locks included, with a fresh history', () => {
    const b = new Board()
    const a = column('a', RED, GREEN, BLUE)
    b.add(a)
    a.editor.setColor(1, [1, 2, 3])
    a.editor.toggleLock(2)
    const json = JSON.parse(JSON.stringify(b.toJSON()))
    expect(BoardJsonSchema.safeParse(json).success).toBe(true)
    const parsed = parseBoard(json)
    if (!parsed.ok) throw new Error(parsed.message)
    const again = new Board()
    again.load(parsed.board)
    const restored = again.columns[0]
    expect(restored.id).toBe(a.id)
    expect(hexes(restored.editor)).toEqual(hexes(a.editor))
    expect(restored.editor.swatches.map((s) => s.locked)).toEqual([false, false, true])
    expect(restored.editor.history.canUndo).toBe(false)
    expect(restored.palettes).toEqual(a.palettes)
    expect(again.compareA).toEqual(b.compareA)
  })

  it('keeps the column worked in through its project JSON (Copy Palette copies it after a reopen or a restore)', () => {
    const b = new Board()
    const [a, c] = [column('a', RED), column('c', GREEN)]
    b.add(a)
    b.add(c)
    b.activeColumn = a.id
    const reopen = (json: unknown): Board => {
      const parsed = parseBoard(JSON.parse(JSON.stringify(json)))
      if (!parsed.ok) throw new Error(parsed.message)
      const again = new Board()
      again.load(parsed.board)
      return again
    }
    expect(reopen(b.toJSON()).active?.id).toBe(a.id)
    // Older files have none; an id that names no column (a file edited by hand) is ignored.
    expect(reopen({ ...b.toJSON(), activeColumn: undefined }).activeColumn).toBeNull()
    expect(reopen({ ...b.toJSON(), activeColumn: 'gone' }).activeColumn).toBeNull()
  })

  /** A board with a column whose first swatch is renamed and second recoloured, as its project file reads back. */
  function editedBoardJson(): unknown {
    const b = new Board()
    const a = new BoardColumn({ name: 'a.png', kind: 'image' })
    a.setPalettes([{ method: 'median-cut', swatches: [RED, GREEN, BLUE].map((rgb, i) => ({ rgb, hex: rgbToHex(rgb), share: [0.5, 0.3, 0.2][i] })) }])
    b.add(a)
    a.editor.rename(0, 'Brick')
    a.editor.setColor(1, [1, 2, 3])
    return JSON.parse(JSON.stringify(b.toJSON()))
  }
  function reopened(json: unknown): BoardColumn {
    const parsed = parseBoard(json)
    if (!parsed.ok) throw new Error(parsed.message)
    const again = new Board()
    again.load(parsed.board)
    return again.columns[0]
  }

  it('a reopened board keeps typed names, calls the other swatches by hex code, and keeps every share', () => {
    const restored = reopened(editedBoardJson())
    // The shares are what its exports write: a recoloured swatch still stands for its part of the image.
    expect(restored.palette('edited')?.swatches.map((s) => [s.name, s.share])).toEqual([
      ['Brick', 0.5],
      [undefined, 0.3],
      [undefined, 0.2]
    ])
    restored.editor.setColor(2, [4, 5, 6])
    expect(restored.editor.swatches.map((s) => s.name)).toEqual(['Brick', '#010203', '#040506'])
  })

  it('reads a board saved before shares were kept, finding the share of each swatch not recoloured', () => {
    const json = editedBoardJson() as { columns: { edited: { share?: number }[] }[] }
    json.columns[0].edited.forEach((s) => delete s.share)
    expect(reopened(json).palette('edited')?.swatches.map((s) => [s.name, s.share])).toEqual([
      ['Brick', 0.5],
      [undefined, 0],
      [undefined, 0.2]
    ])
  })

  it("keeps an imported palette's own name through its project JSON, as its export title; refuses one that is damaged", () => {
    const b = new Board()
    const brand = new BoardColumn({ name: 'Brand — brand.gpl', kind: 'imported', path: '/swatches/brand.gpl', paletteName: 'Brand' })
    brand.editor.load(palette('median-cut', RED))
    b.add(brand)
    b.add(column('photo.png', GREEN))
    const json = JSON.parse(JSON.stringify(b.toJSON()))
    expect(json.columns.map((c: { paletteName?: string }) => c.paletteName)).toEqual(['Brand', undefined])
    const restored = reopened(json)
    expect(restored).toMatchObject({ name: 'Brand — brand.gpl', paletteName: 'Brand', title: 'Brand' })
    // Boards saved before it was kept have none: the export title comes from the column's name, as it did.
    delete json.columns[0].paletteName
    expect(reopened(json)).toMatchObject({ paletteName: undefined, title: 'Brand — brand' })
    // Longer than an export's name, empty, or on an extracted column: no board this app writes.
    const damaged = (paletteName: string, index = 0): boolean => {
      const bad = JSON.parse(JSON.stringify(b.toJSON()))
      bad.columns[index].paletteName = paletteName
      return parseBoard(bad).ok
    }
    expect([damaged('x'.repeat(201)), damaged(''), damaged('Sky', 1), damaged('x'.repeat(200))]).toEqual([false, false, false, true])
  })

  it('is dirty after a change and clean after a save; a restored dirty board stays dirty', () => {
    const b = new Board()
    b.noteContent(b.content())
    expect(b.dirty).toBe(false)
    b.add(column('a', RED))
    b.noteContent(b.content())
    expect(b.dirty).toBe(true)
    b.markSaved('/boards/x.palette-studio', 1000, b.content())
    b.noteContent(b.content())
    expect(b.dirty).toBe(false)
    b.columns[0].editor.setColor(0, [9, 9, 9])
    b.noteContent(b.content())
    expect(b.dirty).toBe(true)
    const again = new Board()
    again.load(b.toJSON())
    again.noteContent(again.content())
    expect(again.dirty).toBe(true)
    expect(again.savedPath).toBe('/boards/x.palette-studio')
  })

  it('refuses damaged or newer board files with a reason', () => {
    expect(parseBoard({ format: 'palette-studio-board', version: 2 })).toEqual({ ok: false, message: expect.stringContaining('newer') })
    expect(parseBoard({ columns: 'nope' })).toEqual({ ok: false, message: expect.stringContaining('damaged') })
    const b = new Board()
    b.add(column('a', RED))
    const json = JSON.parse(JSON.stringify(b.toJSON()))
    json.columns[0].palettes[0].swatches[0].rgb = [300, 0, 0]
    expect(parseBoard(json).ok).toBe(false)
    // Two columns with one id: the page could not show them apart (and would stop drawing the board).
    const twice = JSON.parse(JSON.stringify(b.toJSON()))
    twice.columns.push({ ...twice.columns[0], name: 'copy.png' })
    expect(parseBoard(twice)).toEqual({ ok: false, message: expect.stringContaining('damaged') })
  })

  it('takes at most MAX_BOARD_COLUMNS columns: a full board refuses another and changes nothing', () => {
    const b = new Board()
    for (let i = 0; i < MAX_BOARD_COLUMNS - 1; i++) expect(b.add(column(`c${i}`, RED))).toBe(true)
    expect(b.room).toBe(1)
    expect(b.add(column('last', GREEN))).toBe(true)
    expect(b.room).toBe(0)
    const before = b.content()
    expect(b.add(column('one too many', BLUE))).toBe(false)
    expect(b.columns).toHaveLength(MAX_BOARD_COLUMNS)
    expect(b.content()).toBe(before)
    expect(b.active?.name).toBe('last')
  })

  it('opens a board with more columns than it takes, every one of them, and takes no more', () => {
    const b = new Board()
    b.add(column('a', RED))
    const json = b.toJSON()
    const many = { ...json, columns: Array.from({ length: MAX_BOARD_COLUMNS + 5 }, (_, i) => ({ ...json.columns[0], id: `id-${i}`, name: `c${i}` })) }
    const opened = new Board()
    opened.load(many)
    expect(opened.columns).toHaveLength(MAX_BOARD_COLUMNS + 5)
    expect(opened.room).toBe(0)
    expect(opened.add(column('more', GREEN))).toBe(false)
    expect(opened.toJSON().columns).toEqual(many.columns)
  })

  it('says how many columns a full board did not take, and what to do', () => {
    expect(boardFull(2, 5, 'file', 'Remove columns.')).toBe('The board is full (it holds 300 columns), so 2 of the 5 files were not added. Remove columns.')
    expect(boardFull(1, 4, 'frame', 'Do.')).toBe('The board is full (it holds 300 columns), so 1 of the 4 frames was not added. Do.')
    expect(boardFull(3, 3, 'palette', 'Do.')).toBe('The board is full (it holds 300 columns), so the 3 palettes were not added. Do.')
    expect(boardFull(1, 1, 'image', 'Do.')).toBe('The board is full (it holds 300 columns), so the image was not added. Do.')
  })

  it('says what each undo and redo did, and where a column moved to, for the status line a screen reader hears', () => {
    const b = new Board()
    const [a, c, d] = [column('a.png', RED), column('b.png', GREEN), column('c.png', BLUE)]
    b.add(a)
    b.together(() => [c, d].forEach((x) => b.add(x)))
    b.move(0, 1)
    expect(b.placeOf(a.id)).toBe('position 2 of 3')
    b.pick('a', { column: d.id, kind: 'kmeans' })
    c.editor.setColor(0, [0, 0, 0])
    b.remove(d.id)
    expect(b.undoRemove()?.said).toBe('Undid removing c.png.')
    expect(b.step('undo')).toEqual({ said: 'Undid an edit in b.png.', edited: c })
    expect(b.step('undo')?.said).toBe('Undid picking k-means of c.png as A.')
    expect(b.step('undo')?.said).toBe('Undid moving a.png; it is at position 1 of 3.')
    expect(b.step('undo')?.said).toBe('Undid adding 2 columns.')
    expect(b.step('undo')?.said).toBe('Undid adding a.png.')
    expect(b.step('undo')).toBeUndefined()
    expect(b.step('redo')?.said).toBe('Redid adding a.png.')
    b.step('redo')
    expect(b.step('redo')?.said).toBe('Redid moving a.png; it is at position 2 of 3.')
  })

  it('splits a frame column’s name before its time, which its header keeps in sight when it cuts the film’s name', () => {
    const frame = new BoardColumn({ name: 'Spring @ dawn.webm @ 00:01.000', kind: 'frame', time: 1 })
    expect(frame.nameParts).toEqual(['Spring @ dawn.webm', ' @ 00:01.000'])
    expect(new BoardColumn({ name: 'Spring @ dawn.png', kind: 'image' }).nameParts).toEqual(['Spring @ dawn.png', ''])
  })

  it('names the columns that undo takes away or redo puts back next: none for an edit, a removal or a move', () => {
    const b = new Board()
    const [a, c, d] = [column('a', RED), column('b', GREEN), column('c', BLUE)]
    b.add(a)
    b.together(() => [c, d].forEach((x) => b.add(x)))
    expect(b.nextAdded('undo')).toEqual([c, d])
    expect(b.nextAdded('redo')).toEqual([])
    b.history('undo')
    expect([b.nextAdded('undo'), b.nextAdded('redo')]).toEqual([[a], [c, d]])
    b.history('redo')
    b.move(0, 1)
    expect(b.nextAdded('undo')).toEqual([])
    b.remove(a.id)
    expect(b.nextAdded('undo')).toEqual([])
    c.editor.setColor(0, [0, 0, 0])
    expect(b.nextAdded('undo')).toEqual([])
  })
})
