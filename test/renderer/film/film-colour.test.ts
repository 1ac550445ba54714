import { describe, expect, it } from 'vitest'
import { ownConversion } from '../../../src/renderer/src/film/film-colour'

describe('ownConversion', () => {
  it('converts a partly tagged BT.709 film, or a full-range one, as its tags say', () => {
    expect(ownConversion({ matrix: 'bt709', fullRange: false })).toEqual({ matrix: 'bt709', fullRange: false })
    expect(ownConversion({ matrix: 'bt709', primaries: 'bt709', fullRange: false })).toEqual({ matrix: 'bt709', fullRange: false })
    expect(ownConversion({ matrix: 'smpte170m', fullRange: true })).toEqual({ matrix: 'bt601', fullRange: true })
    expect(ownConversion({ fullRange: true })).toEqual({ matrix: 'bt601', fullRange: true })
  })

  it('leaves to Chromium the films it decodes as tagged: fully tagged, untagged, or partly tagged BT.601 limited range', () => {
    expect(ownConversion({ matrix: 'bt709', primaries: 'bt709', transfer: 'bt709', fullRange: false })).toBeNull()
    expect(ownConversion({ matrix: 'bt709', primaries: 'bt709', transfer: 'bt709', fullRange: true })).toBeNull()
    expect(ownConversion({ fullRange: false })).toBeNull()
    expect(ownConversion({ matrix: 'smpte170m', fullRange: false })).toBeNull()
    expect(ownConversion({ matrix: 'bt470bg', transfer: 'bt709', fullRange: false })).toBeNull()
  })
})
