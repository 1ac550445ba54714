import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { cutToBytes, endWithinBytes, shortened } from '../../src/shared/names'

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

describe('shortening a name to quote it', () => {
  const segments = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)]
  const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

  it('keeps a name that fits, and cuts a longer one to the limit with "…" counted in it', () => {
    expect(shortened('Sea', 3)).toBe('Sea')
    expect(shortened('Seaside', 5)).toBe('Seas…')
  })

  it('never cuts an emoji, a flag or a family in two, nor leaves a space before the "…"', () => {
    // '🎨' is 2 units: at 4 units, "ab" and half of it would fit.
    expect(shortened('ab🎨cd', 4)).toBe('ab…')
    expect(shortened('Sea 🇫🇷 blue', 7)).toBe('Sea…')
    expect(shortened('Us 👩‍👩‍👧 three', 10)).toBe('Us…')
  })

  it('is never longer than the limit, never holds half a character, and is the name itself or its start and "…"', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }))
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 60 }), (name, max) => {
        const short = shortened(name, max)
        expect(short.length).toBeLessThanOrEqual(max)
        expect(short).not.toMatch(LONE_SURROGATE)
        if (name.length <= max) {
          expect(short).toBe(name)
          return
        }
        expect(short.endsWith('…')).toBe(true)
        const kept = short.slice(0, -1)
        expect(name.startsWith(kept)).toBe(true)
        // Cut where a character as a reader sees it ends, unless the first is itself too long.
        const ends = [0, ...segments(name).map((s) => s.index + s.segment.length)]
        if (ends[1] <= max - 1) expect(ends.some((end) => name.slice(0, end).trimEnd() === kept)).toBe(true)
      })
    )
  })
})
