import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, symlink, writeFile, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { extractFilm, openFilm, type FilmFrame } from '../../../src/main/engine/video'
import { decodeFrames, endsEarly, frameSize, planSamples, type DecodedFrame } from '../../../src/main/engine/video-frames'
import { sampleTimes } from '../../../src/renderer/src/film/sampling'
import { spacedTimes, spacingOf, type Sampling } from '../../../src/shared/sample-spacing'
import { runTool } from '../../../src/main/engine/ffmpeg'
import { probeVideo } from '../../../src/main/engine/video-probe'
import type { Swatch } from '../../../src/shared/palette'
import { ffmpegTools } from '../../tools/ffmpeg'
import { BAND_SHARES, makeTestVideo, VIDEO_FORMATS, type TestVideo, type VideoFormat } from '../../tools/make-test-video'
import { makeUnevenVideo, UNEVEN_COLOURS, UNEVEN_TIMES, unevenFrameAt } from '../../tools/uneven-video'

let dir: string
const { ffmpeg: FFMPEG, ffprobe: FFPROBE } = ffmpegTools()
const films = new Map<VideoFormat, TestVideo>()

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ps-video-'))
  for (const [format, { ext }] of Object.entries(VIDEO_FORMATS)) {
    films.set(format as VideoFormat, await makeTestVideo(join(dir, `film-${format}${ext}`), format as VideoFormat))
  }
}, 120_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

const film = (format: VideoFormat = 'mp4-h264') => films.get(format)!

async function collect(iterator: AsyncIterable<FilmFrame>): Promise<FilmFrame[]> {
  const frames: FilmFrame[] = []
  for await (const frame of iterator) frames.push(frame)
  return frames
}

/** Each band colour of the segment on screen at the frame's time is a swatch (paper's ±15 per channel) with the band's share. */
function expectSegmentPalette(video: TestVideo, frame: FilmFrame, swatches: Swatch[] = frame.palette.swatches): void {
  const { colours } = video.segmentAt(frame.timeSeconds)
  colours.forEach((rgb, band) => {
    const match = swatches.find((s) => s.rgb.every((c, i) => Math.abs(c - rgb[i]) <= 15))
    expect(match, `frame at ${frame.timeSeconds}s should have a swatch near rgb(${rgb.join(', ')}): got ${swatches.map((s) => s.hex).join(' ')}`).toBeDefined()
    expect(match!.share).toBeCloseTo(BAND_SHARES[band], 1)
  })
}

