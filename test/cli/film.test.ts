// The real command on a generated film (test/tools/make-test-video.ts), spawned as a user runs it.
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSwatchFile } from '../../src/main/formats'
import { makeTestVideo, type TestVideo } from '../tools/make-test-video'
import { runCli } from '../tools/run-cli'

let dir: string
let film: TestVideo

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ps-cli-film-'))
  film = await makeTestVideo(join(dir, 'film.webm'), 'webm-vp9')
}, 60_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

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

  it('--every 2s samples at 0, 2 and 4 seconds, with progress on stderr only', async () => {
    const run = await runCli(['extract', film.path, '--every', '2s', '--json', '--progress', '-m', 'kmeans'])
    expect(run.code).toBe(0)
    expect(lines(run.stdout).map((f) => [f.time, f.method])).toEqual([[0, 'kmeans'], [2, 'kmeans'], [4, 'kmeans']])
    expect(run.stderr).toMatch(/3\/3/)
  })

  it('--export writes one swatch file with a group per frame, named by time', async () => {
    const out = join(dir, 'strip.ase')
    const run = await runCli(['extract', film.path, '--every', '3s', '--export', out, '--no-progress'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/film\.webm @ 0:03\.000/)
    const file = await loadSwatchFile(out)
    expect(file.groups.map((g) => g.name)).toEqual(['film.webm @ 0:00.000', 'film.webm @ 0:03.000'])
  })

  it('a one-frame clip exports its one palette', async () => {
    const clip = join(dir, 'one-frame.mp4')
    const colour = ['-f', 'lavfi', '-i', 'color=c=0xc82828:s=64x48:r=25:d=0.04']
    execFileSync('/usr/bin/ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...colour, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', clip])
    const out = join(dir, 'one-frame.ase')
    const run = await runCli(['extract', clip, '--frames', '10', '--export', out, '--no-progress', '-m', 'median-cut'])
    expect(run.code).toBe(0)
    const [group, ...more] = (await loadSwatchFile(out)).groups
    expect([group.name, more]).toEqual(['one-frame.mp4 @ 0:00.000', []])
    expect(group.swatches.some((s) => s.rgb.every((c, i) => Math.abs(c - [200, 40, 40][i]) <= 15))).toBe(true)
  })

  it('a film no frame can be read from exits 1 and leaves an existing export untouched', async () => {
    const tools = join(dir, 'silent-ffmpeg')
    await mkdir(tools)
    await writeFile(join(tools, 'ffmpeg'), '#!/bin/sh\nexit 0\n', { mode: 0o755 })
    await symlink('/usr/bin/ffprobe', join(tools, 'ffprobe'))
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
})
