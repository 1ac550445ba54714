import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listImageFiles } from '../../../src/main/engine/image-files'
import { IMAGE_TYPES, typeOf, VIDEO_TYPES } from '../../../src/shared/media-types'
import { MAX_EXPORT_GROUPS, type ExtractResult, type PaletteStudioApi, type RequestOf, type ResponseOf, type Result } from '../../../src/shared/ipc-contract'
import {
  ALREADY_RUNNING,
  Batch,
  batchExport,
  cancelledWords,
  failureGroups,
  foundNone,
  groupNameInFolder,
  nameInFolder,
  NO_IMAGES,
  STILL_ADDING,
  unreadableGroups,
  unreadableWords,
  type BatchOutcome,
  type BatchSuccess
} from '../../../src/renderer/src/batch/batch.svelte'
import { Board } from '../../../src/renderer/src/board/board.svelte'
import { BoardColumn } from '../../../src/renderer/src/board/board-column.svelte'

const outcome: ResponseOf<'extractFolder'> = {
  folder: '/pics',
  total: 2,
  succeeded: [],
  failed: [{ file: '/pics/bad.png', code: 'CORRUPT', message: 'damaged' }],
  unreadable: [],
  cancelled: false,
  listed: true
}

const result: ExtractResult = {
  palette: { method: 'kmeans', swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] },
  timings: {},
  source: { width: 1, height: 1, format: 'png', hasAlpha: false, space: 'srgb' }
}
const twoDone: ResponseOf<'extractFolder'> = {
  folder: '/pics',
  total: 2,
  succeeded: [
    { file: '/pics/a.png', result },
    { file: '/pics/b.png', result }
  ],
  failed: [],
  unreadable: [],
  cancelled: false,
  listed: true
}

function fakeApi(answer: () => Promise<Result<ResponseOf<'extractFolder'>>>) {
  const calls: { verb: string; request: unknown }[] = []
  const api = {
    extractFolder: (request: RequestOf<'extractFolder'>) => {
      calls.push({ verb: 'extractFolder', request })
      return answer()
    },
    cancelBatch: async (request: RequestOf<'cancelBatch'>) => {
      calls.push({ verb: 'cancelBatch', request })
      return { ok: true, value: { cancelled: true } }
    }
  } as unknown as PaletteStudioApi
  return { api, calls }
}

/** A board of columns named by their files, with room for `size` of them; `put` adds a palette as Root's add does. */
class FakeBoard {
  columns: { file: string }[] = []
  constructor(public size = Infinity) {}
  get room(): number {
    return this.size - this.columns.length
  }
  get files(): string[] {
    return this.columns.map((column) => column.file)
  }
  put = (success: BatchSuccess): object => {
    const column = { file: success.file }
    this.columns.push(column)
    return column
  }
}

/** A promise and the function that settles it, for answers the test gives when it chooses. */
function later<T>(): { promise: Promise<T>; settle: (value: T) => void } {
  let settle = (_: T): void => {}
  const promise = new Promise<T>((r) => (settle = r))
  return { promise, settle }
}