describe('extractFilm on generated films', () => {
  it.each(Object.keys(VIDEO_FORMATS) as VideoFormat[])('%s: N evenly spread frames, each with its segment’s palette and its time', async (format) => {
    const frames = await collect(extractFilm(film(format).path, { method: 'median-cut', sampling: { frames: 6 } }))
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5])
    // The middle of each 1-second slice, give or take one frame (25 fps).
    frames.forEach((f, k) => expect(Math.abs(f.timeSeconds - (k + 0.5))).toBeLessThanOrEqual(1 / 25 + 1e-6))
    for (const f of frames) {
      expectSegmentPalette(film(format), f)
      expectSegmentPalette(film(format), f, f.groundTruth.swatches)
      expect(f.groundTruth.method).toBe('median-cut')
    }
  })

  it('a film whose name is not valid UTF-8 (a Latin-1 "café") samples by the lossy name it arrives with', async () => {
    const latin1 = Buffer.from(join(dir, 'caf\xe9.mp4'), 'latin1')
    await writeFile(latin1, await readFile(film().path))
    const frames = await collect(extractFilm(latin1.toString('utf8'), { method: 'median-cut', sampling: { frames: 6 } }))
    frames.forEach((f, k) => expect(Math.abs(f.timeSeconds - (k + 0.5))).toBeLessThanOrEqual(1 / 25 + 1e-6))
    for (const f of frames) expectSegmentPalette(film(), f)
  })

  it('one every S seconds takes the frame on show in the middle of each S seconds, with its segment’s colours', async () => {
    const frames = await collect(extractFilm(film('webm-vp9').path, { method: 'kmeans', sampling: { everySeconds: 1 } }))
    expect(frames.map((f) => f.timeSeconds)).toEqual([0.48, 1.48, 2.48, 3.48, 4.48, 5.48])
    frames.forEach((f) => expectSegmentPalette(film('webm-vp9'), f))
    expect(frames.every((f) => f.palette.method === 'kmeans')).toBe(true)
  })

  it('times are the decoded frames’ own: with more samples than segments each palette matches the segment at its time', async () => {
    const frames = await collect(extractFilm(film('mov-h264').path, { method: 'median-cut', sampling: { everySeconds: 0.7 } }))
    // 0.35, 1.05, … 5.25, and 5.8, the middle of the last 0.4 s.
    expect(frames).toHaveLength(9)
    frames.forEach((f, k) => {
      const due = k === 8 ? 5.8 : k * 0.7 + 0.35
      expect(f.timeSeconds).toBeGreaterThan(due - 1 / 25 + 1e-6)
      expect(f.timeSeconds).toBeLessThanOrEqual(due + 1e-6)
      expectSegmentPalette(film('mov-h264'), f)
    })
  })

  it('reports progress and the total before the first frame', async () => {
    const events: string[] = []
    const opened = await openFilm(film().path, { method: 'median-cut', sampling: { everySeconds: 2 }, onProgress: (p) => events.push(`${p.done}/${p.total}`) })
    expect(opened.total).toBe(3)
    expect(opened.info).toMatchObject({ width: 320, height: 180, codec: 'h264' })
    expect(opened.info.durationSeconds).toBeCloseTo(6, 1)
    await collect(opened.frames)
    expect(events).toEqual(['0/3', '1/3', '2/3', '3/3'])
  })

  it('asking for more frames than the film has gives each frame once, not repeats', async () => {
    const frames = await collect(extractFilm(film().path, { method: 'median-cut', sampling: { frames: 400 } }))
    // 150 frames at 25 fps, the first (at 0 s, before the first slice's middle) too.
    expect(frames.length).toBe(150)
    const times = frames.map((f) => f.timeSeconds)
    times.slice(1).forEach((t, i) => expect(t).toBeCloseTo(times[i] + 0.04, 6))
  })
})

describe('phone footage', () => {
  it('a film with a rotation tag comes out upright, as players show it: portrait, its bands across', async () => {
    const phone = join(dir, 'phone.mp4')
    // ffmpeg 5 writes the tag (as a display matrix) on a stream copy; 6 and later also take -display_rotation.
    execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-i', film().path, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', phone])
    const tools = ffmpegTools()
    const info = await probeVideo(phone, tools)
    expect(info).toMatchObject({ width: 180, height: 320 })
    const frames: DecodedFrame[] = []
    for await (const frame of decodeFrames(phone, tools, info, planSamples(info, { frames: 1 }))) frames.push(frame)
    const { width, height, data } = frames[0].image
    expect([width, height]).toEqual([180, 320])
    // The tag turns the picture's left edge, its widest band, to the bottom, as Chromium shows it too.
    const [widest, , narrowest] = film().segmentAt(frames[0].timeSeconds).colours
    const near = (x: number, y: number, rgb: readonly number[]) => rgb.every((c, i) => Math.abs(data[(y * width + x) * 4 + i] - c) <= 15)
    for (const x of [0, width >> 1, width - 1]) {
      expect(near(x, height - 1, widest), `bottom row at x=${x}`).toBe(true)
      expect(near(x, 0, narrowest), `top row at x=${x}`).toBe(true)
    }
  })
})

describe('a film whose frames last unevenly (variable frame rate)', () => {
  /** Which of UNEVEN_COLOURS the frame's main colour is. */
  const colourOf = (frame: FilmFrame): number => {
    const { rgb } = frame.palette.swatches[0]
    const distances = UNEVEN_COLOURS.map((c) => Math.max(...c.map((v, i) => Math.abs(v - rgb[i]))))
    return distances.indexOf(Math.min(...distances))
  }

  it.each([
    ['uneven.mp4', 'libx264'],
    ['uneven.webm', 'libvpx-vp9']
  ])('%s: each sample is the frame a player shows at its time (the last one begun by then), labelled with that frame\'s time', async (name, codec) => {
    const path = join(dir, name)
    makeUnevenVideo(path, codec)
    const info = await probeVideo(path, { ffmpeg: FFMPEG, ffprobe: FFPROBE })
    // Samples among the four short frames (1 frame: 0.5 s in the MP4), and in the long frames after them.
    const samplings: Sampling[] = [{ frames: 1 }, { frames: 2 }, { frames: 3 }, { frames: 7 }, { frames: 40 }, { everySeconds: 0.3 }]
    for (const sampling of samplings) {
      const times = spacedTimes(spacingOf(info.durationSeconds, sampling)).map((t) => info.startSeconds + t)
      const shown = times.map(unevenFrameAt)
      // Each frame once: samples that fall in the same frame give it once.
      const expected = shown.filter((n, k) => n !== shown[k - 1]).map((n) => [n, UNEVEN_TIMES[n]])
      const frames = await collect(extractFilm(path, { method: 'median-cut', sampling }))
      expect(
        frames.map((f) => [colourOf(f), f.timeSeconds]),
        `${JSON.stringify(sampling)} at ${times.map((t) => t.toFixed(3)).join(' ')}`
      ).toEqual(expected)
    }
  }, 60_000)
})

