// The board file as the app writes and reads it: through main's real handlers, on disk, so what a
// test saves is what the next Open or start reads.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../../src/main/handlers/dispatch'
import { createHandlers } from '../../../src/main/handlers/handlers'
import { INVOKE_VERBS, type PaletteStudioApi } from '../../../src/shared/ipc-contract'
import { nameInFolder } from '../../../src/renderer/src/batch/batch.svelte'
import { Board } from '../../../src/renderer/src/board/board.svelte'
import { BoardActions } from '../../../src/renderer/src/board/board-actions.svelte'
import { BoardColumn } from '../../../src/renderer/src/board/board-column.svelte'
import { fitColumnName, MAX_COLUMN_NAME, parseBoard } from '../../../src/renderer/src/board/project'
import { fakeServices } from '../../main/shell-services'

let dir: string
let file: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'board-file-'))
  file = join(dir, 'shoot.palette-studio')
})
afterEach(() => rm(dir, { recursive: true, force: true }))

/** A window on the data folder `dir`, its board files written and read by main's handlers, its Save As and Open choosing `file`. */
async function openWindow(): Promise<{ board: Board; actions: BoardActions }> {
  const dialogs = { ...fakeServices(dir).dialogs, saveFile: async () => file, openFile: async () => file }
  const handlers = createHandlers(fakeServices(dir, { dialogs }))
  // A plain object of verbs, as the preload's api is.
  const api = Object.fromEntries(INVOKE_VERBS.map((verb) => [verb, (request: unknown) => dispatch(handlers, verb, request)])) as unknown as PaletteStudioApi
  const board = new Board()
  const actions = new BoardActions(api, board)
  await actions.init()
  return { board, actions }
}

function addColumn(board: Board, name: string): BoardColumn {
  const column = new BoardColumn({ name, kind: 'image', path: `/pictures/${name}` })
  column.setPalettes([{ method: 'median-cut', swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] }])
  board.add(column)
  return column
}

/** Saves the board as `file` (Save As), its autosave written too. */
async function saveAs({ board, actions }: { board: Board; actions: BoardActions }): Promise<void> {
  actions.changed(board.content())
  await actions.flush()
  await actions.save(true)
  await actions.flush()
}

const folder = '/home/me/Pictures/Clients'
const sub = 'Autumn campaign 2024 — final selects approved by the client after the second round of retouching, colour graded for print and web, high resolution masters'
/** A batch's image five folders deep: its path in the folder is longer than a board file's names. */
const deep = `${folder}/${sub}/${sub}/${sub}/retouched for the spring catalogue/IMG_0001.jpg`

describe('column names', () => {
  it('a batch image deep in its folder is named by the end of its path, its own name and the folders nearest it', () => {
    const name = fitColumnName(nameInFolder(folder, deep))
    expect(nameInFolder(folder, deep).length).toBeGreaterThan(MAX_COLUMN_NAME)
    expect(name.length).toBeLessThanOrEqual(MAX_COLUMN_NAME)
    expect(name).toMatch(/^…\/Autumn campaign 2024 .*\/retouched for the spring catalogue\/IMG_0001\.jpg$/)
    expect(fitColumnName('trip/IMG_1.jpg')).toBe('trip/IMG_1.jpg')
  })

  it('keeps whole folders (Windows paths too), and cuts a name with none between characters as a reader sees them', () => {
    expect(fitColumnName(`${'👩🏽‍🎨'.repeat(200)}\\${'🎨'.repeat(100)}.png`)).toBe(`…\\${'🎨'.repeat(100)}.png`)
    // Each artist is 7 UTF-16 units and 15 bytes of UTF-8: the end within 499 bytes holds 33 of them.
    const name = fitColumnName(`${'👩🏽‍🎨'.repeat(100)}.png`)
    expect(name).toBe(`…${'👩🏽‍🎨'.repeat(33)}.png`)
    expect(name.length).toBeLessThanOrEqual(MAX_COLUMN_NAME)
  })

  it('a board with a batch column from deep in its folder is saved, opened again, and restored on the next start', async () => {
    const window = await openWindow()
    addColumn(window.board, fitColumnName(nameInFolder(folder, deep)))
    await saveAs(window)
    expect(window.actions.error).toBeNull()

    const next = await openWindow() // the next start
    expect([next.actions.error, next.board.columns.map((c) => c.name)]).toEqual([null, [fitColumnName(nameInFolder(folder, deep))]])
    await next.actions.open()
    expect(next.actions.error).toBeNull()
    expect(next.actions.notice).toBe(`Opened ${file}`)
    expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/^unrestored-board-/))
  })
})

describe('fields of a newer build', () => {
  /** A board as a newer build saves it, with a field of its own in every object, under the same version. */
  const newer = {
    format: 'palette-studio-board',
    version: 1,
    columns: [
      {
        id: 'c1',
        name: 'a.png',
        kind: 'image',
        palettes: [{ method: 'median-cut', swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1, ink: 'CMYK' }], seed: 7 }],
        edited: [{ rgb: [1, 2, 3], name: '', locked: false, share: 1, spotInk: 'PANTONE 186 C' }],
        notes: 'client prefers the warmer red'
      }
    ],
    compare: { a: { column: 'c1', kind: 'median-cut', zoom: 2 }, b: null, mode: 'split' },
    savedPath: null,
    savedAt: null,
    dirty: false,
    activeColumn: null,
    guides: [1, 2]
  }

  it('are kept when the board is read', () => {
    expect(parseBoard(structuredClone(newer))).toEqual({ ok: true, board: newer })
  })

  it('are saved back by this build, its edits made', async () => {
    await writeFile(file, JSON.stringify({ format: 'palette-studio-board', version: 1, savedAt: 1, board: newer }))
    const window = await openWindow()
    await window.actions.open()
    window.board.columns[0].editor.rename(0, 'red')
    await window.actions.save()
    await window.actions.flush()
    const saved = JSON.parse(await readFile(file, 'utf8')).board
    expect(saved).toEqual({ ...newer, savedPath: file, columns: [{ ...newer.columns[0], edited: [{ ...newer.columns[0].edited[0], name: 'red' }] }] })
  })
})
