import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { Method, Rgb } from '../../src/shared/palette'
import type { ExtractRequest, ExtractResult, PaletteStudioApi, Result } from '../../src/shared/ipc-contract'
import { Session } from '../../src/renderer/src/lib/session.svelte'
import { CopyChoice } from '../../src/renderer/src/lib/copy-choice.svelte'
import type { Editor } from '../../src/renderer/src/lib/editor.svelte'
import type { BoardColumn } from '../../src/renderer/src/board/board-column.svelte'
import { rgbToHex } from '../../src/renderer/src/lib/color'
import { allColours } from '../../src/main/formats'
import { diskExport } from './disk-export'

const result = (method: Method, ...rgbs: Rgb[]): ExtractResult => ({
  palette: { method, swatches: rgbs.map((rgb) => ({ rgb, hex: rgbToHex(rgb), share: 1 / rgbs.length })) },
  groundTruth: { method: 'median-cut', swatches: [{ rgb: [1, 1, 1], hex: '#010101', share: 1 }] },
  timings: { total: 12 },
  source: { width: 4, height: 4, format: 'png', hasAlpha: false, space: 'srgb' }
})
const ok = <T>(value: T): Result<T> => ({ ok: true, value })
/** The custom property lines of an exported stylesheet, as they would be copied (without the file's indent). */
const declarationsOf = (css: string): string[] => css.split('\n').filter((line) => line.startsWith('  --')).map((line) => line.slice(2))
const hexes = (editor: Editor | undefined): string[] => editor?.swatches.map((s) => rgbToHex(s.rgb)) ?? []
/** What main's clipboard received (the fallback when the page's clipboard refuses). */
const copied: string[] = []

/** The engine side of the contract, answering from a table: path → method → result. */
function fakeApi(table: Record<string, Partial<Record<Method, ExtractResult>>>, methods: Method[]): PaletteStudioApi {
  const api: Partial<PaletteStudioApi> = {
    getAppInfo: async () => ok({ version: 't', platform: 'test', methods, testBridge: true }),
    readImageFile: async ({ path }) => ok({ name: path, mime: 'image/png', bytes: new Uint8Array([1]) }),
    copyText: async ({ text }) => {
      copied.push(text)
      return ok({})
    },
    extract: async (req: ExtractRequest) => {
      const path = req.source.kind === 'path' ? req.source.path : ''
      const found = table[path]?.[req.method]
      return found
        ? ok(found)
        : { ok: false, error: { code: 'NOT_AN_IMAGE', message: `${path} is not an image we can read.` } }
    },
    // A later image request cancels the one in flight: here its answer comes all the same.
    cancelExtract: async () => ok({ cancelled: false })
  }
  return api as PaletteStudioApi
}

const RED: Rgb = [200, 20, 20]
const BLUE: Rgb = [20, 20, 200]
const table = {
  'a.png': { neural: result('neural', RED, BLUE), kmeans: result('kmeans', [5, 5, 5], [6, 6, 6]) },
  'b.png': { neural: result('neural', [9, 9, 9]) }
}

/** A session whose Add to board puts columns in `board` (the compare board, Root.svelte, in the app). */
function withBoard(api: PaletteStudioApi): { s: Session; board: BoardColumn[] } {
  const board: BoardColumn[] = []
  const s = new Session(api, undefined, async (column) => void board.push(column))
  return { s, board }
}

/** An engine whose extractions wait until the test answers them, in whatever order it likes. */
function heldEngine(api: PaletteStudioApi): { api: PaletteStudioApi; answer: (path: string, method?: Method) => Promise<void> } {
  const extract = api.extract
  const held: { req: ExtractRequest; done: (r: Result<ExtractResult>) => void }[] = []
  api.extract = (req) => new Promise((done) => held.push({ req, done }))
  const answer = async (path: string, method?: Method): Promise<void> => {
    const pathOf = (r: ExtractRequest): string => (r.source.kind === 'path' ? r.source.path : '')
    await vi.waitFor(() => expect(held.some((h) => pathOf(h.req) === path && (!method || h.req.method === method))).toBe(true))
    const i = held.findIndex((h) => pathOf(h.req) === path && (!method || h.req.method === method))
    const [{ req, done }] = held.splice(i, 1)
    done(await extract(req))
  }
  return { api, answer }
}

