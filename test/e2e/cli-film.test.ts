// The real command on a generated film (test/tools/make-test-video.ts), spawned as a user runs it.
import { execFile, execFileSync } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSwatchFile } from '../../src/main/formats'
import { makeTestVideo, type TestVideo } from '../tools/make-test-video'
import { ffmpegTools } from '../tools/ffmpeg'
import { runCli, type CliRun } from '../tools/run-cli'

let dir: string
let film: TestVideo

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ps-cli-film-'))
  film = await makeTestVideo(join(dir, 'film.webm'), 'webm-vp9')
}, 60_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

const BIN = join(__dirname, '../../bin/palette-studio.mjs')

/** The command run from `cwd`, so that a film can be named bare, as a user in its folder would. */
function runCliIn(cwd: string, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr })
    })
  })
}

/** A tiny film from ffmpeg's test sources: `inputs` are ffmpeg arguments before the codecs. */
function makeFilm(path: string, inputs: string[], codecs = ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus']): string {
  execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...inputs, ...codecs, path])
  return path
}

const red = ['-f', 'lavfi', '-i', 'color=c=0xc82828:s=64x48:r=10:d=4']
const tone = ['-f', 'lavfi', '-i', 'sine=d=20']

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; frame: number; time: number; method: string; swatches: { rgb: number[]; share: number }[]; ms: number })

