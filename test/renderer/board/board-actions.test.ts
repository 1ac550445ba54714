import { mkdir, mkdtemp, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { dispatch } from '../../../src/main/handlers/dispatch'
import { createHandlers } from '../../../src/main/handlers/handlers'
import type { ExtractRequest, PaletteStudioApi, ResponseOf } from '../../../src/shared/ipc-contract'
import type { Method, Palette } from '../../../src/shared/palette'
import { Board } from '../../../src/renderer/src/board/board.svelte'
import { BoardActions, methodsToRun } from '../../../src/renderer/src/board/board-actions.svelte'
import { BoardColumn } from '../../../src/renderer/src/board/board-column.svelte'
import { CopyChoice } from '../../../src/renderer/src/lib/copy-choice.svelte'
import { copyLines } from '../../../src/renderer/src/lib/copy-format'
import { rgbToHex } from '../../../src/renderer/src/lib/color'
import { allColours } from '../../../src/main/formats'
import { MAX_BOARD_COLUMNS, MAX_COLUMN_NAME } from '../../../src/renderer/src/board/project'
import { diskExport } from '../disk-export'
import { fakeServices } from '../../main/shell-services'

const palette = (method: Method, rgb: [number, number, number]): Palette => ({ method, swatches: [{ rgb, hex: rgbToHex(rgb), share: 1 }] })

function savedBoard(dirty: boolean): unknown {
  const board = new Board()
  const column = new BoardColumn({ name: 'a.png', kind: 'image' })
  column.setPalettes([palette('median-cut', [1, 2, 3])])
  board.add(column)
  return JSON.parse(JSON.stringify({ ...board.toJSON(), dirty, savedPath: dirty ? null : '/b.palette-studio' }))
}

function fakeApi(options: { methods: Method[]; autosave?: unknown; autosaveFails?: boolean }) {
  const extracts: ExtractRequest[] = []
  const autosaves: unknown[] = []
  const saves: unknown[] = []
  const savesSuggested: string[] = []
  const api = {
    getAppInfo: async () => ({ ok: true, value: { version: 't', platform: 'linux', methods: options.methods, testBridge: true } }),
    restoreBoard: async () => ({
      ok: true,
      value: { autosave: options.autosave === undefined ? null : { board: options.autosave, savedAt: 1_700_000_000_000, changed: [] } }
    }),
    keepAutosave: async () => ({ ok: true, value: { path: '/data/unrestored-board-1.palette-studio' } }),
    autosaveBoard: async ({ board }: { board: unknown }) => {
      if (options.autosaveFails) return { ok: false, error: { code: 'IO_ERROR', message: 'ENOSPC: no space left on device' } }
      autosaves.push(board)
      return { ok: true, value: { savedAt: 1 } }
    },
    openProject: async () => ({ ok: true, value: { project: { path: '/b.palette-studio', board: savedBoard(false) } } }),
    adoptProject: async () => ({ ok: true, value: {} }),
    saveProject: async ({ board, suggestedName }: { board: unknown; suggestedName: string }) => {
      saves.push(board)
      savesSuggested.push(suggestedName)
      return { ok: true, value: { path: '/mine.palette-studio' } }
    },
    // No display copies here: the engine could not make one (the test below gives one).
    displayCopy: async () => ({ ok: false, error: { code: 'UNSUPPORTED', message: 'no copy' } }),
    extract: async (request: ExtractRequest) => {
      extracts.push(request)
      const value: ResponseOf<'extract'> = {
        palette: palette(request.method, [10, 11, 12]),
        groundTruth: palette('median-cut', [1, 2, 3]),
        timings: {},
        source: { width: 1, height: 1, format: 'raw', hasAlpha: false, space: 'srgb' }
      }
      return { ok: true, value }
    }
  } as unknown as PaletteStudioApi
  return { api, extracts, autosaves, saves, savesSuggested, options }
}

/** A started board with one column of the user's own, not saved yet. */
async function unsavedBoard(options: { autosaveFails?: boolean } = {}) {
  const fake = fakeApi({ methods: ['kmeans'], ...options })
  const board = new Board()
  const actions = new BoardActions(fake.api, board)
  await actions.init()
  await actions.addSource({ kind: 'path', path: '/mine.png' }, { name: 'mine.png', kind: 'image' })
  actions.changed(board.content())
  return { ...fake, board, actions }
}

const names = (board: Board): string[] => board.columns.map((c) => c.name)

/**
 * A started, saved board adding the images /p1.png to /p5.png, which holds the reading of /p3.png
 * until `release` is called (a large photo being decoded).
 */
async function addingFive() {
  const fake = fakeApi({ methods: ['kmeans'] })
  const read: string[] = []
  let release = (): void => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  Object.assign(fake.api, {
    readImageFile: async ({ path }: { path: string }) => {
      read.push(path)
      if (path === '/p3.png') await held
      return { ok: true, value: { name: path.slice(1), mime: 'image/png', bytes: new Uint8Array([1]) } }
    }
  })
  const board = new Board()
  const actions = new BoardActions(fake.api, board)
  await actions.init()
  const adding = actions.addPaths(['/p1.png', '/p2.png', '/p3.png', '/p4.png', '/p5.png'])
  await vi.waitFor(() => expect(read).toContain('/p3.png'))
  return { ...fake, board, actions, read, release, adding }
}

describe('BoardActions', () => {
  it('runs k-means (median cut comes with it as the ground truth) and neural when this build has it', () => {
    expect(methodsToRun(['median-cut', 'kmeans'])).toEqual(['kmeans'])
    expect(methodsToRun(['neural', 'median-cut', 'kmeans'])).toEqual(['kmeans', 'neural'])
  })

  it('adds a column with every palette once, even when asked before the app info arrived', async () => {
    const { api, extracts } = fakeApi({ methods: ['neural', 'median-cut', 'kmeans'] })
    const actions = new BoardActions(api, new Board())
    const column = await actions.addSource({ kind: 'path', path: '/a.png' }, { name: 'a.png', kind: 'image' })
    expect(extracts.map((r) => r.method)).toEqual(['kmeans', 'neural'])
    expect(column.palettes.map((p) => p.method)).toEqual(['median-cut', 'neural', 'kmeans'])
    expect(column.editor.swatches.map((s) => rgbToHex(s.rgb))).toEqual(['#010203'])
  })

  it('Copy Palette copies the column worked in last (through main without clipboard permission)', async () => {
    const board = new Board()
    const copied: string[] = []
    const api = { copyText: async ({ text }: { text: string }) => (copied.push(text), { ok: true, value: {} }) } as unknown as PaletteStudioApi
    const actions = new BoardActions(api, board)
    const [first, second] = ['a.png', 'b.png'].map((name, i) => {
      const column = new BoardColumn({ name, kind: 'image' })
      column.setPalettes([{ method: 'kmeans', swatches: [{ rgb: [i, 2, 3], hex: '', share: 0.6 }, { rgb: [200, 100, i], hex: '', share: 0.4 }] }])
      board.add(column)
      return column
    })
    board.activeColumn = first.id
    first.editor.setColor(1, [255, 255, 255])
    const pageClipboard: string[] = []
    await actions.copyPalette(async (text) => void pageClipboard.push(text))
    expect(pageClipboard).toEqual(['#000203\n#ffffff'])
    expect(actions.notice).toBe('Copied the palette of a.png as HEX')
    board.activeColumn = second.id
    await actions.copyPalette(() => Promise.reject(new Error('denied')))
    expect(copied).toEqual(['#010203\n#c86401'])
  })

  it('Copy Palette writes the window\'s chosen "Copy as" format, and says so (again when the same copy is made twice)', async () => {
    const board = new Board()
    const copying = new CopyChoice()
    const actions = new BoardActions({} as PaletteStudioApi, board, undefined, copying)
    const column = new BoardColumn({ name: 'a.png', kind: 'image' })
    column.setPalettes([{ method: 'kmeans', swatches: [{ rgb: [200, 20, 20], hex: '', share: 0.6 }, { rgb: [0, 0, 255], hex: '', share: 0.4 }] }])
    board.add(column)
    copying.choose('rgb') // as the Image view's picker does
    const pageClipboard: string[] = []
    await actions.copyPalette(async (text) => void pageClipboard.push(text))
    expect(pageClipboard).toEqual(['rgb(200 20 20)\nrgb(0 0 255)'])
    expect(actions.notice).toBe('Copied the palette of a.png as RGB')
    // A live region whose text stays the same is not read again.
    await actions.copyPalette(async (text) => void pageClipboard.push(text))
    expect(actions.notice).toBe('Copied the palette of a.png as RGB again')
    column.editor.rename(0, 'Brick')
    copying.choose('css')
    await actions.copyPalette(async (text) => void pageClipboard.push(text))
    expect(pageClipboard.at(-1)).toBe('--a-1: #c81414; /* Brick */\n--a-2: #0000ff; /* #0000ff */')
  })

  it('Copy Palette copies the HSL and OKLCH numbers typed, as Ctrl+C on each chip does', async () => {
    const board = new Board()
    const copying = new CopyChoice()
    const actions = new BoardActions({} as PaletteStudioApi, board, undefined, copying)
    const column = new BoardColumn({ name: 'a.png', kind: 'image' })
    column.setPalettes([{ method: 'kmeans', swatches: [{ rgb: [200, 20, 20], hex: '', share: 0.6 }, { rgb: [0, 0, 255], hex: '', share: 0.2 }, { rgb: [9, 9, 9], hex: '', share: 0.2 }] }])
    board.add(column)
    // Numbers no 8-bit colour gives back exactly: a hue and saturation on a grey, a fraction.
    column.editor.setHsl(0, { h: 200, s: 30, l: 40 })
    column.editor.setHsl(1, { h: 210, s: 0, l: 50 })
    column.editor.setOklch(2, { l: 0.5, c: 0, h: 120 })
    const pageClipboard: string[] = []
    for (const format of ['hsl', 'oklch'] as const) {
      copying.choose(format)
      await actions.copyPalette(async (text) => void pageClipboard.push(text))
    }
    const [hsl, oklch] = pageClipboard.map((text) => text.split('\n'))
    expect(hsl.slice(0, 2)).toEqual(['hsl(200 30% 40%)', 'hsl(210 0% 50%)'])
    expect(oklch[2]).toBe('oklch(0.5 0 120)')
    // Line for line what a chip's Ctrl+C gives (EditedPalette: the editor's swatches through copyLines).
    expect(hsl).toEqual(copyLines(column.editor.swatches, 'hsl', column.title))
    expect(oklch).toEqual(copyLines(column.editor.swatches, 'oklch', column.title))
  })

  it('says a sentence said already "again", so that the live status line is read out each time', () => {
    const actions = new BoardActions({} as PaletteStudioApi, new Board())
    const said = ['Undid an edit in a.png.', 'Undid an edit in a.png.', 'Undid an edit in a.png.', 'Moved a.png to position 2 of 3.'].map((sentence) => {
      actions.say(sentence)
      return actions.notice
    })
    expect(said).toEqual(['Undid an edit in a.png.', 'Undid an edit in a.png again.', 'Undid an edit in a.png.', 'Moved a.png to position 2 of 3.'])
  })

  it('Copy Palette as CSS variables copies the lines the column’s CSS export declares, named after the column', async () => {
    const disk = await diskExport()
    const { api } = fakeApi({ methods: ['kmeans'] })
    api.exportPalette = disk.exportPalette
    const board = new Board()
    const copying = new CopyChoice()
    const actions = new BoardActions(api, board, undefined, copying)
    const frame = new BoardColumn({ name: 'Été.mp4 @ 01:23.400', kind: 'frame', time: 83.4 })
    frame.setPalettes([{ method: 'kmeans', swatches: [{ rgb: [200, 20, 20], hex: '#c81414', share: 0.6 }, { rgb: [0, 0, 255], hex: '#0000ff', share: 0.4 }] }])
    board.add(frame)
    frame.editor.rename(1, 'Sea </style>')
    copying.choose('css')
    const pageClipboard: string[] = []
    await actions.copyPalette(async (text) => void pageClipboard.push(text))
    await actions.exportColumn(frame, 'css')
    expect(actions.error).toBeNull()
    const css = await readFile(join(disk.dir, disk.suggested[0]), 'utf8')
    const exported = css.split('\n').filter((line) => line.startsWith('  --')).map((line) => line.slice(2))
    expect(exported).toEqual(['--ete-01-23-400-1: #c81414; /* #c81414 */', '--ete-01-23-400-2: #0000ff; /* Sea < /style> */'])
    expect(pageClipboard).toEqual([exported.join('\n')])
    await disk.remove()
  })

  it('a column with no colours (a transparent image) exports nothing and says why; Export all leaves it out, saying so', async () => {
    const disk = await diskExport()
    const { api } = fakeApi({ methods: ['kmeans'] })
    api.exportPalette = disk.exportPalette
    const board = new Board()
    const actions = new BoardActions(api, board)
    await actions.exportAll('ase')
    expect(actions.notice).toBe('The board is empty: add images first.')
    actions.notice = null
    await actions.copyPalette(() => Promise.reject(new Error('nothing should be copied')))
    expect(actions.notice).toBe('The board is empty: add images first.')
    const [clear, blank, bands] = ['clear.png', 'blank.png', 'bands.png'].map((name) => {
      const column = new BoardColumn({ name, kind: 'image' })
      column.setPalettes([{ method: 'median-cut', swatches: name === 'bands.png' ? [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] : [] }])
      board.add(column)
      return column
    })
    await actions.exportColumn(clear, 'ase')
    expect(actions.error).toBe('clear.png has no colours to export: every pixel of it is transparent.')
    board.activeColumn = clear.id
    await actions.copyPalette(() => Promise.reject(new Error('nothing should be copied')))
    expect(actions.error).toBe('clear.png has no colours to copy: every pixel of it is transparent.')
    board.remove(bands.id)
    await actions.exportAll('gpl')
    expect(actions.error).toBe('clear.png and blank.png have no colours to export: every pixel of each is transparent.')
    expect(disk.suggested).toEqual([])

    board.add(bands)
    await actions.exportAll('ase')
    expect(actions.error).toBeNull()
    expect(actions.notice).toBe(`Exported ${join(disk.dir, 'board.ase')}; clear.png and blank.png were left out: every pixel of each is transparent, so each has no colours`)
    expect((await disk.read('board.ase')).groups.map((g) => g.name)).toEqual(['bands'])
    board.remove(blank.id)
    await actions.exportAll('json')
    expect(actions.notice).toBe(`Exported ${join(disk.dir, 'board.json')}; clear.png was left out: every pixel of it is transparent, so it has no colours`)
    await disk.remove()
  })

  it('exports columns with 230-character names: cut to the 200 a group name may have, a frame keeping its time', async () => {
    const disk = await diskExport()
    const { api } = fakeApi({ methods: ['kmeans'] })
    api.exportPalette = disk.exportPalette
    const board = new Board()
    const actions = new BoardActions(api, board)
    const image = new BoardColumn({ name: `${'i'.repeat(230)}.png`, kind: 'image' })
    const frame = new BoardColumn({ name: `${'f'.repeat(230)}.mp4 @ 01:23.400`, kind: 'frame', time: 83.4 })
    for (const column of [image, frame]) {
      column.setPalettes([{ method: 'median-cut', swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] }])
      board.add(column)
    }
    await actions.exportAll('ase')
    expect(actions.error).toBeNull()
    expect((await disk.read('board.ase')).groups.map((g) => g.name)).toEqual(['i'.repeat(200), `${'f'.repeat(188)} @ 01:23.400`])
    await disk.remove()
  })

  it('exports files named after the board and its columns, without the images\' or films\' extensions', async () => {
    const disk = await diskExport()
    const { api, savesSuggested } = fakeApi({ methods: ['kmeans'] })
    api.exportPalette = disk.exportPalette
    const board = new Board()
    const actions = new BoardActions(api, board)
    const image = new BoardColumn({ name: 'bands.png', kind: 'image' })
    const frame = new BoardColumn({ name: 'film.mp4 @ 01:23.400', kind: 'frame', time: 83.4 })
    for (const column of [image, frame]) {
      column.setPalettes([{ method: 'median-cut', swatches: [{ rgb: [250, 120, 40], hex: '#fa7828', share: 0.7 }, { rgb: [1, 2, 3], hex: '#010203', share: 0.3 }] }])
      board.add(column)
    }
    image.editor.rename(1, 'Ink')
    frame.editor.setColor(0, [16, 32, 48])
    await actions.exportAll('gpl')
    await actions.exportAll('ase')
    expect(disk.suggested).toEqual(['board.ase'])
    const gpl = await disk.read('board - bands.gpl')
    expect(gpl.name).toBe('bands')
    expect(allColours(gpl).map((c) => c.name)).toEqual(['#fa7828', 'Ink'])
    expect((await disk.read('board - film @ 01-23.400.gpl')).name).toBe('film @ 01:23.400')
    expect((await disk.read('board.ase')).groups.map((g) => [g.name, g.swatches.map((c) => c.name)])).toEqual([
      ['bands', ['#fa7828', 'Ink']],
      ['film @ 01:23.400', ['#102030', '#010203']]
    ])
    await actions.exportColumn(frame, 'json')
    // Windows forbids ":" in a file name: the suggestion has none, the file's title keeps it.
    expect(disk.suggested.at(-1)).toBe('film @ 01-23.400.json')
    const json = await disk.read('film @ 01-23.400.json')
    expect(allColours(json).map((c) => [c.name, c.share])).toEqual([
      ['#102030', 0.7],
      ['#010203', 0.3]
    ])
    // Once saved, the board's files take its project file's name.
    await actions.save()
    expect(savesSuggested).toEqual(['board'])
    board.markSaved('/boards/Trip 2024.05.palette-studio', 1, board.content())
    await actions.exportAll('ase')
    expect(disk.suggested.at(-1)).toBe('Trip 2024.05.ase')
    expect((await disk.read('Trip 2024.05.ase')).groups).toHaveLength(2)
    await actions.save(true)
    expect(savesSuggested.at(-1)).toBe('Trip 2024.05')
    expect(actions.error).toBeNull()
    await disk.remove()
  })

  it('Save Board on an empty board never saved asks for no file and says to add images; Save As and a saved board still save', async () => {
    const { api, saves } = fakeApi({ methods: ['kmeans'] })
    const board = new Board()
    const actions = new BoardActions(api, board)
    await actions.save()
    expect(saves).toEqual([])
    expect(actions.notice).toBe('The board is empty: add images first.')
    await actions.save(true) // Save Board As…: the user asked for a file, empty or not
    expect(saves).toMatchObject([{ columns: [] }])
    expect(actions.notice).toBe('Saved /mine.palette-studio')

    const emptied = await unsavedBoard()
    await emptied.actions.save()
    emptied.board.remove(emptied.board.columns[0]!.id)
    await emptied.actions.save() // saved before: the user may keep it empty
    expect(emptied.saves).toMatchObject([{ columns: [{ name: 'mine.png' }] }, { columns: [] }])
  })

  it('restores an autosave with unsaved changes and says so', async () => {
    const board = new Board()
    const actions = new BoardActions(fakeApi({ methods: ['kmeans'], autosave: savedBoard(true) }).api, board)
    await actions.init()
    expect(board.columns.map((c) => c.name)).toEqual(['a.png'])
    expect(board.dirty).toBe(true)
    expect(actions.notice).toMatch(/^Restored your board with its unsaved changes from /)
  })

  it('reopens a board whose autosave matches its last save, quietly naming the file', async () => {
    const board = new Board()
    const actions = new BoardActions(fakeApi({ methods: ['kmeans'], autosave: savedBoard(false) }).api, board)
    await actions.init()
    expect(board.dirty).toBe(false)
    expect(actions.notice).toBe('Reopened your board (/b.palette-studio).')
  })

  it('starts with an empty board from a damaged autosave, keeps that autosave aside, and says where', async () => {
    const board = new Board()
    const actions = new BoardActions(fakeApi({ methods: ['kmeans'], autosave: { columns: 'x' } }).api, board)
    await actions.init()
    expect(board.columns).toEqual([])
    expect(actions.methods).toEqual(['kmeans'])
    expect(actions.error).toBe(
      'Your last board could not be restored: This board file is damaged or is not a Palette Studio board. It was kept as /data/unrestored-board-1.palette-studio.'
    )
  })

  it('starts, and says why, when main could not read the autosave', async () => {
    const { api } = fakeApi({ methods: ['kmeans'] })
    const message = 'Your last board could not be restored: "autosave.palette-studio" was saved by a newer Palette Studio.'
    api.restoreBoard = async () => ({ ok: false, error: { code: 'UNSUPPORTED', message } })
    const actions = new BoardActions(api, new Board())
    await actions.init()
    expect(actions.methods).toEqual(['kmeans'])
    expect(actions.error).toBe(message)
  })

  it('autosaves after a change once started, and flush writes it at once', async () => {
    const { api, autosaves } = fakeApi({ methods: ['kmeans'] })
    const board = new Board()
    const actions = new BoardActions(api, board)
    actions.changed(board.content())
    await actions.flush()
    expect(autosaves).toEqual([]) // not before the start: it would overwrite the autosave to restore
    await actions.init()
    await actions.addSource({ kind: 'path', path: '/a.png' }, { name: 'a.png', kind: 'image' })
    actions.changed(board.content())
    expect(actions.autosavePending).toBe(true)
    await actions.flush()
    expect(autosaves).toHaveLength(1)
    expect(autosaves[0]).toMatchObject({ dirty: true, columns: [{ name: 'a.png' }] })
    expect(actions.autosavePending).toBe(false)
  })

  it('opening a board over unsaved changes asks first; Cancel keeps them', async () => {
    const { board, actions } = await unsavedBoard()
    const opening = actions.open()
    await vi.waitFor(() => expect(actions.unsaved.asking).toBe(true))
    expect(names(board)).toEqual(['mine.png'])
    actions.unsaved.answer('cancel')
    await opening
    expect(names(board)).toEqual(['mine.png'])
    expect(board.dirty).toBe(true)
  })

  it('Discard opens the other board; Save saves the changes first, then opens it', async () => {
    const discarding = await unsavedBoard()
    const opening = discarding.actions.open()
    await vi.waitFor(() => expect(discarding.actions.unsaved.asking).toBe(true))
    discarding.actions.unsaved.answer('discard')
    await opening
    expect(names(discarding.board)).toEqual(['a.png'])
    expect(discarding.saves).toEqual([])

    const saving = await unsavedBoard()
    const opened = saving.actions.open()
    await vi.waitFor(() => expect(saving.actions.unsaved.asking).toBe(true))
    saving.actions.unsaved.answer('save')
    await opened
    expect(saving.saves).toMatchObject([{ columns: [{ name: 'mine.png' }] }])
    expect(names(saving.board)).toEqual(['a.png'])
    expect(saving.actions.notice).toBe('Opened /b.palette-studio')
  })

  it('a column added while Save As is open is not in the file: the board stays unsaved, autosaved so, and Open asks first', async () => {
    const { api, board, actions, autosaves } = await unsavedBoard()
    let written: { columns: { name: string }[] } | undefined
    let finish = (): void => {}
    api.saveProject = (async ({ board: json }: { board: unknown }) => {
      written = JSON.parse(JSON.stringify(json))
      await new Promise<void>((resolve) => (finish = resolve))
      return { ok: true, value: { path: '/mine.palette-studio' } }
    }) as never
    const saving = actions.save(true)
    await vi.waitFor(() => expect(written).toBeDefined())
    // Add images… goes on extracting while the dialog is open.
    await actions.addSource({ kind: 'path', path: '/late.png' }, { name: 'late.png', kind: 'image' })
    actions.changed(board.content())
    finish()
    await saving
    expect(written?.columns.map((c) => c.name)).toEqual(['mine.png'])
    expect([board.savedPath, board.dirty]).toEqual(['/mine.palette-studio', true])
    await actions.flush()
    expect(autosaves.at(-1)).toMatchObject({ dirty: true })
    const opening = actions.open()
    await vi.waitFor(() => expect(actions.unsaved.asking).toBe(true))
    actions.unsaved.answer('cancel')
    await opening
    expect(names(board)).toEqual(['mine.png', 'late.png'])
  })

  it('an edit undone back to the saved board leaves nothing unsaved: its autosave says so, and Open asks nothing', async () => {
    const { board, actions, autosaves } = await unsavedBoard()
    await actions.save()
    board.columns[0].editor.setColor(0, [200, 0, 0])
    actions.changed(board.content())
    expect(board.dirty).toBe(true)
    board.history('undo')
    actions.changed(board.content())
    expect(board.dirty).toBe(false)
    await actions.flush()
    expect(autosaves.at(-1)).toMatchObject({ dirty: false })
    await actions.open()
    expect(actions.unsaved.asking).toBe(false)
    expect(names(board)).toEqual(['a.png'])
  })

  it('a board with nothing unsaved is replaced without a question', async () => {
    const board = new Board()
    const actions = new BoardActions(fakeApi({ methods: ['kmeans'] }).api, board)
    await actions.init()
    await actions.open()
    expect(names(board)).toEqual(['a.png'])
    expect(actions.unsaved.asking).toBe(false)
  })

  it('adding several files adds all it can, then names every file that failed and why', async () => {
    const { api } = fakeApi({ methods: ['kmeans'] })
    const unreadable = (path: string) => ({ ok: false, error: { code: 'NOT_AN_IMAGE', message: `${path} is not an image we can read.` } }) as const
    Object.assign(api, {
      readImageFile: async ({ path }: { path: string }) =>
        path.includes('bad') ? unreadable(path) : { ok: true, value: { name: path.slice(1), mime: 'image/png', bytes: new Uint8Array([1]) } },
      getPathForFile: () => ''
    })
    const board = new Board()
    const actions = new BoardActions(api, board)
    await actions.addPaths(['/a.png', '/bad-1.png', '/c.png', '/bad-2.png', '/e.png'])
    expect(names(board)).toEqual(['a.png', 'c.png', 'e.png'])
    expect(actions.error).toBe(
      'Could not add 2 of 5 files. bad-1.png: /bad-1.png is not an image we can read. · bad-2.png: /bad-2.png is not an image we can read.'
    )
    expect(actions.busy).toBeNull()

    // Dropped files the same way: here the engine refuses the second one.
    const extract = api.extract
    api.extract = async (request) => (request.source.kind === 'bytes' && request.source.name === 'y.png' ? unreadable('y.png') : extract(request))
    const file = (name: string) => new File([new Uint8Array([1])], name, { type: 'image/png' })
    await actions.addFiles([file('x.png'), file('y.png'), file('z.png')])
    expect(names(board)).toEqual(['a.png', 'c.png', 'e.png', 'x.png', 'z.png'])
    expect(actions.error).toBe('Could not add 1 of 3 files. y.png: y.png is not an image we can read.')
    // The files added together are undone together.
    board.history('undo')
    expect(names(board)).toEqual(['a.png', 'c.png', 'e.png'])
  })

  it('Stop ends an add of images after the image being read, keeps its columns as one undo step, and says how many it added', async () => {
    const { board, actions, read, release, adding } = await addingFive()
    expect(names(board)).toEqual(['p1.png', 'p2.png'])
    expect(actions.adding).toEqual({ done: 2, total: 5, stopping: false })
    expect(actions.busy).toBe('Adding 3 of 5')
    actions.stopAdding()
    expect(actions.busy).toBe('Stopping')
    release()
    await adding
    expect(names(board)).toEqual(['p1.png', 'p2.png', 'p3.png'])
    expect(read).toEqual(['/p1.png', '/p2.png', '/p3.png'])
    expect(actions.notice).toBe('Stopped after adding 3 of 5 images.')
    expect([actions.adding, actions.busy]).toEqual([null, null])
    board.history('undo')
    expect(names(board)).toEqual([])
  })

  it('opening a board while images are added stops the add first, asks about its columns, and the opened board gets none of them', async () => {
    const { board, actions, read, release, adding } = await addingFive()
    const opening = actions.open()
    // The add finishes the image it is reading, then stops; only then is the board asked about.
    release()
    await vi.waitFor(() => expect(actions.unsaved.asking).toBe(true))
    expect(names(board)).toEqual(['p1.png', 'p2.png', 'p3.png'])
    expect(actions.notice).toBe('Stopped after adding 3 of 5 images.')
    actions.unsaved.answer('discard')
    await Promise.all([opening, adding])
    expect(names(board)).toEqual(['a.png'])
    expect(read).toEqual(['/p1.png', '/p2.png', '/p3.png'])
    expect([board.dirty, actions.notice]).toEqual([false, 'Opened /b.palette-studio'])
    // The add's undo step was the old board's: none is left to take anything off the opened one.
    board.history('undo')
    expect(names(board)).toEqual(['a.png'])
  })

  it('a frame taken from a film while a board opens lands on the board it was taken for, which is then asked about', async () => {
    const { api, board, actions } = await unsavedBoard()
    await actions.save()
    let extracted: (() => void) | undefined
    const extract = api.extract
    api.extract = (request) => new Promise((resolve) => (extracted = () => resolve(extract(request))))
    const taking = actions.addSource({ kind: 'path', path: '/frame.png' }, { name: 'frame', kind: 'frame' })
    await vi.waitFor(() => expect(extracted).toBeDefined())
    const opening = actions.open()
    extracted?.()
    await vi.waitFor(() => expect(actions.unsaved.asking).toBe(true))
    expect(names(board)).toEqual(['mine.png', 'frame'])
    actions.unsaved.answer('discard')
    await Promise.all([opening, taking])
    expect(names(board)).toEqual(['a.png'])
  })

  it('a nearly full board takes the files it has room for, reads no others, and says how many it left out', async () => {
    const { api, extracts } = fakeApi({ methods: ['kmeans'] })
    const read: string[] = []
    Object.assign(api, { readImageFile: async ({ path }: { path: string }) => (read.push(path), { ok: true, value: { name: path.slice(1), mime: 'image/png', bytes: new Uint8Array([1]) } }) })
    const board = new Board()
    for (let i = 0; i < MAX_BOARD_COLUMNS - 2; i++) board.add(new BoardColumn({ name: `c${i}`, kind: 'image' }))
    const actions = new BoardActions(api, board)
    await actions.addPaths(['/a.png', '/b.png', '/c.png', '/d.png'])
    expect(names(board).slice(-2)).toEqual(['a.png', 'b.png'])
    expect(board.columns).toHaveLength(MAX_BOARD_COLUMNS)
    expect(read).toEqual(['/a.png', '/b.png'])
    expect(extracts).toHaveLength(2)
    expect(actions.error).toBe(
      'The board is full (it holds 300 columns), so 2 of the 4 files were not added. Remove columns to make room and add those files again.'
    )
    // A frame taken from a film onto the full board is refused the same way.
    await expect(actions.addSource({ kind: 'path', path: '/f.png' }, { name: 'f', kind: 'frame' })).rejects.toThrow(
      'The board is full (it holds 300 columns), so the frame was not added. Remove columns to make room and add it again.'
    )
    expect(board.columns).toHaveLength(MAX_BOARD_COLUMNS)
  })

  it('on a full board, Add images… and Import swatches… say it is full before any dialog opens; the message goes once there is room', async () => {
    const { api } = fakeApi({ methods: ['kmeans'] })
    const dialogs: string[] = []
    Object.assign(api, {
      openImageDialog: async () => (dialogs.push('images'), { ok: true, value: { paths: ['/a.png'] } }),
      importPalette: async () => (dialogs.push('swatches'), { ok: true, value: { file: null } }),
      readImageFile: async ({ path }: { path: string }) => ({ ok: true, value: { name: path.slice(1), mime: 'image/png', bytes: new Uint8Array([1]) } })
    })
    const board = new Board()
    board.add(new BoardColumn({ name: 'first.png', kind: 'image' }))
    board.together(() => {
      for (let i = 1; i < MAX_BOARD_COLUMNS; i++) board.add(new BoardColumn({ name: `c${i}`, kind: 'image' }))
    })
    const actions = new BoardActions(api, board)
    await actions.init()
    await actions.addDialog()
    expect(actions.error).toBe('The board is full (it holds 300 columns): remove columns to make room before adding images.')
    await actions.importSwatches()
    expect(actions.error).toBe('The board is full (it holds 300 columns): remove columns to make room before importing swatches.')
    expect(dialogs).toEqual([])
    // Undo takes the 299 columns back: the board is no longer full, and no longer says so (Root calls changed after every change).
    board.history('undo')
    actions.changed(board.content())
    expect(actions.error).toBeNull()
    await actions.addDialog()
    expect(dialogs).toEqual(['images'])
    expect(names(board)).toEqual(['first.png', 'a.png'])
  })

  it('a board full after an add says so until a column is removed; only the words about the full board go', async () => {
    const { api } = fakeApi({ methods: ['kmeans'] })
    Object.assign(api, {
      readImageFile: async ({ path }: { path: string }) =>
        path === '/bad.png' ? { ok: false, error: { code: 'IO_ERROR', message: 'unreadable' } } : { ok: true, value: { name: path.slice(1), mime: 'image/png', bytes: new Uint8Array([1]) } }
    })
    const board = new Board()
    for (let i = 0; i < MAX_BOARD_COLUMNS - 1; i++) board.add(new BoardColumn({ name: `c${i}`, kind: 'image' }))
    const actions = new BoardActions(api, board)
    await actions.init()
    await actions.addPaths(['/bad.png', '/a.png', '/b.png'])
    const failed = 'Could not add 1 of 3 files. bad.png: unreadable'
    expect(actions.error).toBe(`${failed} The board is full (it holds 300 columns), so 1 of the 3 files was not added. Remove columns to make room and add those files again.`)
    actions.changed(board.content())
    expect(actions.error).toMatch(/^Could not add .* The board is full/) // still full
    board.remove(board.columns[0].id)
    actions.changed(board.content())
    expect(actions.error).toBe(failed)
  })

  it('opening a board with more columns than a board takes opens all of them and says to remove some', async () => {
    const { api } = fakeApi({ methods: ['kmeans'] })
    const one = savedBoard(false) as { columns: { id: string }[] }
    const many = { ...one, columns: Array.from({ length: MAX_BOARD_COLUMNS + 2 }, (_, i) => ({ ...one.columns[0], id: `id-${i}` })) }
    api.openProject = async () => ({ ok: true, value: { project: { path: '/big.palette-studio', board: many } } }) as never
    const board = new Board()
    const actions = new BoardActions(api, board)
    await actions.init()
    await actions.open()
    expect(board.columns).toHaveLength(MAX_BOARD_COLUMNS + 2)
    expect(actions.notice).toBe('Opened /big.palette-studio. It has 302 columns, more than the 300 a board takes: remove 2 or more before adding others.')
  })

  it('a board file whose board is damaged names the file, and the board open stays as it was', async () => {
    const { api } = fakeApi({ methods: ['kmeans'] })
    const damaged = { ...(savedBoard(false) as object), columns: 'not columns' }
    api.openProject = async () => ({ ok: true, value: { project: { path: '/work/mood.palette-studio', board: damaged } } }) as never
    const board = new Board()
    const actions = new BoardActions(api, board)
    await actions.init()
    await actions.open()
    expect(actions.error).toBe('Could not open /work/mood.palette-studio. This board file is damaged or is not a Palette Studio board.')
    expect(board.columns).toHaveLength(0)
  })

  it('a file the browser cannot decode (TIFF) gets its preview from the engine’s display copy', async () => {
    const { api } = fakeApi({ methods: ['kmeans'] })
    const copies: unknown[] = []
    Object.assign(api, {
      readImageFile: async ({ path }: { path: string }) => ({ ok: true, value: { name: path.slice(1), mime: 'image/tiff', bytes: new Uint8Array([1]) } }),
      displayCopy: async ({ source }: { source: unknown }) => (copies.push(source), { ok: true, value: { mime: 'image/png', width: 1, height: 1, bytes: new Uint8Array([2]) } })
    })
    // The browser decodes the PNG copy, not the TIFF.
    const thumbOfBlob = async (blob: Blob) => (blob.type === 'image/png' ? 'data:image/jpeg;base64,copy' : '')
    const board = new Board()
    await new BoardActions(api, board, thumbOfBlob).addPaths(['/scan.tiff'])
    expect(copies).toEqual([{ kind: 'path', path: '/scan.tiff' }])
    expect(board.columns[0].thumb).toBe('data:image/jpeg;base64,copy')
  })

  it('a CMYK JPEG, which the browser decodes to other colours than its palette’s, gets its preview from the engine’s display copy', async () => {
    const { api } = fakeApi({ methods: ['kmeans'] })
    const copies: unknown[] = []
    const extract = api.extract
    Object.assign(api, {
      readImageFile: async ({ path }: { path: string }) => ({ ok: true, value: { name: path.slice(1), mime: 'image/jpeg', bytes: new Uint8Array([1]) } }),
      extract: async (request: ExtractRequest) => {
        const answer = await extract(request)
        if (answer.ok) answer.value.source = { ...answer.value.source, space: 'cmyk' }
        return answer
      },
      displayCopy: async ({ source }: { source: unknown }) => (copies.push(source), { ok: true, value: { mime: 'image/png', width: 1, height: 1, bytes: new Uint8Array([2]) } })
    })
    // The browser decodes both; only the engine's copy has the palette's colours.
    const thumbOfBlob = async (blob: Blob) => (blob.type === 'image/png' ? 'data:image/jpeg;base64,copy' : 'data:image/jpeg;base64,own')
    const board = new Board()
    await new BoardActions(api, board, thumbOfBlob).addPaths(['/print.jpg'])
    expect(copies).toEqual([{ kind: 'path', path: '/print.jpg' }])
    expect(board.columns[0].thumb).toBe('data:image/jpeg;base64,copy')
  })

  it('a failed autosave says why and is not reported as autosaved', async () => {
    const { actions } = await unsavedBoard({ autosaveFails: true })
    await actions.flush()
    expect(actions.error).toBe(
      'Your changes are not being autosaved: ENOSPC: no space left on device Save the board to a file of your own meanwhile.'
    )
    expect(actions.autosaveError).toBe(actions.error)
    expect(actions.autosavedAt).toBeNull()
  })

  it('an autosave that keeps failing says so once, not after every change, and says when it works again', async () => {
    const { actions, board, autosaves, options } = await unsavedBoard({ autosaveFails: true })
    await actions.flush()
    actions.dismiss()
    for (let i = 0; i < 2; i++) {
      board.columns[0].editor.toggleLock(0)
      actions.changed(board.content())
      await actions.flush()
    }
    expect(actions.error).toBeNull() // dismissed, and not shown again by the next failures
    expect(actions.autosaveError).toContain('not being autosaved')
    options.autosaveFails = false
    board.columns[0].editor.toggleLock(0)
    actions.changed(board.content())
    await actions.flush()
    expect(autosaves).toHaveLength(1)
    expect(actions.autosaveError).toBeNull()
    expect(actions.notice).toBe('Your changes are autosaved again.')
  })

  it('retries a failed autosave by itself, so freeing the disk needs no further change', async () => {
    vi.useFakeTimers()
    try {
      const { actions, autosaves, options } = await unsavedBoard({ autosaveFails: true })
      await actions.flush()
      options.autosaveFails = false
      await vi.advanceTimersByTimeAsync(30_000)
      expect(autosaves).toHaveLength(1)
      expect(actions.autosaveError).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })

  it('restores the last board before the engine has started, and says it did', async () => {
    const fake = fakeApi({ methods: ['kmeans'], autosave: savedBoard(true) })
    let start: () => void = () => {}
    const info = fake.api.getAppInfo
    fake.api.getAppInfo = (request) => new Promise((resolve) => (start = () => resolve(info(request))))
    const board = new Board()
    const actions = new BoardActions(fake.api, board)
    const started = actions.init()
    await vi.waitFor(() => expect(names(board)).toEqual(['a.png']))
    expect(actions.restored).toBe(true)
    expect(actions.methods).toEqual([])
    start()
    await started
    expect(actions.methods).toEqual(['kmeans'])
  })

  it('starts with no board of the last run as not restored, and still learns the methods when the autosave is damaged', async () => {
    const fresh = new BoardActions(fakeApi({ methods: ['kmeans'] }).api, new Board())
    await fresh.init()
    expect(fresh.restored).toBe(false)
    const damaged = new BoardActions(fakeApi({ methods: ['kmeans'], autosave: { format: 'nonsense' } }).api, new Board())
    await damaged.init()
    expect(damaged.restored).toBe(false)
    expect(damaged.error).toContain('Your last board could not be restored')
    expect(damaged.methods).toEqual(['kmeans'])
  })
})

describe('the board file on disk, through main’s real handlers', () => {
  let dir: string
  let file: string
  const windows: BoardActions[] = []
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'board-on-disk-'))
    file = join(dir, 'brand.palette-studio')
  })
  afterEach(async () => {
    await Promise.all(windows.splice(0).map((actions) => actions.flush()))
    await rm(dir, { recursive: true, force: true })
  })

  /**
   * A window of the app on the data folder `dir` (its autosave, its Open Recent), Save As and Open
   * choosing `file`; its engine has started once `engine` resolves. Each call is the next start.
   */
  function diskWindow(engine: Promise<void> = Promise.resolve()) {
    const services = fakeServices(dir)
    const handlers = createHandlers({
      ...services,
      dialogs: { ...services.dialogs, saveFile: async () => file, openFile: async () => file },
      methods: async () => (await engine, ['median-cut', 'kmeans'])
    })
    const api = new Proxy({}, { get: (_, verb: string) => (request: unknown) => dispatch(handlers, verb, request) }) as PaletteStudioApi
    const board = new Board()
    const actions = new BoardActions(api, board)
    windows.push(actions)
    return { board, actions }
  }

  /** A started window whose board of one column (#010203) is saved as `file` and autosaved. */
  async function savedWindow() {
    const window = diskWindow()
    await window.actions.init()
    const column = new BoardColumn({ name: 'a.png', kind: 'image' })
    column.setPalettes([palette('median-cut', [1, 2, 3])])
    window.board.add(column)
    window.actions.changed(window.board.content())
    await window.actions.save(true)
    await window.actions.flush()
    expect(window.actions.error).toBeNull()
    return window
  }

  /** The designer changes the first swatch (as Root tells the actions of every change). */
  function recolour({ board, actions }: { board: Board; actions: BoardActions }, rgb: [number, number, number]): void {
    board.columns[0].editor.setColor(0, rgb)
    actions.changed(board.content())
  }

  const onBoard = (board: Board): string[] => board.columns[0].editor.swatches.map((s) => rgbToHex(s.rgb))
  const boardIn = async (path: string) => JSON.parse(await readFile(path, 'utf8')).board
  const inFile = async (path: string): Promise<string[]> =>
    (await boardIn(path)).columns[0].edited.map((s: { rgb: [number, number, number] }) => rgbToHex(s.rgb))

  /** Another program (a colleague's, through a synced folder) rewrites the board file with `change` made. */
  async function changeElsewhere(change: (board: { columns: { edited: { rgb: number[] }[] }[] }) => unknown): Promise<string> {
    const saved = JSON.parse(await readFile(file, 'utf8'))
    change(saved.board)
    const theirs = JSON.stringify(saved)
    await writeFile(file, theirs)
    await utimes(file, new Date(), new Date(Date.now() + 60_000))
    return theirs
  }
  const makeBlue = (board: { columns: { edited: { rgb: number[] }[] }[] }) => (board.columns[0].edited[0].rgb = [0, 0, 255])

  it('Open Recent of the board open, answered Save, opens the file as that save left it, and the next save keeps the edit', async () => {
    const window = await savedWindow()
    const { board, actions } = window
    recolour(window, [200, 0, 0])
    const opening = actions.open(file)
    await vi.waitFor(() => expect(actions.unsaved.asking).toBe(true))
    actions.unsaved.answer('save')
    await opening
    expect([onBoard(board), board.dirty, actions.error]).toEqual([['#c80000'], false, null])
    expect(await inFile(file)).toEqual(['#c80000'])
    board.columns[0].editor.rename(0, 'Brand red')
    actions.changed(board.content())
    await actions.save()
    expect(await inFile(file)).toEqual(['#c80000'])
  })

  it('Open Recent of the board open, answered Cancel, still does not save over the file another program changed', async () => {
    const window = await savedWindow()
    recolour(window, [200, 0, 0])
    const theirs = await changeElsewhere(makeBlue)
    const opening = window.actions.open(file)
    await vi.waitFor(() => expect(window.actions.unsaved.asking).toBe(true))
    window.actions.unsaved.answer('cancel')
    await opening
    await window.actions.save()
    expect(window.actions.error).toContain('"brand.palette-studio" was changed by another program since you opened it')
    expect(await readFile(file, 'utf8')).toBe(theirs)
  })

  it('reopening its file after another program left a board there the app cannot open keeps the board, and does not save over that file', async () => {
    const window = await savedWindow()
    const theirs = await changeElsewhere((board) => Object.assign(board, { columns: 'not columns' }))
    await window.actions.open(file)
    expect(window.actions.error).toBe(`Could not open ${file}. This board file is damaged or is not a Palette Studio board.`)
    expect(onBoard(window.board)).toEqual(['#010203'])
    recolour(window, [200, 0, 0])
    await window.actions.save()
    expect(window.actions.error).toContain('was changed by another program since you opened it')
    expect(await readFile(file, 'utf8')).toBe(theirs)
  })

  it('autosaves a change made to the restored board while the engine is still starting', async () => {
    await savedWindow()
    let start = (): void => {}
    const next = diskWindow(new Promise<void>((resolve) => (start = resolve)))
    const starting = next.actions.init()
    await vi.waitFor(() => expect(next.board.columns).toHaveLength(1))
    recolour(next, [200, 0, 0])
    start()
    await starting
    await next.actions.flush() // the window closes
    expect((await boardIn(join(dir, 'autosave.palette-studio'))).columns[0].edited[0].rgb).toEqual([200, 0, 0])
  })

  it('starting on a saved board whose file another program changed since shows the file as it is now, and saves over it', async () => {
    await savedWindow()
    await changeElsewhere(makeBlue)
    const next = diskWindow()
    await next.actions.init()
    expect([onBoard(next.board), next.board.dirty, next.actions.notice]).toEqual([
      ['#0000ff'],
      false,
      `Reopened your board (${file}) as it is now: another program changed it since you last had it open.`
    ])
    recolour(next, [0, 200, 0])
    await next.actions.save()
    expect([next.actions.error, await inFile(file)]).toEqual([null, ['#00c800']])
  })

  it('starting on unsaved changes to a board whose file another program changed since keeps them, says so, and does not save over the file', async () => {
    const window = await savedWindow()
    recolour(window, [200, 0, 0])
    await window.actions.flush()
    const theirs = await changeElsewhere(makeBlue)
    const next = diskWindow()
    await next.actions.init()
    expect([onBoard(next.board), next.board.dirty]).toEqual([['#c80000'], true])
    expect(next.actions.notice).toMatch(
      /^Restored your board with its unsaved changes from .*\. Another program changed brand\.palette-studio since you last had it open: choose Save As… to keep this board under another name, or open the file to see it as it is now\.$/
    )
    await next.actions.save()
    expect(await readFile(file, 'utf8')).toBe(theirs)
  })

  it('a save the disk refuses says the board was not saved, which file, and to choose Save As…', async () => {
    file = join(dir, 'Client A', 'brand.palette-studio')
    await mkdir(join(dir, 'Client A'))
    const window = await savedWindow()
    await rename(join(dir, 'Client A'), join(dir, 'Client A (archived)'))
    recolour(window, [200, 0, 0])
    await window.actions.save()
    expect([window.actions.error, window.board.dirty]).toEqual([
      '"brand.palette-studio" was not saved: The file or folder could not be found. It may have been moved, renamed or deleted. Choose Save As… to save it elsewhere.',
      true
    ])
  })

  /** A column whose name no board file holds: no name the app makes now, a bug's. */
  const unreadableColumn = (board: Board): void => {
    board.add(new BoardColumn({ name: 'x'.repeat(MAX_COLUMN_NAME + 1), kind: 'image' }))
  }

  it('a board that could not be read back is not saved: the file saved before stays as it was, and Save says why', async () => {
    const window = await savedWindow()
    const before = await readFile(file, 'utf8')
    unreadableColumn(window.board)
    await window.actions.save()
    expect(window.actions.error).toBe(
      `The board was not written: Palette Studio could not open it again (column 2 ("${'x'.repeat(39)}…"), name: ` +
        'Too big: expected string to have <=500 characters). What was written before stays as it was.'
    )
    expect(await readFile(file, 'utf8')).toBe(before)
    const next = diskWindow()
    await next.actions.init()
    await next.actions.open()
    expect([next.actions.error, next.board.columns.map((c) => c.name)]).toEqual([null, ['a.png']])
  })

  it('a board that could not be read back is not autosaved: the last autosave is restored on the next start, and the board says its changes are not autosaved', async () => {
    const window = await savedWindow()
    unreadableColumn(window.board)
    window.actions.changed(window.board.content())
    await window.actions.flush()
    expect(window.actions.autosaveError).toContain('The board was not written: Palette Studio could not open it again (column 2')

    const next = diskWindow()
    await next.actions.init()
    expect([next.actions.error, next.board.columns.map((c) => c.name)]).toEqual([null, ['a.png']])
  })
})