describe('Session', () => {
  it('offers neural first when the engine lists it, and only what it lists', async () => {
    const s = new Session(fakeApi(table, ['median-cut', 'kmeans']))
    await s.init()
    expect(s.methods).toEqual(['median-cut', 'kmeans'])
    expect(s.method).toBe('median-cut')
    const n = new Session(fakeApi(table, ['neural', 'median-cut', 'kmeans']))
    await n.init()
    expect(n.method).toBe('neural')
  })

  it('an image opened before the engine answers is extracted with the method the engine offers first', async () => {
    let answer: (() => void) | undefined
    const api = fakeApi({ 'c.png': { neural: result('neural', RED), 'median-cut': result('median-cut', BLUE) } }, ['neural', 'median-cut'])
    const getAppInfo = api.getAppInfo
    api.getAppInfo = (req) => new Promise((done) => (answer = () => void getAppInfo(req).then(done)))
    const s = new Session(api)
    const starting = s.init()
    const opening = s.openPath('c.png')
    await vi.waitFor(() => expect(answer).toBeDefined())
    answer?.()
    await Promise.all([starting, opening])
    expect(s.error).toBeNull()
    expect(s.method).toBe('neural')
    expect(s.result?.palette.method).toBe('neural')
    expect(s.result?.groundTruth?.swatches).toHaveLength(1)
    expect(hexes(s.column?.editor)).toEqual([rgbToHex(RED)])
  })

  it('the engine answering after an image is open keeps the method that image was extracted with', async () => {
    let answer: (() => void) | undefined
    const api = fakeApi({ 'c.png': { neural: result('neural', RED), 'median-cut': result('median-cut', BLUE) } }, ['neural', 'median-cut'])
    const getAppInfo = api.getAppInfo
    api.getAppInfo = (req) => new Promise((done) => (answer = () => void getAppInfo(req).then(done)))
    const s = new Session(api)
    await s.openPath('c.png') // no init yet: the fallback method
    const starting = s.init()
    answer?.()
    await starting
    expect(s.methods).toEqual(['neural', 'median-cut'])
    expect(s.method).toBe('median-cut')
    expect(s.result?.palette.swatches.map((w) => w.hex)).toEqual([rgbToHex(BLUE)])
  })

  it('opens an image: both palettes and the editor show the extracted colours', async () => {
    const s = new Session(fakeApi(table, ['neural', 'median-cut', 'kmeans']))
    await s.init()
    await s.openPath('a.png')
    expect(s.error).toBeNull()
    expect(s.result?.palette.swatches.map((w) => w.hex)).toEqual([rgbToHex(RED), rgbToHex(BLUE)])
    expect(s.result?.groundTruth?.swatches[0].hex).toBe('#010101')
    expect(hexes(s.column?.editor)).toEqual([rgbToHex(RED), rgbToHex(BLUE)])
  })

  it('a bad file shows the engine message and keeps the previous image and edits', async () => {
    const s = new Session(fakeApi(table, ['neural']))
    await s.init()
    await s.openPath('a.png')
    s.column?.editor.rename(0, 'Brick')
    await s.openPath('broken.png')
    expect(s.error).toBe('broken.png is not an image we can read.')
    expect(s.column?.name).toBe('a.png')
    expect(s.column?.editor.swatches[0].name).toBe('Brick')
    expect(s.busy).toBeNull()
  })

  it('a second image opened while the first loads wins, whichever finishes first', async () => {
    const { api, answer } = heldEngine(fakeApi(table, ['neural']))
    const s = new Session(api)
    await s.init()
    const slow = s.openPath('a.png')
    const fast = s.openPath('b.png')
    await answer('b.png')
    await fast
    s.column?.editor.rename(0, 'Mine')
    await answer('a.png')
    await slow
    expect(s.column?.name).toBe('b.png')
    expect(s.column?.editor.swatches[0].name).toBe('Mine')
    expect(s.busy).toBeNull()
  })

  it('stays busy until the latest image is in, not when an earlier one ends', async () => {
    const { api, answer } = heldEngine(fakeApi(table, ['neural']))
    const s = new Session(api)
    await s.init()
    const first = s.openPath('a.png')
    const second = s.openPath('b.png')
    await answer('a.png')
    await first
    expect(s.busy).not.toBeNull()
    expect(s.column).toBeUndefined()
    await answer('b.png')
    await second
    expect(s.busy).toBeNull()
    expect(s.column?.name).toBe('b.png')
  })

  it('an export that ends while an image still loads leaves the busy line to the image', async () => {
    const { api, answer } = heldEngine(fakeApi(table, ['neural']))
    api.exportPalette = async () => ok({ paths: ['/out/a.gpl'] })
    const s = new Session(api)
    await s.init()
    const first = s.openPath('a.png')
    await answer('a.png')
    await first
    const loading = s.openPath('b.png')
    await s.exportPalette('gpl')
    expect(s.notice).toBe('Exported /out/a.gpl')
    expect(s.busy?.label).toMatch(/Opening|Extracting/)
    await answer('b.png')
    await loading
    expect(s.busy).toBeNull()
  })

  it('a method change that ends after another image opened changes neither that image nor the method', async () => {
    const { api, answer } = heldEngine(fakeApi(table, ['neural', 'kmeans']))
    const s = new Session(api)
    await s.init()
    const opening = s.openPath('a.png')
    await answer('a.png')
    await opening
    const choosing = s.chooseMethod('kmeans')
    const other = s.openPath('b.png')
    await answer('b.png')
    await other
    await answer('a.png', 'kmeans')
    await choosing
    expect(s.column?.name).toBe('b.png')
    expect(s.method).toBe('neural')
    expect(s.result?.palette.method).toBe('neural')
    expect(hexes(s.column?.editor)).toEqual(['#090909'])
  })

  it('changing the method keeps locked swatches', async () => {
    const s = new Session(fakeApi(table, ['neural', 'kmeans']))
    await s.init()
    await s.openPath('a.png')
    s.column?.editor.toggleLock(1)
    await s.chooseMethod('kmeans')
    expect(s.result?.palette.method).toBe('kmeans')
    expect(hexes(s.column?.editor)).toEqual(['#050505', rgbToHex(BLUE)])
  })

  it('undoing a method change brings back the method, its palette row and Reset, and a palette not edited', async () => {
    const s = new Session(fakeApi(table, ['neural', 'kmeans']))
    await s.init()
    await s.openPath('a.png')
    s.toggleLock(1)
    await s.chooseMethod('kmeans')
    s.step('undo')
    expect([s.method, s.column?.method, s.result?.palette.method]).toEqual(['neural', 'neural', 'neural'])
    expect(hexes(s.column?.editor)).toEqual([RED, BLUE].map(rgbToHex))
    s.step('undo')
    expect(s.edited).toBe(false) // another image opens without a question
    s.step('redo')
    s.step('redo')
    expect([s.method, s.result?.palette.method]).toEqual(['kmeans', 'kmeans'])
    s.step('undo')
    s.reset()
    expect(hexes(s.column?.editor)).toEqual([RED, BLUE].map(rgbToHex))
  })

  it('a method that fails leaves the method, palettes and edits as they were', async () => {
    const s = new Session(fakeApi(table, ['neural', 'median-cut']))
    await s.init()
    await s.openPath('a.png')
    s.column?.editor.rename(0, 'Brick')
    await s.chooseMethod('median-cut')
    expect(s.error).toMatch(/not an image/)
    expect(s.method).toBe('neural')
    expect(s.result?.palette.method).toBe('neural')
    expect(s.column?.editor.swatches[0].name).toBe('Brick')
  })

  it('menu commands undo and redo the open palette', async () => {
    const s = new Session(fakeApi(table, ['neural']))
    await s.init()
    await s.openPath('a.png')
    s.column?.editor.setColor(0, [0, 0, 0])
    s.command('undo')
    expect(hexes(s.column?.editor)[0]).toBe(rgbToHex(RED))
    s.command('redo')
    expect(hexes(s.column?.editor)[0]).toBe('#000000')
  })

  it('says each undo and redo on the status line, a second in a row in other words, and nothing with no step to take', async () => {
    const s = new Session(fakeApi(table, ['neural']))
    await s.init()
    await s.openPath('a.png')
    s.command('undo')
    expect(s.notice).toBeNull()
    s.column?.editor.setColor(0, [0, 0, 0])
    s.column?.editor.setColor(0, [9, 9, 9])
    s.command('undo')
    expect(s.notice).toBe('Undid an edit to the palette.')
    s.step('undo')
    expect(s.notice).toBe('Undid another edit to the palette.')
    s.step('redo')
    expect(s.notice).toBe('Redid an edit to the palette.')
  })

  it('copies through main when the page may not use the clipboard, and says so', async () => {
    const s = new Session(fakeApi(table, ['neural']), () => Promise.reject(new Error('denied')))
    await s.copyText('#c81414', '#c81414')
    expect(copied.at(-1)).toBe('#c81414')
    expect(s.notice).toBe('Copied #c81414')
  })

  it('copies a swatch and the palette in the chosen format, remembered in its storage; the same copy twice is said again', async () => {
    const store = new Map<string, string>()
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) }
    const written: string[] = []
    const s = new Session(fakeApi(table, ['neural']), async (text) => void written.push(text), undefined, new CopyChoice(storage))
    await s.init()
    await s.openPath('a.png')
    s.chooseCopyFormat('rgb')
    await s.copySwatch(0)
    expect([written.at(-1), s.notice]).toEqual(['rgb(200 20 20)', 'Copied rgb(200 20 20)'])
    // A status line read out only when its text changes: the second copy must change it.
    await s.copySwatch(0)
    expect(s.notice).toBe('Copied rgb(200 20 20) again')
    await s.copySwatch(0)
    expect(s.notice).toBe('Copied rgb(200 20 20)')
    s.column?.editor.rename(0, 'Brick')
    s.chooseCopyFormat('css')
    s.command('copy-palette')
    await vi.waitFor(() => expect(s.notice).toBe('Copied the palette as CSS variables'))
    expect(written.at(-1)).toBe(`--a-1: #c81414; /* Brick */\n--a-2: ${rgbToHex(BLUE)}; /* ${rgbToHex(BLUE)} */`)
    expect(new Session(fakeApi(table, ['neural']), undefined, undefined, new CopyChoice(storage)).copyFormat).toBe('css')
  })

  it('copies CSS variables as the exported stylesheet declares them: the image’s name for the group, each swatch’s line alike', async () => {
    const disk = await diskExport()
    const api = fakeApi({ 'Été – 日本 2.png': { neural: result('neural', RED, BLUE, [9, 9, 9]) } }, ['neural'])
    api.exportPalette = disk.exportPalette
    const written: string[] = []
    const s = new Session(api, async (text) => void written.push(text))
    await s.init()
    await s.openPath('Été – 日本 2.png')
    s.column?.editor.rename(0, 'Brick */ red')
    s.column?.editor.rename(2, 'Brick */ red')
    s.chooseCopyFormat('css')
    s.command('copy-palette')
    await vi.waitFor(() => expect(s.notice).toBe('Copied the palette as CSS variables'))
    await s.exportPalette('css')
    expect(s.error).toBeNull()
    const exported = declarationsOf(await readFile(join(disk.dir, 'Été – 日本 2.css'), 'utf8'))
    expect(exported).toHaveLength(3)
    expect(written.at(-1)?.split('\n')).toEqual(exported)
    await s.copySwatch(1)
    expect(written.at(-1)).toBe(exported[1])
    await disk.remove()
  })

  it('shows progress only for its own request, and a crash of the engine as an error', async () => {
    let progress: (() => void) | undefined
    let requestId: string | undefined
    const api = fakeApi(table, ['neural'])
    const extract = api.extract
    api.extract = (req: ExtractRequest) =>
      new Promise((done) => {
        requestId = req.requestId
        progress = () => {
          s.progress({ requestId: 'someone-else', stage: 'decoding' })
          s.progress({ requestId: req.requestId, stage: 'loading-model', fraction: 0.5 })
          void extract(req).then(done)
        }
      })
    const s = new Session(api)
    await s.init()
    const opening = s.openPath('a.png')
    await vi.waitFor(() => expect(progress).toBeDefined())
    expect(s.busy?.label).toMatch(/Extracting/)
    s.engineStatus({ state: 'crashed', message: 'The engine stopped while reading a.png.', requestId })
    expect(s.error).toBe('The engine stopped while reading a.png.')
    progress?.()
    expect(s.busy).toMatchObject({ stage: 'loading model', fraction: 0.5 })
    await opening
    expect(s.busy).toBeNull()
    // A crash while this view waits on nothing (the board's or a batch's work) is not this image's.
    s.dismissError()
    s.engineStatus({ state: 'crashed', message: 'The engine stopped while adding b.png to the board.' })
    expect(s.error).toBeNull()
  })

  it('does not blame the image it opens for a batch file that crashed the engine meanwhile', async () => {
    const { api, answer } = heldEngine(fakeApi(table, ['neural']))
    const s = new Session(api)
    await s.init()
    const opening = s.openPath('a.png')
    await vi.waitFor(() => expect(s.busy?.label).toMatch(/Extracting/))
    // The image's request waits behind a batch file, which crashes the engine.
    s.engineStatus({ state: 'crashed', message: 'The palette engine stopped unexpectedly while working on this image.', requestId: 'batch#3' })
    expect(s.error).toBeNull()
    await answer('a.png')
    await opening
    expect(s.column?.name).toBe('a.png')
    expect(s.error).toBeNull()
  })

  it('clears an error about the image it replaces once the new one opens', async () => {
    const { api, answer } = heldEngine(fakeApi({ ...table, 'clear.png': { neural: result('neural') } }, ['neural']))
    const s = new Session(api)
    await s.init()
    const first = s.openPath('clear.png')
    await answer('clear.png')
    await first
    const opening = s.openPath('a.png')
    await vi.waitFor(() => expect(s.busy?.label).toMatch(/Extracting/))
    await s.exportPalette('gpl') // said while a.png is on its way
    expect(s.error).toMatch(/^clear\.png has no colours to export/)
    await answer('a.png')
    await opening
    expect(s.column?.name).toBe('a.png')
    expect(s.error).toBeNull()
  })

  it('exports the typed name, hex codes for unnamed swatches, the image\'s shares, and its name less only the extension', async () => {
    const disk = await diskExport()
    const api = fakeApi({ 'IMG_2024.01.05.png': { neural: result('neural', RED, BLUE, [9, 9, 9], [8, 8, 8]) } }, ['neural'])
    api.exportPalette = disk.exportPalette
    const s = new Session(api)
    await s.init()
    await s.openPath('IMG_2024.01.05.png')
    s.column?.editor.rename(1, 'Sea')
    s.column?.editor.setColor(2, [10, 10, 10])
    await s.exportPalette('json')
    await s.exportPalette('gpl')
    expect(s.error).toBeNull()
    expect(disk.suggested).toEqual(['IMG_2024.01.05.json', 'IMG_2024.01.05.gpl'])
    const json = await disk.read('IMG_2024.01.05.json')
    expect(allColours(json).map((c) => [c.name, c.share])).toEqual([
      [rgbToHex(RED), 0.25],
      ['Sea', 0.25],
      ['#0a0a0a', 0.25],
      ['#080808', 0.25]
    ])
    const gpl = await disk.read('IMG_2024.01.05.gpl')
    expect(gpl.name).toBe('IMG_2024.01.05')
    expect(allColours(gpl).map((c) => c.name)).toEqual([rgbToHex(RED), 'Sea', '#0a0a0a', '#080808'])
    await disk.remove()
  })

  it('exports an image with a 230-character file name and a 230-character swatch name, both cut to the 200 an export carries', async () => {
    const disk = await diskExport()
    const stem = 'Long holiday photo '.repeat(12).slice(0, 230)
    const api = fakeApi({ [`${stem}.png`]: { neural: result('neural', RED, BLUE, [9, 9, 9], [8, 8, 8]) } }, ['neural'])
    api.exportPalette = disk.exportPalette
    const s = new Session(api)
    await s.init()
    await s.openPath(`${stem}.png`)
    s.column?.editor.rename(1, 'x'.repeat(230))
    await s.exportPalette('gpl')
    expect(s.error).toBeNull()
    expect(disk.suggested).toEqual([`${stem.slice(0, 200)}.gpl`])
    const gpl = await disk.read(`${stem.slice(0, 200)}.gpl`)
    expect(gpl.name).toBe(stem.slice(0, 200).trim())
    expect(allColours(gpl)[1].name).toBe('x'.repeat(200))
    await disk.remove()
  })

  it('Add to board makes a column of the image, every palette extracted from it and the edited palette, and says so', async () => {
    const { s, board } = withBoard(fakeApi(table, ['neural', 'kmeans']))
    await s.init()
    await s.openPath('a.png')
    await s.chooseMethod('kmeans')
    s.column?.editor.setColor(0, [0, 0, 0])
    s.column?.editor.rename(1, 'Shadow')
    s.column?.editor.toggleLock(1)
    await s.addToBoard()
    expect(s.error).toBeNull()
    expect(s.notice).toBe('Added a.png to the compare board')
    expect(board).toHaveLength(1)
    const [column] = board
    expect([column.name, column.path]).toEqual(['a.png', 'a.png'])
    expect(column.palettes.map((p) => p.method)).toEqual(['median-cut', 'neural', 'kmeans'])
    expect(hexes(column.editor)).toEqual(['#000000', '#060606'])
    expect(column.editor.swatches.map((w) => [w.name, w.locked])).toEqual([['#000000', false], ['Shadow', true]])
    // The menu's Add to Board does the same.
    s.command('add-to-board')
    await vi.waitFor(() => expect(board).toHaveLength(2))
  })

  it('adds a swatch in the picture’s colour the palette lacks, removes one, and says each on the status line', async () => {
    const { s, board } = withBoard(fakeApi(table, ['neural']))
    await s.init()
    await s.openPath('a.png')
    const editor = s.column?.editor
    // A red and blue picture with a green corner: green is what the palette lacks.
    const data = new Uint8ClampedArray(10 * 10 * 4)
    for (let p = 0; p < 100; p++) data.set([...(p < 10 ? [30, 180, 60] : p < 55 ? RED : BLUE), 255], p * 4)
    s.addSwatch({ width: 10, height: 10, data })
    expect(hexes(editor)).toEqual([rgbToHex(RED), rgbToHex(BLUE), '#1eb43c'])
    expect(s.notice).toBe('Added swatch 3 — #1eb43c')
    s.addSwatch(null) // no picture: mid grey
    expect(s.notice).toBe('Added swatch 4 — #808080')
    expect(editor?.selected).toBe(3)
    s.step('undo')
    expect(hexes(editor)).toHaveLength(3)
    editor?.rename(0, 'Brick')
    s.removeSwatch(0)
    expect(s.notice).toBe(`Removed swatch 1 — Brick, ${rgbToHex(RED)}`)
    editor?.toggleLock(0)
    s.removeSwatch(0)
    expect(s.notice).toBe('Swatch 1 is locked: unlock it to remove it.')
    s.removeSwatch(1)
    expect(hexes(editor)).toEqual([rgbToHex(BLUE)])
    editor?.toggleLock(0)
    s.removeSwatch(0)
    expect(s.notice).toBe('Swatch 1 is the only one left: a palette keeps at least one swatch.')
    s.addSwatch(null)
    await s.addToBoard()
    expect(hexes(board[0].editor)).toEqual([rgbToHex(BLUE), '#808080'])
  })

  it('says on the status line each swatch selected, locked, unlocked, lightened, darkened or moved, and the eyedropper on or off', async () => {
    const s = new Session(fakeApi(table, ['neural']))
    await s.init()
    await s.openPath('a.png')
    const editor = s.column?.editor
    s.selectSwatch(1)
    expect([editor?.selected, s.notice]).toEqual([1, 'Swatch 2 selected'])
    s.selectSwatch(8) // no ninth swatch: nothing changes, nothing is said
    expect([editor?.selected, s.notice]).toEqual([1, 'Swatch 2 selected'])
    s.toggleLock(1)
    expect([editor?.swatches[1].locked, s.notice]).toEqual([true, 'Swatch 2 locked'])
    s.toggleLock(1)
    expect([editor?.swatches[1].locked, s.notice]).toEqual([false, 'Swatch 2 unlocked'])
    s.nudgeSwatch(0, 1)
    expect(s.notice).toBe(`Swatch 1 lightened to ${hexes(editor)[0]}`)
    expect(hexes(editor)[0]).not.toBe(rgbToHex(RED))
    s.nudgeSwatch(1, -1)
    expect(s.notice).toBe(`Swatch 2 darkened to ${hexes(editor)[1]}`)
    editor?.setColor(1, [0, 0, 0])
    s.nudgeSwatch(1, -1)
    expect(s.notice).toBe('Swatch 2 is as dark as it goes.')
    const [first, second] = hexes(editor)
    s.moveSwatch(1, 0)
    expect([hexes(editor), s.notice]).toEqual([[second, first], 'Swatch 2 moved to 1'])
    s.setEyedropper(true)
    expect([s.eyedropper, s.notice]).toEqual([true, 'Eyedropper on'])
    s.setEyedropper(false)
    expect([s.eyedropper, s.notice]).toEqual([false, 'Eyedropper off'])
    s.column!.noPreview = 'This image cannot be previewed.' // nothing to pick from: it stays off
    s.setEyedropper(true)
    expect([s.eyedropper, s.notice]).toEqual([false, 'Eyedropper off'])
  })

  it('Reset says what it did, and which locked swatches it kept in their places', async () => {
    const s = new Session(fakeApi(table, ['neural']))
    await s.init()
    await s.openPath('a.png')
    s.addSwatch(null)
    expect(s.notice).toBe('Added swatch 3 — #808080')
    s.reset()
    expect([hexes(s.column?.editor), s.notice]).toEqual([[RED, BLUE].map(rgbToHex), 'Reset to the extracted palette'])
    s.column?.editor.setColor(0, [0, 0, 0])
    s.toggleLock(0)
    s.addSwatch(null)
    s.toggleLock(2)
    s.reset()
    expect(hexes(s.column?.editor)).toEqual(['#000000', rgbToHex(RED), '#808080'])
    expect(s.notice).toBe('Reset to the extracted palette, keeping locked swatches 1 and 3')
    s.toggleLock(2)
    s.reset()
    expect(s.notice).toBe('Reset to the extracted palette, keeping locked swatch 1')
  })

  it('an eyedropper pick says which swatch took which colour', async () => {
    const s = new Session(fakeApi(table, ['neural']))
    await s.init()
    await s.openPath('a.png')
    s.selectSwatch(1)
    s.setEyedropper(true)
    s.column?.editor.setColor(1, [30, 30, 34]) // what the image view does with the pixel picked
    s.picked()
    expect([s.eyedropper, s.notice]).toEqual([false, 'Swatch 2 picked #1e1e22'])
  })

  it('exports an added swatch in every format, called by its hex code, with no share of the image', async () => {
    const disk = await diskExport()
    const api = fakeApi({ 'grey.png': { neural: result('neural', [60, 60, 60], [170, 170, 170]) } }, ['neural'])
    api.exportPalette = disk.exportPalette
    const s = new Session(api)
    await s.init()
    await s.openPath('grey.png')
    s.addSwatch(null)
    s.removeSwatch(0)
    for (const format of ['ase', 'gpl', 'json', 'css'] as const) await s.exportPalette(format)
    expect(s.error).toBeNull()
    for (const name of ['grey.ase', 'grey.gpl', 'grey.json'])
      expect(allColours(await disk.read(name)).map((c) => rgbToHex(c.rgb)), name).toEqual(['#aaaaaa', '#808080'])
    expect(declarationsOf(await readFile(join(disk.dir, 'grey.css'), 'utf8')).join('\n')).toMatch(/#aaaaaa[^]*#808080/)
    expect(allColours(await disk.read('grey.json')).map((c) => [c.name, c.share])).toEqual([
      ['#aaaaaa', 0.5],
      ['#808080', 0]
    ])
    await disk.remove()
  })

  it('opening another image over an edited palette asks first: Cancel keeps it, Discard opens the other', async () => {
    const { s, board } = withBoard(fakeApi(table, ['neural']))
    await s.init()
    await s.openPath('a.png')
    s.column?.editor.setColor(0, [0, 0, 0])
    const cancelled = s.openPath('b.png')
    await vi.waitFor(() => expect(s.unsaved.asking).toBe(true))
    expect(s.column?.name).toBe('a.png')
    s.unsaved.answer('cancel')
    await cancelled
    expect(s.column?.name).toBe('a.png')
    expect(hexes(s.column?.editor)[0]).toBe('#000000')
    expect(s.busy).toBeNull()

    const discarded = s.openPath('b.png')
    await vi.waitFor(() => expect(s.unsaved.asking).toBe(true))
    s.unsaved.answer('discard')
    await discarded
    expect(s.column?.name).toBe('b.png')
    expect(board).toEqual([])
  })

  it('Add to board in that question adds the edited palette, then opens the other image', async () => {
    const { s, board } = withBoard(fakeApi(table, ['neural']))
    await s.init()
    await s.openPath('a.png')
    s.column?.editor.setColor(0, [0, 0, 0])
    const opening = s.openPath('b.png')
    await vi.waitFor(() => expect(s.unsaved.asking).toBe(true))
    s.unsaved.answer('save')
    await opening
    expect(board.map((c) => [c.name, hexes(c.editor)[0]])).toEqual([['a.png', '#000000']])
    expect(s.column?.name).toBe('b.png')
    expect(s.notice).toBe('Added a.png to the compare board')
  })

  it('an unedited, exported or added palette is replaced without a question', async () => {
    const api = fakeApi(table, ['neural'])
    api.exportPalette = async () => ok({ paths: ['/out/a.gpl'] })
    const { s } = withBoard(api)
    await s.init()
    await s.openPath('a.png')
    s.column?.editor.setColor(0, [0, 0, 0])
    s.column?.editor.undo() // back to the palette as extracted
    await s.openPath('b.png')
    expect(s.column?.name).toBe('b.png')
    s.column?.editor.setColor(0, [0, 0, 0])
    await s.exportPalette('gpl')
    await s.openPath('a.png')
    expect(s.column?.name).toBe('a.png')
    s.column?.editor.setColor(0, [0, 0, 0])
    await s.addToBoard()
    await s.openPath('b.png')
    expect(s.column?.name).toBe('b.png')
    expect(s.unsaved.asking).toBe(false)
  })
})