describe('films too short for the plan', () => {
  const red = [200, 40, 40]
  const hasRed = (frame: FilmFrame) => frame.palette.swatches.some((s) => s.rgb.every((c, i) => Math.abs(c - red[i]) <= 15))

  it('a one-frame clip gives that frame, though it comes before the first sample time', async () => {
    const clip = join(dir, 'one-frame.mp4')
    const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0xc82828:s=64x48:r=25:d=0.04']
    execFileSync(FFMPEG, [...args, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', clip])
    const frames = await collect(extractFilm(clip, { method: 'median-cut', sampling: { frames: 10 } }))
    expect(frames.map((f) => [f.index, f.timeSeconds])).toEqual([[0, 0]])
    expect(hasRed(frames[0])).toBe(true)
  })

  it('a still picture named .mp4 gives its one palette', async () => {
    const still = join(dir, 'still.mp4')
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: red[0], g: red[1], b: red[2] } } }).png().toFile(still)
    const frames = await collect(extractFilm(still, { method: 'median-cut', sampling: { frames: 10 } }))
    expect(frames).toHaveLength(1)
    expect(hasRed(frames[0])).toBe(true)
  })
})

describe('cancelling a film', () => {
  const ffmpegChildren = () => {
    try {
      return execFileSync('pgrep', ['-P', String(process.pid), '-x', 'ffmpeg'], { encoding: 'utf8' }).trim()
    } catch {
      return '' // pgrep exits 1 when nothing matches
    }
  }

  it('an abort mid-film ends with CANCELLED and leaves no ffmpeg running', async () => {
    const controller = new AbortController()
    const seen: number[] = []
    const run = async () => {
      for await (const frame of extractFilm(film().path, { method: 'median-cut', sampling: { frames: 100 }, signal: controller.signal })) {
        seen.push(frame.index)
        if (frame.index === 1) controller.abort()
      }
    }
    await expect(run()).rejects.toMatchObject({ name: 'EngineError', code: 'CANCELLED' })
    expect(seen).toEqual([0, 1])
    await waitFor(() => ffmpegChildren() === '')
  })

  it('stopping early (break) also stops ffmpeg', async () => {
    for await (const frame of extractFilm(film('webm-vp8').path, { method: 'median-cut', sampling: { frames: 100 } })) {
      if (frame.index === 0) break
    }
    await waitFor(() => ffmpegChildren() === '')
  })

  it('a signal aborted before starting runs nothing', async () => {
    // ffmpeg and ffprobe that note each start in a log, then do the real work.
    const tools = await mkdtemp(join(tmpdir(), 'ps-logged-ffmpeg-'))
    const log = join(tools, 'started.log')
    try {
      for (const tool of ['ffmpeg', 'ffprobe']) {
        await writeFile(join(tools, tool), `#!/bin/sh\necho ${tool} >> "${log}"\nexec /usr/bin/${tool} "$@"\n`, { mode: 0o755 })
      }
      const controller = new AbortController()
      controller.abort()
      await expect(collect(extractFilm(film().path, { method: 'median-cut', sampling: { frames: 3 }, signal: controller.signal, searchPath: tools }))).rejects.toMatchObject({
        code: 'CANCELLED'
      })
      expect(existsSync(log)).toBe(false)
      // The same tools without the abort do start, and are noted: the film probed, its frames' times read, its frames decoded.
      await collect(extractFilm(film().path, { method: 'median-cut', sampling: { frames: 1 }, searchPath: tools }))
      expect((await readFile(log, 'utf8')).split('\n').filter(Boolean)).toEqual(['ffprobe', 'ffprobe', 'ffmpeg'])
    } finally {
      await rm(tools, { recursive: true, force: true })
    }
  })
})