describe('Batch', () => {
  it('follows its own progress only, and keeps the outcome with its failures', async () => {
    const answer = later<Result<ResponseOf<'extractFolder'>>>()
    const { api, calls } = fakeApi(() => answer.promise)
    const batch = new Batch(api, new FakeBoard())
    const running = batch.run('/pics', 'kmeans')
    expect(batch.running).toBe(true)
    const { requestId } = calls[0].request as { requestId: string }
    batch.onProgress({ requestId: 'someone-else', done: 9, total: 9, failed: 9 })
    batch.onProgress({ requestId, done: 1, total: 2, failed: 1 })
    expect(batch.progress).toEqual({ done: 1, total: 2, failed: 1 })
    await batch.cancel()
    expect(calls[1]).toEqual({ verb: 'cancelBatch', request: { requestId } })
    answer.settle({ ok: true, value: outcome })
    expect(await running).toEqual(outcome)
    expect(batch.outcome?.failed).toHaveLength(1)
    expect(batch.running).toBe(false)
  })

  it('keeps the palettes of a cancelled batch, and says another failure by its message', async () => {
    const partial = { ...twoDone, total: 200, succeeded: twoDone.succeeded.slice(0, 1), cancelled: true }
    const cancelled = new Batch(fakeApi(async () => ({ ok: true, value: partial })).api, new FakeBoard())
    await cancelled.run('/pics', 'kmeans')
    expect(cancelled.outcome).toEqual(partial)
    expect(cancelled.error).toBeNull()
    const missing = new Batch(fakeApi(async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'The folder could not be found.' } })).api, new FakeBoard())
    await missing.run('/gone', 'kmeans')
    expect(missing.error).toBe('The folder could not be found.')
    expect(missing.outcome).toBeNull()
  })

  it('shows its panel again for every batch started, after the user closed it', async () => {
    const batch = new Batch(fakeApi(async () => ({ ok: true, value: outcome })).api, new FakeBoard())
    await batch.run('/pics', 'kmeans')
    expect(batch.visible).toBe(true)
    batch.close()
    expect(batch.visible).toBe(false)
    await batch.run('/pics', 'kmeans')
    expect(batch.visible).toBe(true)
  })

  it('refuses a second batch while one runs, saying why, in the panel of the running one', async () => {
    const answer = later<Result<ResponseOf<'extractFolder'>>>()
    const { api, calls } = fakeApi(() => answer.promise)
    const batch = new Batch(api, new FakeBoard())
    const running = batch.run('/pics', 'kmeans')
    batch.close()
    expect(await batch.run('/other', 'kmeans')).toBeNull()
    expect(batch.mayStart()).toBe(false)
    expect(batch.notice).toBe(ALREADY_RUNNING)
    expect(batch.visible).toBe(true)
    expect(batch.folder).toBe('/pics')
    expect(calls.filter((c) => c.verb === 'extractFolder')).toHaveLength(1)
    answer.settle({ ok: true, value: outcome })
    await running
    expect(batch.notice).toBeNull()
    expect(batch.mayStart()).toBe(true)
  })

  it('adds the palettes to the board once, counting them while it adds', async () => {
    const board = new FakeBoard()
    const batch = new Batch(fakeApi(async () => ({ ok: true, value: twoDone })).api, board)
    await batch.run('/pics', 'kmeans')
    const first = later<void>()
    const adding = batch.addToBoard(async (success) => {
      const column = board.put(success)
      if (board.columns.length === 1) await first.promise
      return column
    })
    expect(batch.adding).toEqual({ done: 0, total: 2 })
    await batch.addToBoard(board.put)
    expect(batch.mayStart()).toBe(false)
    expect(batch.notice).toBe(STILL_ADDING)
    first.settle()
    await adding
    expect(board.files).toEqual(['/pics/a.png', '/pics/b.png'])
    expect(batch.adding).toBeNull()
    expect(batch.added).toBe(true)
    await batch.addToBoard(board.put)
    expect(board.columns).toHaveLength(2)
    // A new batch's palettes may be added in their turn.
    await batch.run('/pics', 'kmeans')
    expect(batch.added).toBe(false)
  })

  it('asks the engine to cancel once, saying it is cancelling until the batch ends', async () => {
    const answer = later<Result<ResponseOf<'extractFolder'>>>()
    const { api, calls } = fakeApi(() => answer.promise)
    const batch = new Batch(api, new FakeBoard())
    const running = batch.run('/pics', 'kmeans')
    expect(batch.cancelling).toBe(false)
    await batch.cancel()
    await batch.cancel()
    expect(batch.cancelling).toBe(true)
    expect(calls.filter((c) => c.verb === 'cancelBatch')).toHaveLength(1)
    answer.settle({ ok: true, value: { ...twoDone, cancelled: true } })
    await running
    expect(batch.cancelling).toBe(false)
    // The next batch starts at once, and may be cancelled in its turn.
    const next = batch.run('/more', 'kmeans')
    expect(batch.running).toBe(true)
    await batch.cancel()
    expect(calls.filter((c) => c.verb === 'cancelBatch')).toHaveLength(2)
    answer.settle({ ok: true, value: twoDone })
    await next
  })

  it('names a file by its path inside the folder, so files of the same name in two subfolders differ', () => {
    expect(nameInFolder('/pics', '/pics/a.png')).toBe('a.png')
    expect(nameInFolder('/pics/', '/pics/trip/a.png')).toBe('trip/a.png')
    expect(nameInFolder('C:\\Photos', 'C:\\Photos\\Rome\\IMG_1.jpg')).toBe('Rome\\IMG_1.jpg')
    // Not inside the folder ("/pics2" only starts like "/pics"): its own name.
    expect(nameInFolder('/pics', '/pics2/a.png')).toBe('a.png')
  })

  it('names a file\'s group in the exported swatches within 200 characters, a deep path giving way to the file\'s own name', () => {
    const deep = `/pics/${'trip/'.repeat(50)}IMG_1.jpg`
    expect(groupNameInFolder('/pics', deep)).toBe(`${'trip/'.repeat(50)}IMG_1.jpg`.slice(0, 191) + 'IMG_1.jpg')
    expect(groupNameInFolder('/pics', '/pics/trip/a.png')).toBe('trip/a.png')
  })

  it('says subfolders it could not read apart from the images, as folders, with their reasons', () => {
    const locked = 'The folder cannot be read: permission denied.'
    const unreadable = [
      { folder: '/pics/2019/private', message: locked },
      { folder: '/pics/drafts', message: 'The folder cannot be read: its path is too long.' },
      { folder: '/pics/2020/private', message: locked }
    ]
    // Two images found, both done: what the panel counts is the images, the folders said beside.
    const withLocked = { ...twoDone, unreadable }
    expect(failureGroups(withLocked)).toEqual([])
    expect(unreadableGroups(withLocked)).toEqual([
      { names: ['2019/private', '2020/private'], message: locked },
      { names: ['drafts'], message: 'The folder cannot be read: its path is too long.' }
    ])
    expect(unreadableWords(1)).toBe('1 folder could not be read, so any images in it are not counted.')
    expect(unreadableWords(3)).toBe('3 folders could not be read, so any images in them are not counted.')
  })

  it('lists failures with the same reason together, in the order they came', () => {
    const gone = 'The folder “pics” was moved, renamed or deleted while the batch ran, so this image was not done.'
    const failed = [
      { file: '/pics/a/x.png', code: 'CORRUPT', message: '“x.png” is damaged.' },
      ...Array.from({ length: 5 }, (_, i) => ({ file: `/pics/p${i}.png`, code: 'NOT_FOUND', message: gone })),
      { file: '/pics/b/x.png', code: 'CORRUPT', message: '“x.png” is empty (0 bytes).' }
    ]
    expect(failureGroups({ folder: '/pics', total: 7, succeeded: [], failed, unreadable: [], cancelled: false, listed: true })).toEqual([
      { names: ['a/x.png'], message: '“x.png” is damaged.' },
      { names: ['p0.png', 'p1.png', 'p2.png', 'p3.png', 'p4.png'], message: gone },
      { names: ['b/x.png'], message: '“x.png” is empty (0 bytes).' }
    ])
  })

  it('stops adding to the board when asked, and goes on from the next palette, none twice', async () => {
    const many = { ...twoDone, total: 5, succeeded: ['a', 'b', 'c', 'd', 'e'].map((n) => ({ file: `/pics/${n}.png`, result })) }
    const board = new FakeBoard()
    const batch = new Batch(fakeApi(async () => ({ ok: true, value: many })).api, board)
    await batch.run('/pics', 'kmeans')
    await batch.addToBoard(async (success) => {
      const column = board.put(success)
      if (board.columns.length === 2) batch.stopAdding()
      return column
    })
    expect(board.files).toEqual(['/pics/a.png', '/pics/b.png'])
    expect(batch.adding).toBeNull()
    expect(batch.added).toBe(false)
    expect(batch.addedCount).toBe(2)
    expect(batch.addProblem).toBe('Stopped after adding 2 of 5 to the board.')
    await batch.addToBoard(board.put)
    expect(board.files).toEqual(['a', 'b', 'c', 'd', 'e'].map((n) => `/pics/${n}.png`))
    expect(batch.added).toBe(true)
    expect(batch.addProblem).toBeNull()
  })

  it('adds only what the board has room for, says why the rest was not, and adds the rest once there is room', async () => {
    const many = { ...twoDone, total: 5, succeeded: ['a', 'b', 'c', 'd', 'e'].map((n) => ({ file: `/pics/${n}.png`, result })) }
    const board = new FakeBoard(3)
    const batch = new Batch(fakeApi(async () => ({ ok: true, value: many })).api, board)
    await batch.run('/pics', 'kmeans')
    await batch.addToBoard(board.put)
    expect(board.files).toEqual(['/pics/a.png', '/pics/b.png', '/pics/c.png'])
    expect(batch.added).toBe(false)
    expect(batch.addProblem).toBe(
      'The board is full (it holds 300 columns), so 2 of the 5 palettes were not added. Remove columns to make room and add them, or export the batch as one ASE file.'
    )
    board.size = 10
    await batch.addToBoard(board.put)
    expect(board.files).toEqual(['a', 'b', 'c', 'd', 'e'].map((n) => `/pics/${n}.png`))
    expect(batch.added).toBe(true)
    expect(batch.addProblem).toBeNull()
  })

  it('asks the engine for previews fitted into the box it is given', async () => {
    const { api, calls } = fakeApi(async () => ({ ok: true, value: twoDone }))
    await new Batch(api, new FakeBoard()).run('/pics', 'kmeans', { width: 480, height: 260 })
    expect(calls.at(-1)).toMatchObject({ verb: 'extractFolder', request: { path: '/pics', preview: { width: 480, height: 260 } } })
  })

  it('names a palette that could not be added with its reason, and adds the others', async () => {
    const board = new FakeBoard()
    const batch = new Batch(fakeApi(async () => ({ ok: true, value: { ...twoDone, succeeded: [{ file: '/pics/trip/a.png', result }, ...twoDone.succeeded] } })).api, board)
    await batch.run('/pics', 'kmeans')
    await batch.addToBoard(async (success) => {
      if (success.file === '/pics/trip/a.png') throw new Error('The app could not read it.')
      return board.put(success)
    })
    expect(board.files).toEqual(['/pics/a.png', '/pics/b.png'])
    expect(batch.added).toBe(true)
    expect(batch.notAdded).toEqual(['trip/a.png: The app could not read it.'])
    expect(batch.addProblem).toBe('Could not add 1 of 3 to the board. trip/a.png: The app could not read it.')
  })

  it('follows the board: palettes whose add was undone may be added again, and a redo marks them added again', async () => {
    const many = { ...twoDone, total: 4, succeeded: ['a', 'b', 'c', 'd'].map((n) => ({ file: `/pics/${n}.png`, result })) }
    const board = new Board()
    const batch = new Batch(fakeApi(async () => ({ ok: true, value: many })).api, board)
    await batch.run('/pics', 'kmeans')
    const put = (success: BatchSuccess): BoardColumn => {
      const column = new BoardColumn({ name: nameInFolder('/pics', success.file), kind: 'image' })
      column.setPalettes([success.result.palette])
      board.add(column)
      return column
    }
    const names = (): string[] => board.columns.map((c) => c.name)
    await board.together(() => batch.addToBoard(put))
    expect(batch.added).toBe(true)
    board.history('undo')
    expect(names()).toEqual([])
    expect(batch.added).toBe(false)
    expect(batch.addedCount).toBe(0)
    board.history('redo')
    expect(names()).toEqual(['a.png', 'b.png', 'c.png', 'd.png'])
    expect(batch.added).toBe(true)

    // Stopped after two, the two taken back: the next add puts all four on, none twice.
    board.history('undo')
    await board.together(() =>
      batch.addToBoard((success) => {
        if (board.columns.length === 1) batch.stopAdding()
        return put(success)
      })
    )
    expect(batch.addProblem).toBe('Stopped after adding 2 of 4 to the board.')
    board.history('undo')
    expect(names()).toEqual([])
    expect(batch.addedCount).toBe(0)
    expect(batch.addProblem).toBeNull() // no longer so: none of the batch is on the board
    await board.together(() => batch.addToBoard(put))
    expect(names()).toEqual(['a.png', 'b.png', 'c.png', 'd.png'])
    expect(batch.added).toBe(true)
  })
})

