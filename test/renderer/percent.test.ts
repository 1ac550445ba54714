import { describe, expect, it } from 'vitest'
import { percentOf } from '../../src/renderer/src/lib/percent'

describe('percentOf', () => {
  it('writes a share with one decimal', () => {
    expect(percentOf(0.4231)).toBe('42.3')
    expect(percentOf(1)).toBe('100.0')
    expect(percentOf(0)).toBe('0.0')
  })

  it('never calls a sliver of the picture 0: a share under 0.05 % reads "under 0.1"', () => {
    expect(percentOf(0.0004)).toBe('under 0.1')
    expect(percentOf(0.0000001)).toBe('under 0.1')
    expect(percentOf(0.0005)).toBe('0.1')
  })
})
