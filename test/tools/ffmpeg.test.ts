// Without ffmpeg, `npm test` says to install it instead of failing with spawn ENOENT.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ffmpegTools } from './ffmpeg'

describe("the film tests' ffmpeg", () => {
  it('is found where Debian installs it', () => {
    expect(ffmpegTools()).toEqual({ ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe' })
  })

  it('when missing, the tests fail saying how to install it, and which tool is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ps-no-ffprobe-'))
    try {
      await writeFile(join(dir, 'ffmpeg'), '')
      expect(() => ffmpegTools(dir)).toThrow(`${join(dir, 'ffprobe')} is missing. Install ffmpeg (Debian/Ubuntu: apt install ffmpeg).`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
