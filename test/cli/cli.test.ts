// The dispatcher in-process, with the real engine and captured output streams.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { Readable } from 'node:stream'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, type CliDeps } from '../../src/cli/cli'
import { UsageError } from '../../src/cli/extract-args'
import { neuralPreparer } from '../../src/cli/prepare-neural'
import { availableMethods, EngineError, extractPalette, registerNeuralMethod } from '../../src/main/engine'
import { spacedTimes, spacingOf } from '../../src/shared/sample-spacing'
import { ffmpegTools } from '../tools/ffmpeg'

let dir: string
let red: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-'))
  red = join(dir, 'red.png')
  await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 16, b: 24 } } })
    .png()
    .toFile(red)
})
afterAll(() => {
  // rm -rf: Node's rm cannot reach below a path longer than PATH_MAX (a test below makes one).
  execFileSync('rm', ['-rf', dir])
})

/** A two-second film from ffmpeg's test source, in `dir`, with the given codec arguments. */
function tinyFilm(name: string, codec: string[]): string {
  const path = join(dir, name)
  execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=2:size=176x144:rate=25', ...codec, path])
  return path
}

const deps: CliDeps = { extract: extractPalette, availableMethods, missingMethodMessage: 'That method is not installed.', modelsDir: '/opt/models', version: '9.9.9' }

async function run(argv: string[], overrides: Partial<CliDeps> = {}) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { ...deps, ...overrides }, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, colour: false })
  return { code, stdout: out.join(''), stderr: err.join('') }
}

