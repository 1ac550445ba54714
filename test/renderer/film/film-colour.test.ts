import { describe, expect, it } from 'vitest'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { filmConversion, ownConversion } from '../../../src/renderer/src/film/film-colour'

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

describe('filmConversion', () => {
  it('gives up at once on a film whose bytes cannot be fetched, so taking its frames is not held', async () => {
    // A server that drops every request, so that fetch itself fails, as it does for a URL the page may not read.
    const server = createServer((request) => request.socket.destroy())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      expect(await filmConversion(`http://127.0.0.1:${port}/film.mp4`)).toBeNull()
    } finally {
      server.close()
    }
  }, 10_000)

  it('leaves a film to Chromium’s colours when the tags reader itself fails to load', async () => {
    // What the lazy import gives when the reader's code cannot be fetched (a chunk missing from the build).
    const unloadable = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
    expect(await filmConversion(new Blob(['film']), unloadable)).toBeNull()
  })
})