describe('cancelling while a film named in bytes that are not UTF-8 is looked up', () => {
  it('an abort that comes while the name is found again still stops the tool at once', async () => {
    const tools = await mkdtemp(join(tmpdir(), 'ps-slow-ffprobe-'))
    try {
      // A stand-in ffprobe that would keep the run waiting for 20 s (exec: the kill then reaches
      // sleep itself, not a shell that would leave it holding the pipes open).
      await writeFile(join(tools, 'ffprobe'), '#!/bin/sh\nexec sleep 20\n', { mode: 0o755 })
      const latin1 = Buffer.from(join(tools, 'caf\xe9.mp4'), 'latin1')
      await writeFile(latin1, 'film')
      const controller = new AbortController()
      // The abort lands while the folder is listed for the name's bytes, before ffprobe starts.
      const probing = runTool(join(tools, 'ffprobe'), [], latin1.toString('utf8'), controller.signal)
      controller.abort()
      await expect(probing).rejects.toMatchObject({ code: 'CANCELLED' })
    } finally {
      await rm(tools, { recursive: true, force: true })
    }
  }, 10_000)

  it('an abort that comes while the name is found again still stops ffmpeg reading frames at once', async () => {
    const tools = await mkdtemp(join(tmpdir(), 'ps-slow-ffmpeg-'))
    try {
      // A stand-in ffmpeg that would keep the first frame waiting for 20 s (exec: as above).
      const ffmpeg = join(tools, 'ffmpeg')
      await writeFile(ffmpeg, '#!/bin/sh\nexec sleep 20\n', { mode: 0o755 })
      const latin1 = Buffer.from(join(tools, 'caf\xe9.mp4'), 'latin1')
      await writeFile(latin1, 'film')
      const info = { startSeconds: 0, durationSeconds: 3, width: 4, height: 2, codec: 'h264', container: 'mp4', clockStartSeconds: 0 }
      const controller = new AbortController()
      // The abort lands while the folder is listed for the name's bytes, before ffmpeg starts.
      const first = decodeFrames(latin1.toString('utf8'), { ffmpeg, ffprobe: FFPROBE }, info, { start: 0.5, step: 1, count: 3, last: 2.5 }, { signal: controller.signal }).next()
      controller.abort()
      await expect(first).rejects.toMatchObject({ code: 'CANCELLED' })
      // The reader ends only once ffmpeg has closed its pipes: nothing of it is left running.
      expect(sleepingChildren()).toBe('')
    } finally {
      await rm(tools, { recursive: true, force: true })
    }
  }, 10_000)
})

/** The stand-in tools' `sleep` processes still running under this test process. */
function sleepingChildren(): string {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), '-x', 'sleep'], { encoding: 'utf8' }).trim()
  } catch (error) {
    if ((error as { status?: number }).status === 1) return '' // pgrep's "nothing matches"
    throw error
  }
}

