import { closeSync, openSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { looksLikeFilm, readStdin } from '../../src/cli/stdin'

describe('readStdin', () => {
  it('reads every chunk piped in', async () => {
    const read = await readStdin(Readable.from([Buffer.from('ab'), Buffer.from('cd')]))
    expect(read.toString()).toBe('abcd')
  })

  it('stops a pipe longer than its limit with a message, instead of holding it all in memory', async () => {
    const endless = Readable.from((function* () {
      for (;;) yield Buffer.alloc(1024 * 1024)
    })())
    await expect(readStdin(endless, { limit: 4 * 1024 * 1024 })).rejects.toThrow('More than 4 MB was piped in: save the image to a file and name the file instead.')
  })

  it('stops waiting on a pipe that stays open and silent when the run is stopped (Ctrl-C, SIGTERM)', async () => {
    const stop = new AbortController()
    // Aborted as soon as the read starts, with nothing ever piped in.
    const silent = new Readable({ read: () => stop.abort(new Error('stopped by SIGTERM')) })
    await expect(readStdin(silent, { signal: stop.signal })).rejects.toThrow()
  })
  it('says standard input is a folder (`extract - < photos/`), not that the image is empty', async () => {
    const fd = openSync(tmpdir(), 'r')
    try {
      const folder = Object.assign(Readable.from([]), { fd })
      await expect(readStdin(folder)).rejects.toThrow('Standard input is a folder, not an image: name the folder instead of "-" to read the images in it.')
    } finally {
      closeSync(fd)
    }
  })
})

describe('looksLikeFilm', () => {
  it('knows the containers the command line reads films in, and not an HTML page piped in by mistake', () => {
    const ts = Buffer.alloc(376)
    ts[0] = ts[188] = 0x47
    const avi = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('AVI LIST')])
    for (const film of [ts, avi, Buffer.from('000001ba00', 'hex'), Buffer.from('FLV\x01')]) expect(looksLikeFilm(film), film.toString('hex')).toBe(true)
    expect(looksLikeFilm(Buffer.from('<html>404</html>'))).toBe(false)
  })
})
