// The board the page sends to be saved is measured as the JSON it would be, never written out.
import { describe, expect, it } from 'vitest'
import { boardProblem } from '../../src/shared/board-size'

const TOO_LARGE = 'larger than 63 MB, too large to open again once saved'
const NOT_JSON = 'not JSON: it holds something JSON cannot (an empty slot in a list, a date, raw bytes…)'

describe('boardProblem', () => {
  it('takes a board of plain JSON, quotes and multi-byte text included', () => {
    expect(boardProblem({ columns: [{ name: 'été "1"', swatches: [1, 2.5, true, null] }], shared: Object.create(null) })).toBe('')
  })

  it('refuses a holey array by its length, which JSON would write in full: 2³²−1 empty slots are gigabytes of nulls', () => {
    // Structured clone carries this in 25 bytes; counting only its items measured it as "[]".
    expect(boardProblem({ columns: new Array(2 ** 32 - 1) })).toBe(TOO_LARGE)
  })

  it('refuses an empty slot in a short list as no JSON, at the first one', () => {
    expect(boardProblem({ columns: [1, , 3] })).toBe(NOT_JSON) // eslint-disable-line no-sparse-arrays
    expect(boardProblem(new Array(300_000))).toBe(NOT_JSON)
  })

  it('refuses what is no JSON, without writing it out to measure it', () => {
    for (const value of [new Uint8Array(8), new Date(0), new Map(), undefined, Number.NaN, 10n ** 100n]) {
      expect(boardProblem({ columns: [value] })).toBe(NOT_JSON)
    }
  })

  it('still names a board that holds itself, and one nested too deep', () => {
    const board: Record<string, unknown> = {}
    board.self = [board]
    expect(boardProblem(board)).toBe('circular: it holds itself')
    let deep: unknown = 1
    for (let i = 0; i < 100; i++) deep = [deep]
    expect(boardProblem(deep)).toBe('nested deeper than 64 levels')
  })
})