describe('cancelling while ffmpeg writes nothing more', () => {
  // Above, a stopped reader also ends a real ffmpeg by a broken pipe once it writes its next frame.
  // A stand-in ffmpeg that writes `frames` frames and then sleeps never meets that pipe: only the
  // kill on abort and the kill when the reader stops early end it.
  const info = { startSeconds: 0, durationSeconds: 3, width: 4, height: 2, codec: 'h264', container: 'mp4', clockStartSeconds: 0 }
  const plan = { start: 0.5, step: 1, count: 3, last: 2.5 }
  let tools: string
  let pid: number | undefined
  beforeAll(async () => {
    tools = await mkdtemp(join(tmpdir(), 'ps-sleepy-ffmpeg-'))
  })
  afterEach(() => {
    if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL')
    pid = undefined
  })
  afterAll(() => rm(tools, { recursive: true, force: true }))

  async function sleepyFfmpeg(name: string, frames: number): Promise<{ ffmpeg: string; ffprobe: string; pidFile: string }> {
    const ffmpeg = join(tools, name)
    const pidFile = join(tools, `${name}.pid`)
    const frame = `echo "[Parsed_showinfo_4 @ 0x1] n:0 pts:0 pts_time:0.5" >&2\nhead -c ${info.width * info.height * 4} /dev/zero\n`
    await writeFile(ffmpeg, `#!/bin/sh\necho $$ > "${pidFile}"\n${frame.repeat(frames)}exec sleep 600\n`, { mode: 0o755 })
    return { ffmpeg, ffprobe: FFPROBE, pidFile }
  }

  async function startedPid(pidFile: string): Promise<number> {
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'), 20_000)
    return Number(readFileSync(pidFile, 'utf8'))
  }

  it('an abort before the first frame kills ffmpeg and ends with CANCELLED', async () => {
    const { pidFile, ...ffmpeg } = await sleepyFfmpeg('silent', 0)
    const controller = new AbortController()
    const first = decodeFrames(film().path, ffmpeg, info, plan, { signal: controller.signal }).next()
    first.catch(() => undefined) // awaited below, after the kill
    pid = await startedPid(pidFile)
    controller.abort()
    await waitFor(() => !alive(pid!))
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  it('a reader that stops after a frame kills ffmpeg', async () => {
    const { pidFile, ...ffmpeg } = await sleepyFfmpeg('one-frame', 1)
    const seen: number[] = []
    for await (const frame of decodeFrames(film().path, ffmpeg, info, plan)) {
      seen.push(frame.timeSeconds)
      pid = await startedPid(pidFile)
      break
    }
    expect(seen).toEqual([0.5])
    await waitFor(() => !alive(pid!))
  })
})

describe('films that cannot be read', () => {
  it('without ffmpeg on the PATH: FFMPEG_MISSING, saying how to install it', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ps-nopath-'))
    const error = await collect(extractFilm(film().path, { method: 'median-cut', sampling: { frames: 3 }, searchPath: empty })).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'FFMPEG_MISSING' })
    expect((error as Error).message).toMatch(/needs ffmpeg.*apt install ffmpeg.*brew install ffmpeg.*winget install ffmpeg/)
    await rm(empty, { recursive: true })
  })

  it('ffmpeg without ffprobe is missing ffmpeg too', async () => {
    const half = await mkdtemp(join(tmpdir(), 'ps-halfpath-'))
    await symlink(FFMPEG, join(half, 'ffmpeg'))
    await expect(collect(extractFilm(film().path, { method: 'median-cut', sampling: { frames: 3 }, searchPath: half }))).rejects.toMatchObject({
      code: 'FFMPEG_MISSING'
    })
    await rm(half, { recursive: true })
  })

  it('a film ffmpeg reads without error but decodes no frame from is CORRUPT, not an empty strip', async () => {
    const tools = await mkdtemp(join(tmpdir(), 'ps-silent-ffmpeg-'))
    await writeFile(join(tools, 'ffmpeg'), '#!/bin/sh\nexit 0\n', { mode: 0o755 })
    await symlink(FFPROBE, join(tools, 'ffprobe'))
    const run = collect(extractFilm(film().path, { method: 'median-cut', sampling: { frames: 3 }, searchPath: tools }))
    const error = await run.catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'CORRUPT', file: film().path })
    expect((error as Error).message).toMatch(/^No frames could be read from “film-mp4-h264\.mp4”/)
    await rm(tools, { recursive: true })
  })

  it('a film cut short before its index (MP4 without moov) is CORRUPT', async () => {
    const bytes = await readFile(film().path)
    const cut = join(dir, 'cut.mp4')
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)))
    const error = await collect(extractFilm(cut, { method: 'median-cut', sampling: { frames: 3 } })).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'CORRUPT', file: cut })
    expect((error as Error).message).toMatch(/damaged or incomplete/)
  })

  it('random bytes named .webm are CORRUPT', async () => {
    const junk = join(dir, 'junk.webm')
    await writeFile(junk, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)))
    await expect(collect(extractFilm(junk, { method: 'median-cut', sampling: { frames: 3 } }))).rejects.toMatchObject({ code: 'CORRUPT' })
  })

  it('a sound file has no frames: UNSUPPORTED', async () => {
    const sound = join(dir, 'tone.wav')
    execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=duration=1', sound])
    await expect(collect(extractFilm(sound, { method: 'median-cut', sampling: { frames: 3 } }))).rejects.toMatchObject({ code: 'UNSUPPORTED' })
  })

  it('an empty file is called empty, as an empty image is, not damaged', async () => {
    const empty = join(dir, 'empty.mp4')
    await writeFile(empty, '')
    await expect(collect(extractFilm(empty, { method: 'median-cut', sampling: { frames: 3 } }))).rejects.toMatchObject({
      code: 'CORRUPT',
      message: 'The film is empty (0 bytes).',
      file: empty
    })
  })

  it('a missing file is NOT_FOUND, named as a missing image is', async () => {
    await expect(collect(extractFilm(join(dir, 'nope.mp4'), { method: 'median-cut', sampling: { frames: 3 } }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: "Can't find “nope.mp4”. It may have been moved, renamed or deleted."
    })
  })

  it('a film path that is a loop of links says so, not "not found"', async () => {
    const loop = join(dir, 'loop.mp4')
    await symlink(loop, loop)
    const error = await collect(extractFilm(loop, { method: 'median-cut', sampling: { frames: 3 } })).catch((e: unknown) => e)
    expect(error).toMatchObject({ file: loop })
    expect((error as Error).message).toMatch(/^The film could not be read\. This path goes round in a circle of symbolic links/)
  })

  it('nonsense sampling is refused before any work', async () => {
    await expect(collect(extractFilm(film().path, { method: 'median-cut', sampling: { frames: 0 } }))).rejects.toThrow(RangeError)
    await expect(collect(extractFilm(film().path, { method: 'median-cut', sampling: { everySeconds: -1 } }))).rejects.toThrow(RangeError)
  })
})

