import { describe, expect, it } from 'vitest'
import { formatTime, frameGroupName, stripName } from '../../src/shared/film-names'

describe('film names', () => {
  it('formats times with milliseconds, and hours when needed', () => {
    expect(formatTime(83.4)).toBe('01:23.400')
    expect(formatTime(3725.05)).toBe('01:02:05.050')
  })

  it('shows dashes, not "NaN:NaN", for a length the player does not know (a film it cannot play, a WebM without one)', () => {
    expect(formatTime(Number.NaN)).toBe('--:--.---')
    expect(formatTime(Number.POSITIVE_INFINITY)).toBe('--:--.---')
  })

  it('names a strip and its frames after the film, without its extension', () => {
    expect(stripName('holiday.mp4')).toBe('holiday-strip')
    expect(frameGroupName('holiday.mp4', 83.4)).toBe('holiday @ 01:23.400')
  })
})