describe('palette-studio extract <film>', () => {
  it('--frames N --json: one line per frame with its time and that moment’s colours', async () => {
    const run = await runCli(['extract', film.path, '--frames', '6', '--json', '--no-progress', '-m', 'median-cut'])
    expect(run.code).toBe(0)
    const frames = lines(run.stdout)
    expect(frames.map((f) => f.frame)).toEqual([0, 1, 2, 3, 4, 5])
    for (const [k, f] of frames.entries()) {
      expect(Object.keys(f)).toEqual(['file', 'frame', 'time', 'method', 'swatches', 'ms'])
      expect(f).toMatchObject({ file: film.path, method: 'median-cut' })
      expect(Math.abs(f.time - (k + 0.5))).toBeLessThanOrEqual(0.041)
      for (const rgb of film.segmentAt(f.time).colours) {
        expect(f.swatches.some((s) => s.rgb.every((c, i) => Math.abs(c - rgb[i]) <= 15))).toBe(true)
      }
    }
  })

  it('--every 2s samples the middle of each 2 s (1, 3 and 5 s), as the app\'s strip does, with progress on stderr only', async () => {
    const run = await runCli(['extract', film.path, '--every', '2s', '--json', '--progress', '-m', 'kmeans'])
    expect(run.code).toBe(0)
    expect(lines(run.stdout).map((f) => [f.time, f.method])).toEqual([[1, 'kmeans'], [3, 'kmeans'], [5, 'kmeans']])
    expect(run.stderr).toMatch(/3\/3/)
  })

  it('--export writes one swatch file with a group per frame, named by time as the app’s Film view names them', async () => {
    const out = join(dir, 'strip.ase')
    const run = await runCli(['extract', film.path, '--every', '3s', '--export', out, '--no-progress'])
    expect(run.code).toBe(0)
    // The frames on show at 1.5 and 4.5 s, which start at 1.48 and 4.48 s (25 fps).
    expect(run.stdout).toMatch(/film\.webm @ 0:04\.480/)
    const file = await loadSwatchFile(out)
    expect(file.groups.map((g) => g.name)).toEqual(['film @ 00:01.480', 'film @ 00:04.480'])
  })

  it('a one-frame clip exports its one palette', async () => {
    const clip = join(dir, 'one-frame.mp4')
    const colour = ['-f', 'lavfi', '-i', 'color=c=0xc82828:s=64x48:r=25:d=0.04']
    execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...colour, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', clip])
    const out = join(dir, 'one-frame.ase')
    const run = await runCli(['extract', clip, '--frames', '10', '--export', out, '--no-progress', '-m', 'median-cut'])
    expect(run.code).toBe(0)
    const [group, ...more] = (await loadSwatchFile(out)).groups
    expect([group.name, more]).toEqual(['one-frame @ 00:00.000', []])
    expect(group.swatches.some((s) => s.rgb.every((c, i) => Math.abs(c - [200, 40, 40][i]) <= 15))).toBe(true)
  })

  it('a film no frame can be read from exits 1 and leaves an existing export untouched', async () => {
    const tools = join(dir, 'silent-ffmpeg')
    await mkdir(tools)
    await writeFile(join(tools, 'ffmpeg'), '#!/bin/sh\nexit 0\n', { mode: 0o755 })
    await symlink(ffmpegTools().ffprobe, join(tools, 'ffprobe'))
    const out = join(dir, 'keep.gpl')
    const kept = 'GIMP Palette\nName: kept\n#\n  1   2   3\tOld\n'
    await writeFile(out, kept)
    const run = await runCli(['extract', film.path, '--frames', '3', '--export', out, '--no-progress'], { PATH: tools })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`palette-studio: ${film.path}: No frames could be read from “film.webm”`)
    expect(await readFile(out, 'utf8')).toBe(kept)
  })

  it('without ffmpeg on the PATH it says how to install it and exits 1', async () => {
    const run = await runCli(['extract', film.path, '--frames', '3'], { PATH: join(dir, 'no-tools-here') })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(`palette-studio: ${film.path}: Palette Studio needs ffmpeg to read films from the command line: install it (apt install ffmpeg`)
  })

  it('a bad --every or --frames is a usage error', async () => {
    expect((await runCli(['extract', film.path, '--every', 'often'])).code).toBe(2)
    expect((await runCli(['extract', film.path, '--frames', '0'])).code).toBe(2)
    expect((await runCli(['extract', film.path, '--frames', '3', '--every', '1s'])).stderr).toMatch(/not both/)
  })

  it('spreads --frames over the video, not over a sound track that runs on after it (WebM)', async () => {
    const longAudio = makeFilm(join(dir, 'long-audio.webm'), [...red, ...tone])
    const run = await runCli(['extract', longAudio, '--frames', '10', '--json', '--no-progress', '-m', 'median-cut'])
    expect(run).toMatchObject({ code: 0, stderr: '' })
    const times = lines(run.stdout).map((f) => f.time)
    expect(times).toHaveLength(10)
    times.forEach((t, k) => expect(Math.abs(t - (k + 0.5) * 0.4)).toBeLessThanOrEqual(0.11))
  })

  it('spreads --frames over a video that starts after the sound (MKV)', async () => {
    const late = makeFilm(join(dir, 'late.mkv'), ['-itsoffset', '2', ...red, '-f', 'lavfi', '-i', 'sine=d=6'])
    const run = await runCli(['extract', late, '--frames', '4', '--json', '--no-progress', '-m', 'median-cut'])
    expect(run).toMatchObject({ code: 0, stderr: '' })
    const times = lines(run.stdout).map((f) => f.time)
    expect(times).toHaveLength(4)
    times.forEach((t, k) => expect(Math.abs(t - (2 + (k + 0.5)))).toBeLessThanOrEqual(0.11))
  })

  it.each([
    [3, 5],
    [20, 20]
  ])('a film of %i frames asked for %i gives each frame once, the first too, and says when it has fewer than asked', async (count, asked) => {
    const few = makeFilm(join(dir, `frames-${count}.webm`), ['-f', 'lavfi', '-i', `testsrc=s=64x48:r=10:d=${count / 10}`], ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8'])
    const run = await runCli(['extract', few, '--frames', String(asked), '--json', '--no-progress', '-m', 'median-cut'])
    expect(run.code).toBe(0)
    expect(lines(run.stdout).map((f) => f.time)).toEqual(Array.from({ length: count }, (_, k) => k / 10))
    expect(run.stderr).toBe(count < asked ? `palette-studio: ${few}: ${count} of ${asked} frames sampled: the film has only ${count}, and none is taken twice.\n` : '')
  })

  it('reads films whose names look like an option or an ffmpeg protocol', async () => {
    for (const name of ['-dash.mp4', 'data:x.mp4']) {
      await copyFile(join(dir, 'one-frame.mp4'), join(dir, name))
      const run = await runCliIn(dir, ['extract', '--json', '--no-progress', '-m', 'median-cut', '--', name])
      expect(run, name).toMatchObject({ code: 0, stderr: '' })
      expect(lines(run.stdout).map((f) => f.file)).toEqual([name])
    }
  })

  it('a film cut off part-way prints the frames it has, says it is cut off, and exits 1', async () => {
    const whole = await readFile(film.path)
    const cut = join(dir, 'cut.webm')
    await writeFile(cut, whole.subarray(0, whole.length / 2))
    const run = await runCli(['extract', cut, '--frames', '6', '--json', '--no-progress', '-m', 'median-cut'])
    expect(run.code).toBe(1)
    const got = lines(run.stdout).length
    expect(got).toBeGreaterThan(0)
    expect(got).toBeLessThan(6)
    expect(run.stderr).toBe(`palette-studio: ${cut}: Only ${got} of 6 frames could be read: the film may be cut off.\n`)
  })

  it('a whole film whose last sample falls a hair past its last frame is not called cut off', async () => {
    // 6 s at 25 fps: samples every 0.5999 s, the eleventh at 5.999 s, after the last frame (5.96 s).
    const run = await runCli(['extract', film.path, '--every', '0.5999s', '--json', '--no-progress', '-m', 'median-cut'])
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(lines(run.stdout)).toHaveLength(10)
  })

  it('--export into a missing folder says so plainly before decoding, without the temporary file’s name', async () => {
    const out = join(dir, 'no-such-folder', 'x.gpl')
    const run = await runCli(['extract', film.path, '--frames', '3', '--export', out, '--no-progress', '-m', 'median-cut'])
    expect(run).toEqual({ code: 1, stdout: '', stderr: `palette-studio: could not save ${out}: its folder does not exist.\n` })
  })

  it('an --export that a folder has the name of is refused in an image’s words, before decoding', async () => {
    const out = join(dir, 'taken.gpl')
    await mkdir(join(out, 'inside'), { recursive: true })
    const run = await runCli(['extract', film.path, '--frames', '2', '--export', out, '--no-progress', '-m', 'median-cut'])
    expect(run).toEqual({ code: 1, stdout: '', stderr: `palette-studio: could not save ${out}: a folder has that name.\n` })
    expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/\.tmp$/))
  })

  it('says "saved" on stdout with the results, as for images: a line in the table, the "export" field with --json', async () => {
    const out = join(dir, 'saved.gpl')
    const table = await runCli(['extract', film.path, '--frames', '2', '--export', out, '--no-progress', '-m', 'median-cut'])
    expect(table).toMatchObject({ code: 0, stderr: '' })
    expect(table.stdout).toContain(`  saved ${out} (2 frame palettes of ${film.path})\n`)
    const json = await runCli(['extract', film.path, '--frames', '2', '--export', out, '--json', '--no-progress', '-m', 'median-cut'])
    expect(json).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(json.stdout.trim().split('\n').pop()!)).toEqual({ file: film.path, frames: 2, export: out })
  })

  it('keeps a film name with a line break to one line where it says "saved"', async () => {
    const odd = join(dir, 'take\n2.webm')
    await copyFile(film.path, odd)
    const run = await runCli(['extract', odd, '--frames', '2', '--export', join(dir, 'odd.gpl'), '--no-progress', '-m', 'median-cut'])
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(run.stdout).toContain(`  saved ${join(dir, 'odd.gpl')} (2 frame palettes of ${join(dir, 'take\\n2.webm')})\n`)
  })

  it('an --every too fine for the film fails that film (exit 1) and hints at a larger --every', async () => {
    const run = await runCli(['extract', film.path, '--every', '0.001ms', '--no-progress', '-m', 'median-cut'])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/would sample 6000000 frames.*use a larger --every\.\n$/)
  })
})
