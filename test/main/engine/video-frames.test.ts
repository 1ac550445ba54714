import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeFrames, onShowPlan, planSamples, type DecodedFrame } from '../../../src/main/engine/video-frames'
import { probeVideo } from '../../../src/main/engine/video-probe'
import { ffmpegTools } from '../../tools/ffmpeg'

const tools = ffmpegTools()
let dir: string

/** A lossless 25 fps film whose frame N is grey level N, so a decoded frame tells which one it is. */
function counterFilm(name: string, seconds: number, extra: string[] = []): string {
  const path = join(dir, name)
  const source = `color=c=black:s=64x64:r=25:d=${seconds},format=gray,geq=lum='N':cb=128:cr=128`
  execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', source, '-pix_fmt', 'yuv444p', '-c:v', 'libx264', '-qp', '0', ...extra, path])
  return path
}

/** `film` with a sound track starting 2 s before its picture, in `name`'s container. */
function lateSound(film: string, name: string, audio: string): string {
  const path = join(dir, name)
  const inputs = ['-itsoffset', '2', '-i', film, '-f', 'lavfi', '-i', 'sine=d=6']
  execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...inputs, '-map', '0:v', '-map', '1:a', '-c:v', 'copy', '-c:a', audio, path])
  return path
}

const frameNumber = ({ image }: DecodedFrame) => {
  let sum = 0
  for (let i = 0; i < image.data.length; i += 4) sum += image.data[i]
  return Math.round(sum / (image.data.length / 4))
}

async function sample(file: string, frames: number) {
  const info = await probeVideo(file, tools)
  const plan = await onShowPlan(file, tools, info, planSamples(info, { frames }))
  const decoded: DecodedFrame[] = []
  const error = await (async () => {
    for await (const frame of decodeFrames(file, tools, info, plan)) decoded.push(frame)
  })().catch((e: unknown) => e)
  return { info, decoded, error }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ps-video-frames-'))
}, 60_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('a picture that starts after its sound', () => {
  it.each([
    ['late.ts', 'mp2'],
    ['late.mp4', 'aac'],
    ['late.mkv', 'libvorbis']
  ])('%s: each frame is the picture on show at its sample time, labelled with its own time', async (name, audio) => {
    const film = lateSound(counterFilm(`counter-${name}.mp4`, 4), name, audio)
    const { info, decoded, error } = await sample(film, 4)
    expect(error).toBeUndefined()
    expect(info.startSeconds).toBeGreaterThan(1.9)
    expect(decoded).toHaveLength(4)
    decoded.forEach((frame, k) => {
      const due = info.startSeconds + (k + 0.5)
      expect(frame.timeSeconds).toBeGreaterThan(due - 1 / 25)
      expect(frame.timeSeconds).toBeLessThanOrEqual(due + 1e-6)
      // The picture of that time: frame N shows N / 25 s after the picture's start (±1 grey level of rounding).
      expect(Math.abs(frameNumber(frame) - (frame.timeSeconds - info.startSeconds) * 25)).toBeLessThanOrEqual(1.01)
    })
  }, 60_000)
})

describe('a film damaged part-way', () => {
  it('is CORRUPT naming where, after the frames it could read, none of them labelled with a time not its own', async () => {
    const film = counterFilm('whole.mp4', 10, ['-g', '50'])
    const bytes = await readFile(film)
    // The middle fifth zeroed: the index is whole, pictures from about 3.5 s to 7 s do not decode.
    bytes.fill(0, Math.floor(bytes.length * 0.4), Math.floor(bytes.length * 0.6))
    const broken = join(dir, 'broken.mp4')
    await writeFile(broken, bytes)
    const { decoded, error } = await sample(broken, 10)
    expect(error).toMatchObject({ code: 'CORRUPT', file: broken })
    const message = (error as Error).message
    expect(message).toMatch(new RegExp(`^Only ${decoded.length} of 10 frames could be read: the film is damaged between 0:0[2-4]\\.\\d{3} and 0:0[6-8]\\.\\d{3}, where its pictures cannot be decoded\\. To sample it whole, export the film again from its source\\.$`))
    expect(decoded.length).toBeGreaterThanOrEqual(5)
    for (const frame of decoded) expect(Math.abs(frameNumber(frame) - frame.timeSeconds * 25), `frame at ${frame.timeSeconds}`).toBeLessThanOrEqual(1.01)
    // The frames after the damage, once the film is whole again, are sampled too.
    expect(decoded.at(-1)!.timeSeconds).toBeCloseTo(9.48, 2)
  }, 60_000)
})

describe('a film cut from a recording mid-GOP', () => {
  it('is no damage: its lead-in pictures refer to ones cut away, and the frames from its first keyframe on are sampled', async () => {
    const whole = counterFilm('gop.mp4', 10, ['-g', '50', '-bf', '2'])
    const cut = join(dir, 'cut.ts')
    // As a TV recording starts, or a copy cut without re-encoding: from 1 s, between keyframes.
    execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-i', whole, '-ss', '1', '-c', 'copy', '-copyinkf', cut])
    const { decoded, error } = await sample(cut, 6)
    expect(error).toBeUndefined()
    expect(decoded).toHaveLength(6)
    // Frame N of the whole film shows 1 s earlier in the cut (±1 grey level of rounding).
    for (const frame of decoded) expect(Math.abs(frameNumber(frame) - (frame.timeSeconds + 1) * 25), `frame at ${frame.timeSeconds}`).toBeLessThanOrEqual(1.01)
  }, 60_000)
})