describe('a film’s length is its video’s', () => {
  const tools = ffmpegTools()
  const red = ['-f', 'lavfi', '-i', 'color=c=0xc82828:s=64x48:r=10:d=4']
  const vp9 = ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus']
  const make = (name: string, inputs: string[]) => {
    const path = join(dir, name)
    execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...inputs, ...vp9, path])
    return path
  }

  it('WebM whose sound runs on after the picture: the DURATION tag of the video stream, not the file’s', async () => {
    const info = await probeVideo(make('long-sound.webm', [...red, '-f', 'lavfi', '-i', 'sine=d=20']), tools)
    expect(info.durationSeconds).toBeCloseTo(4, 1)
  })

  it('MKV whose picture starts 2 s in: the tag’s end less the start', async () => {
    const info = await probeVideo(make('late.mkv', ['-itsoffset', '2', ...red, '-f', 'lavfi', '-i', 'sine=d=6']), tools)
    expect(info.startSeconds).toBeCloseTo(2, 1)
    expect(info.durationSeconds).toBeCloseTo(4, 1)
  })

  it('a lone video stream with only the file’s duration: that duration less the start', async () => {
    // What ffprobe says of such a file, stood in by a script (ffmpeg's muxers all write a length per stream).
    const fake = join(dir, 'ffprobe-file-duration')
    const probe = { streams: [{ codec_type: 'video', codec_name: 'vp9', width: 64, height: 48, start_time: '2.000000' }], format: { format_name: 'matroska,webm', start_time: '0.000000', duration: '6.000000' } }
    await writeFile(fake, `#!/bin/sh\necho '${JSON.stringify(probe)}'\n`, { mode: 0o755 })
    const info = await probeVideo(film('webm-vp9').path, { ...tools, ffprobe: fake })
    expect(info).toMatchObject({ startSeconds: 2, durationSeconds: 4 })
  })
})

describe('a film cut off part-way', () => {
  it('gives the frames it has, then CORRUPT saying how many of the planned frames it could read', async () => {
    const bytes = await readFile(film('webm-vp9').path)
    const cut = join(dir, 'cut-half.webm')
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)))
    const frames: FilmFrame[] = []
    const error = await (async () => {
      for await (const frame of extractFilm(cut, { method: 'median-cut', sampling: { frames: 6 } })) frames.push(frame)
    })().catch((e: unknown) => e)
    expect(frames.length).toBeGreaterThan(0)
    expect(error).toMatchObject({ code: 'CORRUPT', file: cut, message: `Only ${frames.length} of 6 frames could be read: the film may be cut off.` })
  })

  const info = { startSeconds: 0, durationSeconds: 6, frameRate: 25 }
  it('is told by samples due well inside the recorded length after the last frame', () => {
    expect(endsEarly(info, { start: 0.5, step: 1, count: 6, last: 5.5 }, 2.52)).toBe(true)
  })
  it('is not a whole film whose next sample falls a hair before its end, nor one whose last sample arrived', () => {
    expect(endsEarly(info, { start: 0, step: 0.5999, count: 11, last: 5.999 }, 5.4)).toBe(false)
    expect(endsEarly(info, { start: 0.5, step: 1, count: 6, last: 5.5 }, 5.52)).toBe(false)
  })
})

