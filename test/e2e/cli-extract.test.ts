// The real command, spawned as a user runs it (bin/palette-studio.mjs through tsx), on images made
// here with known colours; the swatch files it writes are read back with our own readers.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allColours, loadSwatchFile, rgbToHex } from '../../src/main/formats'
import type { Rgb } from '../../src/shared/palette'
import { runCli, type CliRun } from '../tools/run-cli'

const QUAD: Rgb[] = [
  [200, 56, 48],
  [56, 144, 80],
  [48, 80, 160],
  [216, 200, 56]
]
const DUO: Rgb[] = [
  [240, 232, 224],
  [24, 32, 40]
]

const cli = (...args: string[]): Promise<CliRun> => runCli(args)

/** Vertical stripes of equal width, one per colour. */
async function stripes(path: string, colours: Rgb[], width = 64, height = 48): Promise<void> {
  const stripe = width / colours.length
  const data = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(colours[Math.floor(x / stripe)], (y * width + x) * 3)
  }
  await sharp(data, { raw: { width, height, channels: 3 } }).png().toFile(path)
}

const sortedHex = (colours: readonly Rgb[]) => colours.map(rgbToHex).sort()

let dir: string
let images: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-e2e-'))
  images = join(dir, 'shoot')
  await mkdir(join(images, 'more'), { recursive: true })
  await stripes(join(images, 'quad.png'), QUAD)
  await stripes(join(images, 'more', 'duo.png'), DUO)
  await writeFile(join(images, 'corrupt.jpg'), Buffer.from('not really a jpeg at all'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('palette-studio extract', () => {
  it('walks a folder, prints one JSON line per image, saves one ASE per image, and reports the broken file on one line', async () => {
    const out = join(dir, 'out')
    await mkdir(out)
    const run = await cli('extract', images, '--json', '--export', join(out, 'pal.ase'), '--method', 'median-cut')
    expect(run.code).toBe(1)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(/^palette-studio: .*corrupt\.jpg: /)

    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.map((l) => l.file)).toEqual([join(images, 'more', 'duo.png'), join(images, 'quad.png')])
    const [duo, quad] = lines
    expect(quad.method).toBe('median-cut')
    expect(quad.swatches.map((s: { hex: string }) => s.hex).sort()).toEqual(sortedHex(QUAD))
    expect(quad.swatches.map((s: { share: number }) => s.share)).toEqual([0.25, 0.25, 0.25, 0.25])
    expect(duo.swatches.map((s: { hex: string }) => s.hex).sort()).toEqual(sortedHex(DUO))
    expect(typeof quad.ms).toBe('number')

    expect((await readdir(out)).sort()).toEqual(['pal-duo.ase', 'pal-quad.ase'])
    for (const line of lines) {
      const file = await loadSwatchFile(line.export)
      expect(allColours(file).map((c) => rgbToHex(c.rgb))).toEqual(line.swatches.map((s: { hex: string }) => s.hex))
    }
  })

  it.each(['gpl', 'json'])('saves a single image to exactly the .%s named, readable back to the same colours', async (ext) => {
    const target = join(dir, `quad.${ext}`)
    const run = await cli('extract', join(images, 'quad.png'), '--export', target, '-m', 'median-cut')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`saved ${target}`)
    const file = await loadSwatchFile(target)
    expect(sortedHex(allColours(file).map((c) => c.rgb))).toEqual(sortedHex(QUAD))
  })

  it('saves CSS custom properties named after the image', async () => {
    const target = join(dir, 'duo.css')
    expect((await cli('extract', join(images, 'more', 'duo.png'), '-o', target, '-m', 'median-cut')).code).toBe(0)
    const css = await readFile(target, 'utf8')
    expect([...css.matchAll(/--duo-png-median-cut-\d: (#[0-9a-f]{6});/g)].map((m) => m[1]).sort()).toEqual(sortedHex(DUO))
  })

  it('prints a table for people, and k-means finds the same flat colours', async () => {
    const run = await cli('extract', join(images, 'quad.png'), '--method', 'kmeans')
    expect(run.code).toBe(0)
    expect(run.stdout.split('\n')[0]).toMatch(/quad\.png {2}kmeans {2}\d+ ms$/)
    const hexes = [...run.stdout.matchAll(/^ {2}\d {2}(#[0-9a-f]{6}) +25\.0%$/gm)].map((m) => m[1])
    expect(hexes.sort()).toEqual(sortedHex(QUAD))
  })

  it('exits 2 with the list of methods on an unknown method, before touching any file', async () => {
    const run = await cli('extract', 'nowhere.jpg', '--method', 'octree')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Unknown method "octree". Choose one of: neural, median-cut, kmeans.')
  })

  it('runs the neural method when its models are installed, and otherwise says so once', async () => {
    const run = await cli('extract', join(images, 'quad.png'), join(images, 'more', 'duo.png'), '--method', 'neural', '--cpu', '--json')
    if (existsSync(join(__dirname, '../../resources/models/models.json'))) {
      expect(run.code).toBe(0)
      for (const line of run.stdout.trim().split('\n')) expect(JSON.parse(line)).toMatchObject({ method: 'neural', swatches: expect.any(Array), provider: 'cpu' })
    } else {
      expect(run.code).toBe(1)
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^palette-studio: neural: .*not installed/)])
    }
  })

  it('runs the RRDN backbone with --backbone rrdn, and exits 2 naming the installed ones for a backbone that is not', async () => {
    const rrdn = await cli('extract', join(images, 'quad.png'), '--backbone', 'rrdn', '--cpu', '--json')
    expect(rrdn).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(rrdn.stdout)).toMatchObject({ method: 'neural', provider: 'cpu' })
    const unknown = await cli('extract', join(images, 'quad.png'), '--backbone', 'edsr', '--json')
    expect(unknown).toMatchObject({ code: 2, stdout: '' })
    expect(unknown.stderr).toContain('palette-studio: Backbone "edsr" is not installed (installed: rdn, rrdn).')
  })

  it('takes the neural method by default, and median cut with one note when its models are not installed', async () => {
    const files = [join(images, 'quad.png'), join(images, 'more', 'duo.png')]
    const missing = await runCli(['extract', ...files, '--json'], { PALETTE_STUDIO_MODELS_DIR: join(dir, 'no-models-here') })
    expect(missing.code).toBe(0)
    expect(missing.stderr).toBe('palette-studio: neural models are not installed; using median-cut (choose with --method).\n')
    expect(missing.stdout.trim().split('\n').map((l) => JSON.parse(l).method)).toEqual(['median-cut', 'median-cut'])
    if (!existsSync(join(__dirname, '../../resources/models/models.json'))) return
    const installed = await cli('extract', files[0], '--json', '--cpu')
    expect(installed.stderr).toBe('')
    expect(JSON.parse(installed.stdout)).toMatchObject({ method: 'neural', provider: 'cpu' })
  })

  it('shows a progress bar on stderr when asked, one line per image when stderr is not a terminal', async () => {
    const run = await cli('extract', images, '--json', '--progress')
    expect(run.stderr.split('\n').filter((l) => /^\[[#-]+\] \d\/3 /.test(l))).toHaveLength(3)
  })

  it('reads files named relative to where "npm run extract" is typed, not to the project folder', async () => {
    const root = join(__dirname, '../..')
    const run = spawnSync('npm', ['--prefix', root, 'run', '--silent', 'extract', '--', join('more', 'duo.png'), '-m', 'median-cut', '--json'], { cwd: images, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ file: join('more', 'duo.png'), method: 'median-cut' })
  })

  it('reads an image piped in on standard input when named "-"', async () => {
    const bin = join(__dirname, '../../bin/palette-studio.mjs')
    const input = await readFile(join(images, 'quad.png'))
    const run = spawnSync(process.execPath, [bin, 'extract', '-', '-m', 'median-cut', '--json'], { input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    expect(run).toMatchObject({ status: 0, stderr: '' })
    const line = JSON.parse(run.stdout)
    expect(line.file).toBe('-')
    expect(line.swatches.map((s: { hex: string }) => s.hex).sort()).toEqual(sortedHex(QUAD))
  })
})
