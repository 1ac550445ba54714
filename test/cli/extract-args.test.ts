import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { asksForHelp, DEFAULT_METHOD, DEFAULT_SAMPLING, parseExtractArgs, UsageError } from '../../src/cli/extract-args'
import { METHODS } from '../../src/shared/palette'

describe('extract options', () => {
  it('defaults to median cut, a table, automatic progress and no export', () => {
    expect(parseExtractArgs(['a.jpg', 'photos'])).toEqual({ inputs: ['a.jpg', 'photos'], method: DEFAULT_METHOD, methodGiven: false, json: false, progress: 'auto', cpu: false, sampling: DEFAULT_SAMPLING })
    expect(DEFAULT_METHOD).toBe('neural')
    expect(parseExtractArgs(['-m', 'neural', 'a.jpg']).methodGiven).toBe(true)
  })

  it('reads method, export format, --json and the progress switches, short forms included', () => {
    const o = parseExtractArgs(['-m', 'kmeans', '-o', 'out/Pal.GPL', '--json', '--no-progress', 'a.jpg'])
    expect(o).toMatchObject({ method: 'kmeans', export: { path: 'out/Pal.GPL', format: 'gpl' }, json: true, progress: false })
    expect(parseExtractArgs(['--progress', '--method=median-cut', 'a.jpg']).progress).toBe(true)
  })

  it('takes "-o=pal.gpl" and "-m=kmeans" as --export=pal.gpl and --method=kmeans, not a file named "=pal.gpl"', () => {
    expect(parseExtractArgs(['a.jpg', '-o=pal.gpl', '-m=kmeans'])).toMatchObject({ method: 'kmeans', export: { path: 'pal.gpl', format: 'gpl' } })
    // After "--" it is a file's name, as typed.
    expect(parseExtractArgs(['--', '-o=pal.gpl']).inputs).toEqual(['-o=pal.gpl'])
  })

  it('refuses an unknown method, listing the valid ones', () => {
    expect(() => parseExtractArgs(['--method', 'octree', 'a.jpg'])).toThrow(new UsageError(`Unknown method "octree". Choose one of: ${METHODS.join(', ')}.`))
  })

  it('refuses unknown options, export files it cannot write, and a call without images', () => {
    expect(() => parseExtractArgs(['--frob', '10', 'a.jpg'])).toThrow(/Unknown option '--frob'/)
    expect(() => parseExtractArgs(['--export', 'out.pdf', 'a.jpg'])).toThrow(/must name a file ending in \.ase, \.gpl, \.json, \.css/)
    expect(() => parseExtractArgs(['--json'])).toThrow(/at least one image/)
  })

  it('refuses a second --export rather than saving only the last one', () => {
    expect(() => parseExtractArgs(['a.png', '--export', 'two.gpl', '-o', 'two.ase'])).toThrow(
      new UsageError('Give --export once (got "two.gpl", "two.ase"): for another format, run extract again with that --export.')
    )
  })

  it('refuses a second --method, --frames, --every or --backbone, as a second --export, rather than keeping only the last', () => {
    expect(() => parseExtractArgs(['a.jpg', '--method', 'kmeans', '-m', 'median-cut'])).toThrow(new UsageError('Give --method once (got "kmeans", "median-cut").'))
    expect(() => parseExtractArgs(['f.mp4', '--frames', '10', '--frames=30'])).toThrow(new UsageError('Give --frames once (got "10", "30").'))
    expect(() => parseExtractArgs(['f.mp4', '--every', '2s', '--every', '5s'])).toThrow(new UsageError('Give --every once (got "2s", "5s").'))
    expect(() => parseExtractArgs(['a.jpg', '--backbone', 'rdn', '--backbone', 'rrdn'])).toThrow(new UsageError('Give --backbone once (got "rdn", "rrdn").'))
  })

  it('refuses an --export that names a folder ("pal.gpl/") before any image is read', () => {
    expect(() => parseExtractArgs(['--export', 'out/pal.gpl/', 'a.jpg'])).toThrow(new UsageError('--export names a file, not a folder: write it without the final "/" (got "out/pal.gpl/").'))
  })

  it('names an unknown option as typed, with the option it is a slip for', () => {
    expect(() => parseExtractArgs(['a.jpg', '-json'])).toThrow(new UsageError("Unknown option '-json'. Did you mean --json?"))
    expect(() => parseExtractArgs(['a.jpg', '--jsno'])).toThrow(new UsageError("Unknown option '--jsno'. Did you mean --json?"))
    expect(() => parseExtractArgs(['a.jpg', '--Method', 'kmeans'])).toThrow(new UsageError("Unknown option '--Method'. Did you mean --method?"))
    expect(() => parseExtractArgs(['a.jpg', '--exprot=p.gpl'])).toThrow(new UsageError("Unknown option '--exprot'. Did you mean --export?"))
    expect(() => parseExtractArgs(['a.jpg', '--no-progres'])).toThrow(new UsageError("Unknown option '--no-progres'. Did you mean --no-progress?"))
    expect(() => parseExtractArgs(['a.jpg', '-x'])).toThrow(new UsageError("Unknown option '-x'."))
  })

  it('says how to name an existing file whose name starts with "-"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'extract-args-'))
    const file = join(dir, '-beach.jpg')
    await writeFile(file, '')
    const cwd = process.cwd()
    try {
      process.chdir(dir)
      expect(() => parseExtractArgs(['-beach.jpg'])).toThrow(new UsageError("Unknown option '-beach.jpg'. To read the file -beach.jpg, write ./-beach.jpg."))
    } finally {
      process.chdir(cwd)
      await rm(dir, { recursive: true })
    }
  })

  it('takes --backbone (a name, not a path) and --cpu for the neural method only', () => {
    expect(parseExtractArgs(['--method', 'neural', '--backbone', 'rrdn', '--cpu', 'a.jpg'])).toMatchObject({ backbone: 'rrdn', cpu: true })
    expect(() => parseExtractArgs(['--backbone', '../models/x.onnx', 'a.jpg'])).toThrow(/backbone's name, such as rdn or rrdn/)
    expect(parseExtractArgs(['--cpu', 'a.jpg'])).toMatchObject({ method: 'neural', cpu: true })
    expect(() => parseExtractArgs(['--cpu', '-m', 'kmeans', 'a.jpg'])).toThrow(/apply only to --method neural/)
  })

  it('reads a film’s sampling: --frames N, or --every with s, ms or m', () => {
    expect(parseExtractArgs(['--frames', '100', 'f.mp4']).sampling).toEqual({ frames: 100 })
    expect(parseExtractArgs(['--every', '2s', 'f.mp4']).sampling).toEqual({ everySeconds: 2 })
    expect(parseExtractArgs(['--every', '500ms', 'f.mp4']).sampling).toEqual({ everySeconds: 0.5 })
    expect(parseExtractArgs(['--every', '1m', 'f.mp4']).sampling).toEqual({ everySeconds: 60 })
    expect(() => parseExtractArgs(['--frames', '2.5', 'f.mp4'])).toThrow(/whole number/)
    expect(() => parseExtractArgs(['--every', '0s', 'f.mp4'])).toThrow(/--every takes a time/)
    // 400 digits overflow to Infinity: a usage error, not "more than 0 seconds (got Infinity)" from the engine.
    expect(() => parseExtractArgs(['--every', '9'.repeat(400), 'f.mp4'])).toThrow(UsageError)
  })

  it('says what is wrong with a negative --frames or --every, not that its value was forgotten', () => {
    expect(() => parseExtractArgs(['--frames', '-1', 'f.mp4'])).toThrow(new UsageError('--frames takes a whole number from 1 to 10000 (got "-1").'))
    expect(() => parseExtractArgs(['f.mp4', '--every', '-2s'])).toThrow(new UsageError('--every takes a time such as 2s, 0.5s, 500ms or 1m (got "-2s").'))
    // After "--" every argument is a file, whatever it looks like.
    expect(parseExtractArgs(['--', '--frames', '-1']).inputs).toEqual(['--frames', '-1'])
  })

  it('says in one line what an option takes when its value is left out', () => {
    expect(() => parseExtractArgs(['--frames', '--json', 'f.mp4'])).toThrow(new UsageError('--frames needs a number (for example --frames 20).'))
    expect(() => parseExtractArgs(['-o', '--json', 'x.jpg'])).toThrow(new UsageError('--export needs a file name (for example --export palette.gpl).'))
    expect(() => parseExtractArgs(['--every', '-m', 'kmeans', 'f.mp4'])).toThrow(new UsageError('--every needs a time (for example --every 2s).'))
    expect(() => parseExtractArgs(['f.mp4', '--method'])).toThrow(new UsageError('--method needs a name (for example --method kmeans).'))
  })

  it('takes the last of --progress and --no-progress, as a later flag overrides an earlier one', () => {
    expect(parseExtractArgs(['--progress', '--no-progress', 'a.jpg']).progress).toBe(false)
    expect(parseExtractArgs(['--no-progress', 'a.jpg', '--progress']).progress).toBe(true)
  })

  it('says that an --export of only an extension needs a name before it', () => {
    expect(() => parseExtractArgs(['--export', '.gpl', 'a.jpg'])).toThrow(new UsageError('--export needs a name before ".gpl", for example --export palette.gpl (got ".gpl").'))
    expect(() => parseExtractArgs(['a.jpg', '-o', 'out/.ASE'])).toThrow(new UsageError('--export needs a name before ".ASE", for example --export out/palette.ASE (got "out/.ASE").'))
  })

  it('finds --help or -h anywhere before "--", where a value was due too, but not as a value joined to its option', () => {
    for (const argv of [['--help'], ['--method', 'foo', '--help'], ['a.jpg', '-jh'], ['-o', '-h'], ['--frob', '-h']]) expect(asksForHelp(argv), argv.join(' ')).toBe(true)
    for (const argv of [['a.jpg'], ['--', '--help'], ['--export=--help', 'a.jpg'], ['-o=-h', 'a.jpg'], ['-mh', 'a.jpg']]) expect(asksForHelp(argv), argv.join(' ')).toBe(false)
  })
})