describe('display copies (files the page cannot decode)', () => {
  const withCopy = (answer: Result<{ mime: 'image/png'; width: number; height: number; bytes: Uint8Array }>) => {
    const api = fakeApi(table, ['neural'])
    const asked = vi.fn(async () => answer)
    api.displayCopy = asked
    return { s: new Session(api), asked }
  }

  it('shows the engine’s PNG once; a copy that will not draw either leaves a reason', async () => {
    const { s, asked } = withCopy(ok({ mime: 'image/png', width: 1, height: 1, bytes: new Uint8Array([1]) }))
    await s.init()
    await s.openPath('a.png')
    const column = s.column!
    await s.showDisplayCopy(column)
    expect(asked).toHaveBeenCalledWith({ source: { kind: 'path', path: 'a.png' } })
    expect(column.displayUrl).not.toBe(column.imageUrl)
    expect(column.noPreview).toBeNull()
    await s.showDisplayCopy(column)
    expect(asked).toHaveBeenCalledTimes(1)
    expect(column.noPreview).toBe('This image cannot be previewed.')
  })

  it('shows a CMYK image from the engine’s PNG from the start (Chromium converts CMYK its own way), dropped as bytes too', async () => {
    const cmyk: ExtractResult = { ...result('neural', RED), source: { width: 4, height: 4, format: 'jpeg', hasAlpha: false, space: 'cmyk' } }
    const api = fakeApi({ ...table, 'print.jpg': { neural: cmyk }, '': { neural: cmyk } }, ['neural'])
    const asked = vi.fn(async () => ok({ mime: 'image/png' as const, width: 1, height: 1, bytes: new Uint8Array([1]) }))
    api.displayCopy = asked
    api.getPathForFile = () => ''
    const s = new Session(api)
    await s.init()
    await s.openPath('a.png')
    expect(asked).not.toHaveBeenCalled() // an sRGB file draws as the engine reads it
    await s.openPath('print.jpg')
    expect(asked).toHaveBeenCalledWith({ source: { kind: 'path', path: 'print.jpg' } })
    expect(s.column?.displayUrl).not.toBe(s.column?.imageUrl)
    await s.openFile(new File([new Uint8Array([7])], 'dropped.jpg', { type: 'image/jpeg' }))
    expect(s.column?.name).toBe('dropped.jpg')
    expect(asked).toHaveBeenLastCalledWith({ source: { kind: 'bytes', bytes: new Uint8Array([7]), name: 'dropped.jpg' } })
    expect(s.column?.displayUrl).not.toBe(s.column?.imageUrl)
  })

  it('says why when the engine cannot make one (the eyedropper is disabled with it)', async () => {
    const { s } = withCopy({ ok: false, error: { code: 'ENGINE_CRASHED', message: 'The palette engine stopped.' } })
    await s.init()
    await s.openPath('a.png')
    await s.showDisplayCopy(s.column!)
    expect(s.column?.noPreview).toBe('This image cannot be previewed. The palette engine stopped.')
    expect(s.column?.displayUrl).toBe(s.column?.imageUrl)
  })
})

describe('exporting an image with no colours', () => {
  it('says why nothing was exported, and asks main for no file', async () => {
    const clear = result('neural')
    const api = fakeApi({ 'clear.png': { neural: clear } }, ['neural'])
    const exportPalette = vi.fn(async () => ok({ paths: ['/out/clear.gpl'] }))
    api.exportPalette = exportPalette
    const s = new Session(api)
    await s.init()
    await s.openPath('clear.png')
    await s.exportPalette('gpl')
    expect(exportPalette).not.toHaveBeenCalled()
    expect(s.error).toBe('clear.png has no colours to export: every pixel of it is transparent. Open another image.')
  })
})
