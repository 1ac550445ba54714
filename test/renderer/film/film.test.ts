import { describe, expect, it, vi } from 'vitest'
import type { Palette } from '../../../src/shared/palette'
import { Film, UnreadableFrame } from '../../../src/renderer/src/film/film.svelte'
import { invokeContract } from '../../../src/shared/ipc-contract'
import { MAX_SAMPLES, planOf, sampleTimes } from '../../../src/renderer/src/film/sampling'
import { filmHistory } from '../../../src/renderer/src/film/film-history'
import { Board } from '../../../src/renderer/src/board/board.svelte'
import { BoardColumn } from '../../../src/renderer/src/board/board-column.svelte'

const paletteOf = (t: number): Palette => ({ method: 'median-cut', swatches: [{ rgb: [t, t, t], hex: '#000000', share: 1 }] })
const frameOf = (t: number) => ({ time: t, palette: paletteOf(t), thumb: '' })

describe('sampleTimes', () => {
  it('N frames evenly: the middle of each Nth of the film', () => {
    expect(sampleTimes(6, { mode: 'frames', count: 12 })).toEqual([0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3.25, 3.75, 4.25, 4.75, 5.25, 5.75])
    expect(sampleTimes(10, { mode: 'frames', count: 1 })).toEqual([5])
  })

  it('one every S seconds covers the whole film, the last stretch possibly shorter', () => {
    expect(sampleTimes(5, { mode: 'every', seconds: 2 })).toEqual([1, 3, 4.5])
  })

  it('one every S seconds: the middles of whole steps, and no sample for a last stretch under half a step', () => {
    expect(sampleTimes(6, { mode: 'every', seconds: 2 })).toEqual([1, 3, 5])
    // 29.97 fps, 90 frames: the last 3 ms get no bar of their own.
    expect(sampleTimes(3.003, { mode: 'every', seconds: 1 })).toEqual([0.5, 1.5, 2.5])
    expect(sampleTimes(6, { mode: 'every', seconds: 20 })).toEqual([3])
  })

  it('nothing for a film of unknown length, and never more than MAX_SAMPLES', () => {
    expect(sampleTimes(Number.NaN, { mode: 'frames', count: 5 })).toEqual([])
    expect(sampleTimes(0, { mode: 'every', seconds: 1 })).toEqual([])
    expect(sampleTimes(7200, { mode: 'every', seconds: 0.1 })).toHaveLength(MAX_SAMPLES)
  })
})

describe('planOf', () => {
  const frames = 'Type how many frames to sample: a whole number from 1 to 2000.'
  const every = 'Type how often to sample, at least every 0.1 s.'

  it('takes a whole number of frames from 1 to MAX_SAMPLES, and an interval of at least 0.1 s', () => {
    expect(planOf('frames', 1, null)).toEqual({ mode: 'frames', count: 1 })
    expect(planOf('frames', MAX_SAMPLES, 0)).toEqual({ mode: 'frames', count: MAX_SAMPLES })
    expect(planOf('every', null, 0.1)).toEqual({ mode: 'every', seconds: 0.1 })
    expect(planOf('every', 0, 0.25)).toEqual({ mode: 'every', seconds: 0.25 })
  })

  it('refuses an emptied field (null), zero, a fraction of a frame and too many frames, saying what to type', () => {
    for (const count of [null, 0, -3, 2.5, MAX_SAMPLES + 1, Number.NaN]) expect(planOf('frames', count, 2)).toBe(frames)
    for (const seconds of [null, 0, 0.05, -1, Number.NaN]) expect(planOf('every', 24, seconds)).toBe(every)
  })
})