describe('A batch exported as one swatch file', () => {
  const clear: ExtractResult = { ...result, palette: { method: 'kmeans', swatches: [] } }

  it('leaves out an image with no colours, and says so', () => {
    const done = { ...twoDone, succeeded: [{ file: '/pics/clear.png', result: clear }, ...twoDone.succeeded] }
    const { groups, empty, leftOut } = batchExport(done)
    expect(groups.map((g) => g.name)).toEqual(['a.png', 'b.png'])
    expect(empty).toEqual(['clear.png'])
    expect(leftOut).toBe('; clear.png was left out: every pixel of it is transparent, so it has no colours')
    const none = batchExport({ ...twoDone, succeeded: [{ file: '/pics/clear.png', result: clear }] })
    expect(none.groups).toEqual([])
    expect(none.empty).toEqual(['clear.png'])
  })

  it('writes the first palettes a file holds, and says how many did not fit', () => {
    const succeeded = Array.from({ length: MAX_EXPORT_GROUPS + 2 }, (_, i) => ({ file: `/pics/p${i}.png`, result }))
    const { groups, leftOut } = batchExport({ ...twoDone, total: succeeded.length, succeeded })
    expect(groups).toHaveLength(MAX_EXPORT_GROUPS)
    expect(groups.at(-1)?.name).toBe(`p${MAX_EXPORT_GROUPS - 1}.png`)
    expect(leftOut).toBe('; the 2 after the first 10,000 were left out: one file holds at most 10,000 palettes')
    expect(batchExport(twoDone).leftOut).toBe('')
  })
})