describe('sampling plan', () => {
  const info = { startSeconds: 0.5, durationSeconds: 10, width: 1920, height: 1080, codec: 'h264', container: 'mp4', clockStartSeconds: 0 }
  it('N frames: the middle of N equal slices of the video stream', () => {
    expect(planSamples(info, { frames: 4 })).toEqual({ start: 0.5 + 1.25, step: 2.5, count: 4, last: 0.5 + 8.75 })
  })
  it('N frames of a film with N frames or fewer: slices start at their own start, so each frame is in one', () => {
    expect(planSamples({ ...info, frameRate: 0.5 }, { frames: 5 })).toEqual({ start: 0.5, step: 2, count: 5, last: 0.5 + 8 })
  })
  it('N frames: each slice starts most of a frame before its middle, so its frame is the one on show there', () => {
    expect(planSamples({ ...info, frameRate: 10 }, { frames: 4 })).toMatchObject({ start: 0.5 + 1.25 - 0.09, step: 2.5, count: 4 })
  })
  it('every S seconds: the middle of each whole S seconds from the first picture', () => {
    expect(planSamples(info, { everySeconds: 2 })).toEqual({ start: 0.5 + 1, step: 2, count: 5, last: 0.5 + 9 })
    // 10 s every 3 s leaves 1 s, less than half a step: no 4th sample for it.
    expect(planSamples(info, { everySeconds: 3 })).toMatchObject({ count: 3 })
    expect(planSamples(info, { everySeconds: 60 })).toMatchObject({ count: 1, last: 0.5 + 5 })
  })
  it('every S seconds: a shorter stretch at the end is sampled, in its own middle, when it is at least half a step', () => {
    expect(planSamples(info, { everySeconds: 4 })).toMatchObject({ count: 3, last: 0.5 + 9 })
  })
  it('a 29.97 fps film of 3.003 s every 1 s: 3 samples, not a 4th over its last 3 ms', () => {
    const ntsc = { ...info, startSeconds: 0, durationSeconds: 3.003, frameRate: 30000 / 1001 }
    expect(planSamples(ntsc, { everySeconds: 1 }).count).toBe(3)
    expect(sampleTimes(3.003, { mode: 'every', seconds: 1 })).toEqual([0.5, 1.5, 2.5])
  })
  it('the command line samples at the times the app\'s strip does, for N frames and for every S seconds', () => {
    for (const duration of [6, 3.003, 5, 10, 7.25, 0.4, 61.5]) {
      for (const [cli, app] of [
        [{ everySeconds: 2 }, { mode: 'every', seconds: 2 }],
        [{ everySeconds: 1 }, { mode: 'every', seconds: 1 }],
        [{ everySeconds: 0.7 }, { mode: 'every', seconds: 0.7 }],
        [{ everySeconds: 3 }, { mode: 'every', seconds: 3 }],
        [{ everySeconds: 20 }, { mode: 'every', seconds: 20 }],
        [{ frames: 5 }, { mode: 'frames', count: 5 }]
      ] as const) {
        // No frame rate: each slice starts at its sample time itself.
        const plan = planSamples({ ...info, startSeconds: 0, durationSeconds: duration }, cli)
        const times = Array.from({ length: plan.count }, (_, k) => (k === plan.count - 1 ? plan.last : plan.start + k * plan.step))
        expect(times.map((t) => Number(t.toFixed(3))), `${duration} s, ${JSON.stringify(cli)}`).toEqual(sampleTimes(duration, app))
      }
    }
  })
  it('frames are scaled to a 512-pixel long side, portrait or landscape, never enlarged', () => {
    expect(frameSize({ width: 1920, height: 1080 })).toEqual({ width: 512, height: 288 })
    expect(frameSize({ width: 1080, height: 1920 })).toEqual({ width: 288, height: 512 })
    expect(frameSize({ width: 320, height: 180 })).toEqual({ width: 320, height: 180 })
  })
})

async function waitFor(condition: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The process is running: not gone, and not a zombie its parent has yet to reap. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch {
    return false
  }
}
