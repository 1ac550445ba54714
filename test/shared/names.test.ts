import { describe, expect, it } from 'vitest'
import { cutToBytes, endWithinBytes } from '../../src/shared/names'

describe('cutting names to a number of bytes', () => {
  it('keeps the end of a name within the bytes, as the start is kept', () => {
    expect(endWithinBytes('film @ 00-01.400', 9)).toBe('00-01.400')
    expect(cutToBytes('film @ 00-01.400', 4)).toBe('film')
    expect(endWithinBytes('short', 100)).toBe('short')
  })

  it('never splits a character drawn from several code points (a flag, a skin tone)', () => {
    // 🇫🇷 is 8 bytes, 👍🏽 8: 7 bytes hold neither whole, so neither is cut in two.
    expect(endWithinBytes('Sea 🇫🇷', 7)).toBe('')
    expect(endWithinBytes('Sea 🇫🇷', 9)).toBe(' 🇫🇷')
    expect(endWithinBytes('ok 👍🏽', 7)).toBe('')
    expect(endWithinBytes('東京', 3)).toBe('京')
  })
})