describe('The empty-folder sentence', () => {
  it('names the format of every file the batch’s folder walk reads, and none that it skips', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palette-types-'))
    try {
      const all = [...IMAGE_TYPES, ...VIDEO_TYPES]
      for (const type of all) await writeFile(join(dir, `file.${type.extension}`), '')
      const read = new Set((await listImageFiles(dir)).map(({ file }) => typeOf(all, file)?.name))
      expect(read.size).toBeGreaterThan(5)
      for (const name of new Set(all.map((t) => t.name))) {
        expect(NO_IMAGES.includes(` ${name}`), name).toBe(read.has(name))
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('a cancelled batch', () => {
  const outcome = (total: number, cancelled: boolean, listed = true): BatchOutcome => ({ folder: '/photos', total, succeeded: [], failed: [], unreadable: [], cancelled, listed })

  it('says it stopped while looking for images, not "0 of 0" nor that the folder has none', () => {
    expect(cancelledWords(outcome(0, true, false))).toBe('Cancelled while looking for images in the folder.')
    expect(foundNone(outcome(0, true, false))).toBe(false)
    expect(foundNone(outcome(0, false))).toBe(true)
  })

  it('says how far it got once images were found', () => {
    expect(cancelledWords(outcome(3, true))).toBe('Cancelled after 0 of 3 images. The palettes made until then are kept.')
  })

  it('cancelled while listing, after a subfolder it could not read, counts no images and names the folder as unreadable', async () => {
    const locked = { folder: '/photos/a-private', message: 'The folder cannot be read: permission denied.' }
    const stopped = { ...outcome(0, true, false), unreadable: [locked] }
    const batch = new Batch(fakeApi(async () => ({ ok: true, value: stopped })).api, new FakeBoard())
    await batch.run('/photos', 'kmeans')
    expect(cancelledWords(stopped)).toBe('Cancelled while looking for images in the folder.')
    // No "0 of 0 images · 0 failed" beside it: no count was known yet.
    expect(batch.endCounts).toBeNull()
    expect(failureGroups(stopped)).toEqual([])
    expect(unreadableGroups(stopped)).toEqual([{ names: ['a-private'], message: 'The folder cannot be read: permission denied.' }])
  })

  it('once the folder was listed, ends with the counts the progress gave', async () => {
    const { api, calls } = fakeApi(async () => ({ ok: true, value: { ...twoDone, total: 5, cancelled: true } }))
    const batch = new Batch(api, new FakeBoard())
    const running = batch.run('/pics', 'kmeans')
    const { requestId } = calls[0].request as { requestId: string }
    batch.onProgress({ requestId, done: 2, total: 5, failed: 0 })
    await running
    expect(batch.endCounts).toEqual({ done: 2, total: 5, failed: 0 })
    expect(cancelledWords(batch.outcome!)).toBe('Cancelled after 2 of 5 images. The palettes made until then are kept.')
  })
})
