// The real command stopped from outside: by a signal mid-film, by a reader that closes its
// output early (`| head`), and by output it cannot write (a full disk, /dev/full).
import { execFileSync, spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ffmpegTools } from '../tools/ffmpeg'

const BIN = join(__dirname, '../../bin/palette-studio.mjs')

let dir: string
let film: string
let red: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ps-cli-signals-'))
  film = join(dir, 'film.mp4')
  execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0xc82828:s=64x48:r=10:d=2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', film])
  red = join(dir, 'red.png')
  await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 16, b: 24 } } }).png().toFile(red)
  await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 24, g: 16, b: 200 } } }).png().toFile(join(dir, 'blue.png'))
}, 30_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Starts the command; `exited` gives its exit code, or 128 + n when a signal n killed it unhandled. */
function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  return { child, exited }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return !/^State:\s+Z/m.test(execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' }))
  } catch {
    return false
  }
}

async function waitFor(condition: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe.each([
  ['SIGTERM', 143],
  ['SIGHUP', 129],
  ['SIGINT', 130]
] as const)('%s while a film decodes', (signal, code) => {
  it(`stops ffmpeg with the command and exits ${code}`, async () => {
    // An ffmpeg that says its process id and then decodes "forever" without writing a frame.
    const tools = join(dir, `busy-ffmpeg-${signal}`)
    const pidFile = join(tools, 'pid')
    await mkdir(tools)
    const sleep = execFileSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).trim() // PATH holds only the tools
    await writeFile(join(tools, 'ffmpeg'), `#!/bin/sh\necho $$ > "${pidFile}"\nexec ${sleep} 600\n`, { mode: 0o755 })
    await symlink(ffmpegTools().ffprobe, join(tools, 'ffprobe'))
    const { child, exited } = start(['extract', film, '--frames', '3', '-m', 'median-cut', '--no-progress'], { PATH: tools })
    let ffmpeg: number | undefined
    try {
      await waitFor(() => existsSync(pidFile) && /^\d+\n$/.test(execFileSync('cat', [pidFile], { encoding: 'utf8' })))
      ffmpeg = Number(await readFile(pidFile, 'utf8'))
      child.kill(signal)
      expect(await exited).toEqual({ code, signal: null })
      expect(alive(ffmpeg)).toBe(false)
    } finally {
      if (ffmpeg !== undefined && alive(ffmpeg)) process.kill(ffmpeg, 'SIGKILL')
    }
  })
})

describe('stdout closed early (| head)', () => {
  it('stops at the result it could not write, quietly, with no file after it read or saved, and exits 141', async () => {
    const out = await mkdtemp(join(dir, 'head-'))
    const child = spawn(process.execPath, [BIN, 'extract', red, '-', join(dir, 'blue.png'), '--export', join(out, 'p.gpl'), '--json', '-m', 'median-cut', '--no-progress'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe']
    })
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    // `| head -1`: the reader takes the first line and goes. Only then is "-" given its image, so
    // that its result is written after the reader has gone, with one more file still to do.
    let first = ''
    child.stdout.on('data', (chunk: Buffer) => {
      first += chunk.toString()
      if (first.includes('\n')) child.stdout.destroy()
    })
    child.stdout.once('close', () => child.stdin.end(readFileSync(red)))
    expect(await exited).toEqual({ code: 141, signal: null })
    expect(JSON.parse(first.split('\n')[0])).toMatchObject({ file: red })
    expect(stderr).toBe('')
    expect((await readdir(out)).sort()).toEqual(['p-red.gpl', 'p-stdin.gpl'])
  })

  it('exits 141 rather than 1 when a file had failed before: the run was cut short either way', async () => {
    // The film's frames are written after the reader has gone: the write that fails comes mid-run.
    const { child, exited } = start(['extract', join(dir, 'gone.jpg'), film, '--frames', '20', '--json', '-m', 'median-cut', '--no-progress'])
    child.stdout.destroy()
    expect(await exited).toEqual({ code: 141, signal: null })
  })

  it('keeps the run’s own exit code when the reader left before its last result, with all its work done', async () => {
    const out = await mkdtemp(join(dir, 'last-'))
    const { child, exited } = start(['extract', red, '--export', join(out, 'p.gpl'), '--json', '-m', 'median-cut', '--no-progress'])
    child.stdout.destroy()
    expect(await exited).toEqual({ code: 0, signal: null })
    expect(await readdir(out)).toEqual(['p.gpl'])
  })
})

describe('stdout that cannot be written (> results.jsonl on a full disk)', () => {
  it('says the disk is full in one line, without a stack trace, and exits 1', async () => {
    const full = openSync('/dev/full', 'w')
    try {
      const child = spawn(process.execPath, [BIN, 'extract', red, '--json', '-m', 'median-cut'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', full, 'pipe'] })
      let stderr = ''
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const code = await new Promise((resolve) => child.on('close', resolve))
      expect({ code, stderr }).toEqual({ code: 1, stderr: 'palette-studio: could not write the results: the disk is full.\n' })
    } finally {
      closeSync(full)
    }
  })
})

describe('stderr that cannot be written (2> log.txt on a full disk)', () => {
  it('goes on without its messages: the palettes on stdout, exit 1 for the missing file', async () => {
    const full = openSync('/dev/full', 'w')
    try {
      const child = spawn(process.execPath, [BIN, 'extract', join(dir, 'gone.jpg'), red, '--json', '-m', 'median-cut'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', full] })
      let stdout = ''
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      const code = await new Promise((resolve) => child.on('close', resolve))
      expect({ code, files: stdout.trim().split('\n').map((l) => JSON.parse(l).file) }).toEqual({ code: 1, files: [red] })
    } finally {
      closeSync(full)
    }
  })
})

describe('stderr closed early (2> >(head -1))', () => {
  it('goes on without its messages: every frame on stdout, exit 0', async () => {
    const args = ['extract', film, '--frames', '20', '--json', '-m', 'median-cut', '--progress']
    const frames = async (closeStderr: boolean) => {
      const { child, exited } = start(args)
      // The bar writes a line per frame to stderr: the writes after the first line find the reader gone.
      if (closeStderr) child.stderr.once('data', () => child.stderr.destroy())
      let stdout = ''
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      return { exit: await exited, frames: stdout.trim().split('\n').map((l) => JSON.parse(l).frame) }
    }
    const whole = await frames(false)
    expect(whole.frames.length).toBeGreaterThan(10)
    expect(await frames(true)).toEqual({ exit: { code: 0, signal: null }, frames: whole.frames })
  })
})