describe('palette-studio command line', () => {
  it('prints help for the program and for extract, and the version', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('extract <files or folders...>') })
    const help = await run(['extract', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--method <name>   neural | median-cut | kmeans (default: neural, or median-cut\n')
    expect(help.stdout).toContain('when the neural models are not installed)')
    expect(help.stdout).toContain('writes out/pal-beach.gpl and out/pal-city.gpl')
    expect(help.stdout).toContain('A swatch file already there under that name is replaced, unless it is\n                        read-only.')
    expect(help.stdout).toContain('"-" reads one image from standard input')
    expect(await run(['--version'])).toMatchObject({ code: 0, stdout: '9.9.9\n' })
  })

  it('exits 2 with a hint on no command or an unknown one', async () => {
    // Bare, the help is the error: on stderr, so a script's stdout gets no help text for results.
    expect(await run([])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('extract <files or folders...>') })
    expect(await run(['help', 'extrct'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'palette-studio: No help for "extrct": the one command is extract.\nRun "palette-studio --help" for usage.\n'
    })
    expect(await run(['extrct', 'a.jpg'])).toMatchObject({ code: 2, stderr: 'palette-studio: Unknown command "extrct".\nRun "palette-studio --help" for usage.\n' })
  })

  it('says once, not once per image, that a method is not installed', async () => {
    const r = await run(['extract', red, red, '--method', 'kmeans'], { availableMethods: () => ['median-cut'] })
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'palette-studio: kmeans: That method is not installed. Use --method median-cut.\n' })
  })

  it('names a damaged model file per image, with how to choose a method that runs without it', async () => {
    const message = "The neural model's file /opt/models/generator.onnx is damaged or incomplete, so the neural method cannot run. Reinstall Palette Studio, or restore that file from a good copy; the other methods still work."
    const extract = () => Promise.reject(new EngineError('MODEL_DAMAGED', message, { file: '/opt/models/generator.onnx' }))
    const r = await run(['extract', red], { extract, availableMethods: () => ['median-cut', 'kmeans', 'neural'] })
    expect(r).toEqual({ code: 1, stdout: '', stderr: `palette-studio: ${red}: ${message} Choose one with --method median-cut or --method kmeans.\n` })
  })

  it('says once that the model is damaged, over a folder of images, and how many it left unread', async () => {
    const folder = join(dir, 'damaged-model-run')
    const models = join(dir, 'damaged-models')
    await mkdir(folder)
    await mkdir(models)
    for (const name of ['a.png', 'b.png', 'c.png']) await copyFile(red, join(folder, name))
    // Garbled as a copy cut short or overwritten leaves it: the engine's own MODEL_DAMAGED.
    await writeFile(join(models, 'models.json'), '{bad')
    registerNeuralMethod({ modelsDir: models, device: 'cpu' })
    try {
      const r = await run(['extract', folder, '--method', 'neural'], { availableMethods })
      const damaged = `The neural model's file ${join(models, 'models.json')} is damaged or incomplete, so the neural method cannot run. Reinstall Palette Studio, or restore that file from a good copy; the other methods still work. Choose one with --method median-cut or --method kmeans.`
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr: `palette-studio: ${join(folder, 'a.png')}: ${damaged}\npalette-studio: stopped: 2 more files were not read, as each needs that model.\n`
      })
    } finally {
      registerNeuralMethod()
    }
  })

  it('says what to do when --method neural is named without its models: another method, or where the models go', async () => {
    const r = await run(['extract', red, '-m', 'neural'], { availableMethods: () => ['median-cut', 'kmeans'] })
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'palette-studio: neural: That method is not installed. Use --method median-cut or --method kmeans, or put the trained models (models.json with its .onnx files) in /opt/models, or name their folder in PALETTE_STUDIO_MODELS_DIR.\n'
    })
  })

  it('runs the neural method when no method is named, and says once that it falls back to median cut without its models', async () => {
    const methods: string[] = []
    const extract: CliDeps['extract'] = async (_file, { method }) => {
      methods.push(method)
      return { palette: { method, swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] } }
    }
    expect(await run(['extract', red, '--json'], { extract, availableMethods: () => ['neural', 'median-cut'] })).toMatchObject({ code: 0, stderr: '' })
    const fallback = await run(['extract', red, '--json'], { extract, availableMethods: () => ['median-cut', 'kmeans'] })
    expect(fallback).toMatchObject({ code: 0, stderr: 'palette-studio: neural models are not installed; using median-cut (choose with --method).\n' })
    expect(methods).toEqual(['neural', 'median-cut'])
    // Named on the command line, a missing method is an error, not a fall back.
    expect(await run(['extract', red, '--method', 'neural'], { extract, availableMethods: () => ['median-cut'] })).toMatchObject({ code: 1 })
  })

  it('prepares the method with --backbone/--cpu before the first image and releases it after the last', async () => {
    const calls: string[] = []
    const r = await run(['extract', red, '--method', 'neural', '--backbone', 'rrdn', '--cpu', '--json'], {
      prepareMethod: async (method, opts) => {
        calls.push(`prepare ${method} ${opts.backbone} ${opts.cpu}`)
        return async () => void calls.push('release')
      },
      availableMethods: () => ['neural'],
      extract: async (_file, { method }) => {
        calls.push(`extract ${method}`)
        return { palette: { method, swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] }, agentSteps: 7, provider: 'cpu' }
      }
    })
    expect(calls).toEqual(['prepare neural rrdn true', 'extract neural', 'release'])
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'neural', agentSteps: 7, provider: 'cpu' })
  })

  it('says in --json why the GPU did not run a neural palette', async () => {
    const providerFallbacks = [{ provider: 'webgpu', error: 'No WebGPU adapter was found.' }]
    const r = await run(['extract', red, '--json'], {
      availableMethods: () => ['neural'],
      extract: async (_file, { method }) => ({ palette: { method, swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] }, agentSteps: 0, provider: 'cpu', providerFallbacks })
    })
    expect(JSON.parse(r.stdout)).toMatchObject({ provider: 'cpu', providerFallbacks })
  })

  it('stops with a usage error, before any image, when the backbone is not installed', async () => {
    const extracted: string[] = []
    const r = await run(['extract', red, '--backbone', 'edsr'], {
      prepareMethod: async () => {
        throw new UsageError('Backbone "edsr" is not installed (installed: rdn, rrdn).')
      },
      extract: async (file) => {
        extracted.push(String(file))
        throw new Error('not reached')
      }
    })
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toContain('palette-studio: Backbone "edsr" is not installed (installed: rdn, rrdn).')
    expect(extracted).toEqual([])
  })

  it('says the neural models are missing (exit 1, where they go) for --backbone with none installed, as for --method neural', async () => {
    const none = neuralPreparer({ register: () => undefined, installedBackbones: () => [] })
    expect(await run(['extract', red, '--backbone', 'rrdn'], { prepareMethod: none, availableMethods: () => ['median-cut', 'kmeans'] })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'palette-studio: neural: That method is not installed. Use --method median-cut or --method kmeans, or put the trained models (models.json with its .onnx files) in /opt/models, or name their folder in PALETTE_STUDIO_MODELS_DIR.\n'
    })
    // Among installed backbones, a name that is not one of them is the call's mistake (exit 2).
    const some = neuralPreparer({ register: () => undefined, installedBackbones: () => ['rdn', 'rrdn'] })
    const typo = await run(['extract', red, '--backbone', 'rrnd'], { prepareMethod: some, availableMethods: () => ['neural', 'median-cut', 'kmeans'] })
    expect(typo).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('palette-studio: Backbone "rrnd" is not installed (installed: rdn, rrdn).\n') })
  })

  it('reports a missing file in the engine’s words, exit 1', async () => {
    const r = await run(['extract', join(dir, 'gone.jpg'), red])
    expect(r.code).toBe(1)
    const engineSays = await extractPalette(join(dir, 'gone.jpg'), { method: 'median-cut' }).catch((e: Error) => e.message)
    expect(r.stderr).toBe(`palette-studio: ${join(dir, 'gone.jpg')}: ${engineSays}\n`)
  })

  it('keeps each failure on one stderr line when the file’s name holds a newline or a terminal escape', async () => {
    const odd = join(dir, 'gone\nnext\u001b[2J.png')
    const r = await run(['extract', odd, red, '-m', 'median-cut', '--json'])
    expect(r.code).toBe(1)
    expect(r.stderr.split('\n')).toEqual([expect.stringMatching(/^palette-studio: .*gone\\nnext\\u001b\[2J\.png: .*“gone\\nnext\\u001b\[2J\.png”/), ''])
  })

  it('reports a file that is a circle of symbolic links in the engine’s words for it, and goes on', async () => {
    const loop = join(dir, 'loop.png')
    await symlink(loop, loop)
    const r = await run(['extract', loop, red, '-m', 'median-cut', '--json'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`palette-studio: ${loop}: “loop.png” could not be read. This path goes round in a circle of symbolic links. Choose the file or folder itself instead.\n`)
    expect(JSON.parse(r.stdout)).toMatchObject({ file: red })
  })

  it('refuses an export into a missing folder plainly, in one line, before reading any image', async () => {
    const extracted: string[] = []
    const extract: CliDeps['extract'] = async (file, opts) => (extracted.push(String(file)), extractPalette(file, opts))
    const target = join(dir, 'no-such-folder', 'p.gpl')
    const r = await run(['extract', red, red, '--export', target], { extract })
    expect(r).toEqual({ code: 1, stdout: '', stderr: `palette-studio: could not save ${target}: its folder does not exist.\n` })
    expect(extracted).toEqual([])
  })

  it('refuses an export file that a folder already has the name of, before reading any image', async () => {
    const extracted: string[] = []
    const extract: CliDeps['extract'] = async (file, opts) => (extracted.push(String(file)), extractPalette(file, opts))
    const taken = join(dir, 'taken.gpl')
    await mkdir(join(taken, 'inside'), { recursive: true })
    const r = await run(['extract', red, '--export', taken, '--json', '-m', 'median-cut'], { extract })
    expect(r).toEqual({ code: 1, stdout: '', stderr: `palette-studio: could not save ${taken}: a folder has that name.\n` })
    expect(extracted).toEqual([])
  })

  it('prints the palette it found when saving it fails, then says why the save failed', async () => {
    const other = join(dir, 'other.png')
    await copyFile(red, other)
    const taken = join(dir, 'both-red.gpl')
    await mkdir(taken, { recursive: true })
    const r = await run(['extract', red, other, '--export', join(dir, 'both.gpl'), '--json', '-m', 'median-cut'])
    expect(r.code).toBe(1)
    const [first, second] = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(first).toMatchObject({ file: red, method: 'median-cut' })
    expect(first).not.toHaveProperty('export')
    expect(second).toMatchObject({ file: other, export: join(dir, 'both-other.gpl') })
    expect(r.stderr).toBe(`palette-studio: ${red}: could not save ${taken}: a folder has that name.\n`)
  })

  it('saves under a long valid name, and says plainly when a name is too long for the disk', async () => {
    const long = join(dir, `${'p'.repeat(235)}.gpl`)
    expect(await run(['extract', red, '--export', long, '-m', 'median-cut'])).toMatchObject({ code: 0, stderr: '' })
    const tooLong = join(dir, `${'p'.repeat(260)}.gpl`)
    const r = await run(['extract', red, '--export', tooLong, '-m', 'median-cut'])
    expect(r).toMatchObject({ code: 1, stderr: `palette-studio: ${red}: could not save ${tooLong}: the name is too long.\n` })
  })

  it.each([
    ['clip.avi', ['-c:v', 'mpeg4']],
    ['clip.ts', ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']],
    ['clip.3gp', ['-c:v', 'h263']],
    ['clip.mpg', ['-c:v', 'mpeg1video']]
  ])('reads %s, a film the app does not play, as a film through ffmpeg', async (name, codec) => {
    const clip = tinyFilm(name, codec)
    const r = await run(['extract', clip, '--frames', '2', '--json', '-m', 'median-cut'])
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ file: clip, frame: 0 }),
      expect.objectContaining({ file: clip, frame: 1 })
    ])
  })

  it('says that --frames or --every changes nothing when every file is a still image', async () => {
    for (const option of ['--frames', '--every']) {
      const r = await run(['extract', red, option, option === '--frames' ? '10' : '2s', '--json', '-m', 'median-cut'])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('"file"')
      expect(r.stderr).toBe(`palette-studio: ${option} applies only to films and animated GIFs, and none is among these files (a folder is searched for images only: name a film itself): each image gives one palette.\n`)
    }
  })

  it('samples an animated GIF as a film with --frames or --every, found in a folder too; a still GIF, and any GIF without them, gives one palette', async () => {
    const folder = await mkdtemp(join(dir, 'gifs-'))
    const animated = join(folder, 'spin.gif')
    execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=2:size=64x48:rate=10', animated])
    const still = join(folder, 'still.gif')
    await sharp(red).gif().toFile(still)
    const lines = (r: { stdout: string }) => r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    for (const sampling of [['--frames', '2'], ['--every', '1s']]) {
      const r = await run(['extract', folder, ...sampling, '--json', '-m', 'median-cut'])
      expect(r, sampling.join(' ')).toMatchObject({ code: 0, stderr: '' })
      expect(lines(r)).toEqual([
        expect.objectContaining({ file: animated, frame: 0, time: 0.5 }),
        expect.objectContaining({ file: animated, frame: 1, time: 1.5 }),
        expect.objectContaining({ file: still, swatches: [expect.objectContaining({ hex: '#c81018' })] })
      ])
    }
    // Unasked, an animation gives its first frame, and says how many it has.
    expect(lines(await run(['extract', animated, '--json', '-m', 'median-cut']))).toEqual([expect.objectContaining({ file: animated, pages: 20 })])
    expect((await run(['extract', '--help'])).stdout).toContain('An animated GIF gives its first frame, or with --frames or --every, its frames as a film does.\n')
  })

  it('names a missing film as it names a missing image', async () => {
    const r = await run(['extract', join(dir, 'gone.png'), join(dir, 'gone.mp4'), '-m', 'median-cut'])
    expect(r.stderr).toBe(
      `palette-studio: ${join(dir, 'gone.png')}: Can't find “gone.png”. It may have been moved, renamed or deleted.\n` +
        `palette-studio: ${join(dir, 'gone.mp4')}: Can't find “gone.mp4”. It may have been moved, renamed or deleted.\n`
    )
  })

  it('refuses a film’s export file that a folder has the name of before decoding the film, and goes on', async () => {
    const clip = tinyFilm('strip.avi', ['-c:v', 'mpeg4'])
    const taken = join(dir, 'film-strip.gpl')
    await mkdir(taken)
    const r = await run(['extract', clip, red, '--export', join(dir, 'film.gpl'), '--json', '-m', 'median-cut'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`palette-studio: ${clip}: could not save ${taken}: a folder has that name.\n`)
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ file: red, export: join(dir, 'film-red.gpl') })])
  })

  it('names a film’s export as the app’s Film view names its strip: the palette "<film>-strip", a group "<film> @ 00:00.000" a frame', async () => {
    const clip = tinyFilm('dusk.avi', ['-c:v', 'mpeg4'])
    const gpl = join(dir, 'dusk.gpl')
    expect(await run(['extract', clip, '--frames', '2', '--export', gpl, '-m', 'median-cut'])).toMatchObject({ code: 0, stderr: '' })
    // GPL has no groups: each is a comment before its colours.
    const titles = (await readFile(gpl, 'utf8')).split('\n').filter((line) => /^(Name: |# \S)/.test(line))
    expect(titles).toEqual(['Name: dusk-strip', '# dusk @ 00:00.480', '# dusk @ 00:01.480'])
    // So its CSS custom properties are those of the app's CSS export of the same strip.
    const css = join(dir, 'dusk.css')
    expect(await run(['extract', clip, '--frames', '2', '--export', css, '-m', 'median-cut'])).toMatchObject({ code: 0, stderr: '' })
    expect(await readFile(css, 'utf8')).toMatch(/^ {2}--dusk-00-00-480-1: #[0-9a-f]{6};/m)
  })

  it('ends a film’s progress bar full when the film has fewer frames than --frames asked for', async () => {
    const few = join(dir, 'few.avi')
    execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=0.3:size=64x48:rate=10', '-c:v', 'mpeg4', few])
    const r = await run(['extract', few, '--frames', '5', '--progress', '--json', '-m', 'median-cut'])
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(3)
    // Off a terminal the bar is one line per frame: the last says all of the film was done.
    expect(r.stderr.split('\n').filter((line) => line.startsWith('[')).at(-1)).toBe(`[${'#'.repeat(30)}] 3/3 few.avi`)
  })

  it('saves no swatch file for an image with every pixel transparent, says why, exits 1, and saves the others', async () => {
    const clear = join(dir, 'clear.png')
    await sharp({ create: { width: 4, height: 4, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toFile(clear)
    const one = await run(['extract', clear, '--export', join(dir, 'clear.gpl'), '--json', '-m', 'kmeans'])
    expect(one.code).toBe(1)
    expect(JSON.parse(one.stdout)).not.toHaveProperty('export')
    expect(one.stderr).toBe(`palette-studio: ${clear}: clear.png has no colours to export: every pixel of it is transparent, so ${join(dir, 'clear.gpl')} was not saved.\n`)
    expect(existsSync(join(dir, 'clear.gpl'))).toBe(false)

    const several = await run(['extract', clear, red, '--export', join(dir, 'some.gpl'), '-m', 'kmeans'])
    expect(several.code).toBe(1)
    expect(several.stderr).toContain(`every pixel of it is transparent, so ${join(dir, 'some-clear.gpl')} was not saved.`)
    expect(existsSync(join(dir, 'some-clear.gpl'))).toBe(false)
    expect(several.stdout).toContain(`saved ${join(dir, 'some-red.gpl')}`)
  })

  it('shows the extract help when it is asked for, whatever else on the line is wrong', async () => {
    for (const argv of [['--method', 'foo', '--help'], ['-h', '--export', '.gpl', 'a.jpg'], ['--frob', '--help'], ['--frames', '2', '--every', '1s', '-h'], ['-o', '--help']]) {
      expect(await run(['extract', ...argv]), argv.join(' ')).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: palette-studio extract'), stderr: '' })
    }
    // After "--" it is a file's name, and "-m=-h" names a method.
    expect(await run(['extract', '--', '--help'])).toMatchObject({ code: 1, stdout: '' })
    expect(await run(['extract', 'a.jpg', '-m=-h'])).toMatchObject({ code: 2, stdout: '' })
  })

  it('says in --help that of --progress and --no-progress the last one given counts', async () => {
    expect((await run(['extract', '--help'])).stdout).toContain('of --progress and --no-progress,\n                        the last one given counts')
  })

  it('lists in --help the exit status of a run cut short by a reader that left early (| head)', async () => {
    expect((await run(['extract', '--help'])).stdout).toContain('\n141 when the output\'s reader left (| head) before the run was done: the rest is left undone.\n')
  })

  it('prints the extract help for "help extract"', async () => {
    expect(await run(['help', 'extract'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: palette-studio extract') })
  })

  it('reports an unreadable subfolder on one line and takes the palettes of the other images', async () => {
    const folder = join(dir, 'shoot')
    await mkdir(folder)
    await copyFile(red, join(folder, 'red.png'))
    // A real failure that root cannot bypass (it reads folders chmod 000 locks): a path past PATH_MAX.
    const name = 'n'.repeat(200)
    execFileSync('bash', ['-c', `cd "$1" && for i in $(seq 22); do mkdir ${name} && cd ${name} || exit 1; done && cp "$2" deep.png`, 'bash', folder, red])
    const r = await run(['extract', folder, '--json', '-m', 'median-cut'])
    expect(r.code).toBe(1)
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).file)).toEqual([join(folder, 'red.png')])
    expect(r.stderr).toMatch(/^palette-studio: \/.*\/n{200}: The folder cannot be read: its path is too long\.\n$/)
  })

  it('reads "-" from standard input, beside named files, and names its export after stdin', async () => {
    const out = await mkdtemp(join(dir, 'stdin-'))
    const stdin = Readable.from([await readFile(red)])
    const lines: string[] = []
    const io = { stdout: { write: (t: string) => lines.push(t) }, stderr: { write: () => true }, stdin, colour: false }
    expect(await runCli(['extract', '-', red, '-m', 'median-cut', '--json', '--export', join(out, 'p.gpl')], deps, io)).toBe(0)
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      { file: '-', swatches: [{ hex: '#c81018' }], export: join(out, 'p-stdin.gpl') },
      { file: red, export: join(out, 'p-red.gpl') }
    ])
    expect(await readFile(join(out, 'p-stdin.gpl'), 'utf8')).toContain('#c81018')
  })

  it('says how to pipe an image in when "-" is given and standard input is the terminal', async () => {
    const stdin = Object.assign(Readable.from([]), { isTTY: true })
    const err: string[] = []
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) }, stdin, colour: false }
    expect(await runCli(['extract', '-', '-m', 'median-cut'], deps, io)).toBe(1)
    expect(err.join('')).toBe('palette-studio: -: Nothing is piped in: "-" reads an image from standard input, as in: cat photo.jpg | palette-studio extract -\n')
  })

  it('calls what was piped in by that name when it is not an image, not "The image"', async () => {
    // An HTML error page from `curl … | palette-studio extract -`.
    const stdin = Readable.from([Buffer.from('<html>404</html>')])
    const err: string[] = []
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) }, stdin, colour: false }
    expect(await runCli(['extract', '-', '-m', 'median-cut'], deps, io)).toBe(1)
    expect(err.join('')).toMatch(/^palette-studio: -: What was piped in is not an image Palette Studio recognises\. It reads JPEG, PNG, /)
  })

  it('says that a film piped in is read from its file instead, not that it is no image', async () => {
    for (const film of [tinyFilm('piped.mp4', ['-pix_fmt', 'yuv420p']), tinyFilm('piped.webm', ['-c:v', 'libvpx-vp9'])]) {
      const err: string[] = []
      const io = { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) }, stdin: Readable.from([await readFile(film)]), colour: false }
      expect(await runCli(['extract', '-', '-m', 'median-cut'], deps, io)).toBe(1)
      expect(err.join(''), film).toBe(
        'palette-studio: -: What was piped in is a film: films are read from a file named on the command line, not from standard input. Save it to a file and name that, as in: palette-studio extract film.mp4\n'
      )
    }
  })

  it('says that a sound-only MP4 or M4A has no video track, alike named on the command line and piped in', async () => {
    const sound = (name: string, args: string[]) => {
      const path = join(dir, name)
      execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=duration=1', ...args, path])
      return path
    }
    const files = [
      sound('tone.m4a', ['-c:a', 'aac']),
      // Its index (moov) ahead of the sound, as a streamed file has it; the others keep it at the end.
      sound('streamed.m4a', ['-c:a', 'aac', '-movflags', '+faststart']),
      sound('tone.mp4', ['-c:a', 'aac']),
      // Cover art is a still picture beside the sound, not a film.
      sound('cover.m4a', ['-i', red, '-map', '0', '-map', '1', '-c:a', 'aac', '-c:v', 'png', '-disposition:v', 'attached_pic'])
    ]
    const said = 'has no video track: it holds only sound, so there is no picture to take a palette from.'
    for (const file of files) {
      expect(await run(['extract', file, '-m', 'median-cut']), file).toEqual({ code: 1, stdout: '', stderr: `palette-studio: ${file}: “${basename(file)}” ${said}\n` })
      const err: string[] = []
      const io = { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) }, stdin: Readable.from([await readFile(file)]), colour: false }
      expect(await runCli(['extract', '-', '-m', 'median-cut'], deps, io)).toBe(1)
      expect(err.join(''), file).toBe(`palette-studio: -: What was piped in ${said}\n`)
    }
  })

  it('extracts an image whose name is not valid UTF-8, named on the command line or found in a folder', async () => {
    // A Latin-1 "café" (é is the one byte 0xe9): Node hands argv and folder listings over with U+FFFD for it.
    const folder = join(dir, 'latin1')
    await mkdir(folder)
    const latin1 = Buffer.from(join(folder, 'caf\xe9.png'), 'latin1')
    await writeFile(latin1, await readFile(red))
    const lossy = latin1.toString('utf8')
    for (const input of [lossy, folder]) {
      const r = await run(['extract', input, '--json', '-m', 'median-cut'])
      expect(r).toMatchObject({ code: 0, stderr: '' })
      expect(JSON.parse(r.stdout)).toMatchObject({ file: lossy, swatches: [{ hex: '#c81018' }] })
    }
    // A folder so named is listed too, and its images opened.
    const latin1Folder = Buffer.from(join(dir, 'photos \xe9t\xe9'), 'latin1')
    await mkdir(latin1Folder)
    await writeFile(Buffer.concat([latin1Folder, Buffer.from('/red.png')]), await readFile(red))
    const r = await run(['extract', latin1Folder.toString('utf8'), '--json', '-m', 'median-cut'])
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(r.stdout)).toMatchObject({ file: join(latin1Folder.toString('utf8'), 'red.png'), swatches: [{ hex: '#c81018' }] })
  })

  it('keeps a file name or argument with control characters to one escaped line in usage errors', async () => {
    const odd = '\x1b[2J\nx'
    for (const argv of [['help', odd], [odd], ['extract', `-${odd}.jpg`], ['extract', '-m', odd, 'a.jpg'], ['extract', red, '--export', join(dir, `gone${odd}`, 'p.gpl')]]) {
      const r = await run(argv)
      expect(r.stderr).toContain('\\u001b[2J\\nx')
      expect(r.stderr).not.toMatch(/(?!\n)\p{Cc}/u)
    }
  })

  it('stops at once when the run is stopped while "-" waits on a pipe that stays silent', async () => {
    const stop = new AbortController()
    const stdin = new Readable({ read: () => stop.abort(new Error('stopped by SIGTERM')) })
    const err: string[] = []
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) }, stdin, colour: false, signal: stop.signal }
    expect(await runCli(['extract', '-', '-m', 'median-cut'], deps, io)).toBe(0)
    expect(err).toEqual([])
  })

  it('with several images, goes ahead though a folder has the --export name itself (the files go beside it)', async () => {
    const out = await mkdtemp(join(dir, 'beside-'))
    await mkdir(join(out, 'p.gpl'))
    const other = join(out, 'other.png')
    await copyFile(red, other)
    const r = await run(['extract', red, other, '--export', join(out, 'p.gpl'), '-m', 'median-cut'])
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(existsSync(join(out, 'p-red.gpl')) && existsSync(join(out, 'p-other.gpl'))).toBe(true)
  })

  it('reports an --every too fine for one film as that film’s failure, and goes on with the next file', async () => {
    const clip = tinyFilm('fine.avi', ['-c:v', 'mpeg4'])
    const r = await run(['extract', clip, red, '--every', '0.001ms', '--json', '-m', 'median-cut'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`palette-studio: ${clip}: that --every would sample 2000000 frames, and at most 10000 are taken from one film: use a larger --every.\n`)
    expect(JSON.parse(r.stdout)).toMatchObject({ file: red })
  })

  it('says in --help that a film shorter than --every gives one frame, from its middle, as the sampling does', async () => {
    expect(spacedTimes(spacingOf(0.5, { everySeconds: 2 }))).toEqual([0.25])
    expect((await run(['extract', '--help'])).stdout).toContain('a film shorter than <time>\n                        gives one frame, from its middle')
  })

  it('prints the palette table on success', async () => {
    const r = await run(['extract', red, '--method', 'median-cut'])
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(r.stdout).toMatch(new RegExp(`^${red.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  median-cut  \\d+ ms\n  1  #c81018  100\\.0%\n$`))
  })
})