describe('Film strip', () => {
  it('exports the strip of a film with a 230-character name: its frames cut to the 200 a group name may have, keeping their times', async () => {
    const film = new Film()
    film.open('blob:x', `${'f'.repeat(230)}.mp4`)
    film.duration = 4
    await film.sample({ mode: 'frames', count: 2 }, async (t) => ({ time: t, palette: { method: 'median-cut', swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] }, thumb: '' }))
    const request = { format: 'ase', groups: film.groups(), suggestedName: film.stripName }
    expect(invokeContract.exportPalette.request.safeParse(request).success).toBe(true)
    expect(request.groups.map((g) => g.name)).toEqual([`${'f'.repeat(188)} @ 00:01.000`, `${'f'.repeat(188)} @ 00:03.000`])
    expect(request.suggestedName).toBe(`${'f'.repeat(194)}-strip`)
  })

  it('takes one frame at a time, in order, reporting progress', async () => {
    const film = new Film()
    film.open('blob:x', 'a.mp4')
    film.duration = 4
    const seen: number[] = []
    const progress: number[] = []
    const done = await film.sample({ mode: 'frames', count: 4 }, async (t) => {
      expect(seen.length).toBe(film.strip.length) // the previous frame finished first
      seen.push(t)
      progress.push(film.sampling?.done ?? -1)
      return frameOf(t)
    })
    expect(done).toBe(true)
    expect(seen).toEqual([0.5, 1.5, 2.5, 3.5])
    expect(progress).toEqual([0, 1, 2, 3])
    expect(film.strip.map((e) => e.time)).toEqual(seen)
    expect(film.sampling).toBeNull()
    expect(JSON.parse(film.stripJson()).samples.map((s: { time: number }) => s.time)).toEqual(seen)
  })

  it('samples only the part of the film with picture, clearing the old strip and showing progress while that part is looked for', async () => {
    const film = new Film()
    film.open('blob:x', 'a.webm')
    film.duration = 10
    film.strip = [frameOf(1)]
    const seen: number[] = []
    const done = await film.sample({ mode: 'frames', count: 4 }, async (t) => (seen.push(t), frameOf(t)), async () => {
      expect([film.strip, film.sampling]).toEqual([[], { done: 0, total: 4 }])
      return { start: 2, end: 6 }
    })
    expect(done).toBe(true)
    expect(seen).toEqual([2.5, 3.5, 4.5, 5.5])
  })

  it('cancel stops before the next frame and keeps what was sampled', async () => {
    const film = new Film()
    film.duration = 10
    const done = await film.sample({ mode: 'frames', count: 10 }, async (t) => {
      if (film.strip.length === 2) film.cancel()
      return frameOf(t)
    })
    expect(done).toBe(false)
    expect(film.strip).toHaveLength(2)
    expect(film.sampling).toBeNull()
  })

  it('opening another film stops the strip, and the frame in flight stays out of the new film', async () => {
    const film = new Film()
    film.open('blob:first', 'first.mp4')
    film.duration = 10
    let release: (() => void) | undefined
    const first = film.sample({ mode: 'frames', count: 10 }, (t) => new Promise((done) => (release = () => done(frameOf(t)))))
    await vi.waitFor(() => expect(release).toBeDefined())
    film.open('blob:second', 'second.mp4')
    expect(film.sampling).toBeNull()
    film.duration = 4
    const second = film.sample({ mode: 'frames', count: 2 }, async (t) => frameOf(t + 100))
    release?.()
    expect(await first).toBe(false)
    expect(await second).toBe(true)
    expect(film.strip.map((e) => e.palette.swatches[0].rgb[0])).toEqual([101, 103])
    expect(film.sampling).toBeNull()
  })

  it('a frame that fails (the engine, not the film) stops the strip with its reason', async () => {
    const film = new Film()
    film.duration = 3
    const done = await film.sample({ mode: 'frames', count: 3 }, async (t) => {
      if (t > 1) throw new Error('The engine stopped.')
      return frameOf(t)
    })
    expect(done).toBe(false)
    expect(film.failure).toBe('The engine stopped.')
    expect(film.strip).toHaveLength(1)
  })

  it('a sample the film cannot give (a damaged stretch) is left out, its time noted, and the strip goes on', async () => {
    const film = new Film()
    film.duration = 5
    const done = await film.sample({ mode: 'frames', count: 5 }, async (t) => {
      if (t === 1.5 || t === 2.5) throw new UnreadableFrame('The film could not be read at this point.')
      return frameOf(t)
    })
    expect(done).toBe(true)
    expect(film.failure).toBeNull()
    expect(film.strip.map((e) => e.time)).toEqual([0.5, 3.5, 4.5])
    expect(film.unread).toEqual([1.5, 2.5])
  })

  it('a film that gives nothing for four samples in a row (moved, deleted, unplugged) stops the strip and says so, keeping the frames before', async () => {
    const film = new Film()
    film.duration = 7
    film.name = 'trip.mp4'
    const asked: number[] = []
    const done = await film.sample({ mode: 'frames', count: 7 }, async (t) => {
      asked.push(t)
      if (t > 2) throw new UnreadableFrame('The film could not be read at this point.')
      return frameOf(t)
    })
    expect(done).toBe(false)
    expect(asked).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 5.5])
    expect(film.strip.map((e) => e.time)).toEqual([0.5, 1.5])
    expect(film.failure).toBe(
      'trip.mp4 could not be read at 4 samples in a row from 00:02.500: was it moved or deleted, or is it damaged from there on? Open it again, or export it again from its source. The 2 frames before them are kept.'
    )
  })

  it('a sample that shows a frame the strip has already adds nothing, and each bar has its frame\'s own time', async () => {
    const film = new Film()
    film.duration = 4
    // A film of two frames, 2 s each: the samples at 0.5 and 1.5 s show the first, those at 2.5 and 3.5 s the second.
    const done = await film.sample({ mode: 'frames', count: 4 }, async (t) => (t === 0.5 || t === 2.5 ? frameOf(t - 0.5) : null))
    expect(done).toBe(true)
    expect(film.strip.map((e) => e.time)).toEqual([0, 2])
    expect(film.groups().map((g) => g.name)).toEqual(['film @ 00:00.000', 'film @ 00:02.000'])
    expect(film.asked).toBe(4)
  })

  it('a strip is kept while its frames are on the board, whichever view undid or redid adding them', async () => {
    const board = new Board()
    const film = new Film(board)
    film.open('blob:x', 'trip.mp4')
    film.duration = 4
    await film.sample({ mode: 'frames', count: 2 }, async (t) => frameOf(t))
    expect(film.unkept).toBe(true)
    const columns = board.together(() =>
      film.strip.map(({ time }) => {
        const column = new BoardColumn({ name: film.frameName(time), kind: 'frame', time })
        board.add(column)
        return column
      })
    )
    film.addedToBoard(columns)
    expect(film.unkept).toBe(false)
    board.history('undo') // on the board, not in the Film view
    expect(film.unkept).toBe(true)
    board.history('redo')
    expect(film.unkept).toBe(false)
    filmHistory(board, film, 'undo')
    expect(film.unkept).toBe(true)
    filmHistory(board, film, 'redo')
    expect(film.unkept).toBe(false)
    board.clear() // another board opened in its place
    expect(film.unkept).toBe(true)
  })
})
