import { describe, expect, it } from 'vitest'
import { UsageError } from '../../bench/script'
import { parseEvalArgs } from '../../eval/args'

describe('npm run eval arguments', () => {
  it('defaults to the test split and 1000 crops', () => {
    expect(parseEvalArgs([])).toEqual({ split: 'test', limit: 1000 })
    expect(parseEvalArgs(['--split', 'val', '--limit', '50'])).toEqual({ split: 'val', limit: 50 })
  })

  it.each(['abc', '0', '1e3', '-5'])('refuses --limit %j (NaN or no crops at all)', (limit) => {
    expect(() => parseEvalArgs([`--limit=${limit}`])).toThrow(UsageError)
    expect(() => parseEvalArgs([`--limit=${limit}`])).toThrow(`--limit must be a whole number of at least 1, not "${limit}"`)
  })

  it('refuses an unknown split, option or argument', () => {
    expect(() => parseEvalArgs(['--split', 'tset'])).toThrow('--split must be one of train, val, test, not "tset"')
    expect(() => parseEvalArgs(['--limt', '5'])).toThrow(UsageError)
    expect(() => parseEvalArgs(['test'])).toThrow('unexpected argument "test"')
  })
})
