import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseBenchArgs, parseGpuArgs } from '../../bench/args'
import { argsOrExit, currentCommit, MissingInputError, UsageError } from '../../bench/script'

describe('npm run bench arguments', () => {
  it('defaults to 5 runs, 1 with --tiny, and takes a whole --runs', () => {
    expect(parseBenchArgs([])).toEqual({ tiny: false, runs: 5, render: undefined })
    expect(parseBenchArgs(['--tiny']).runs).toBe(1)
    expect(parseBenchArgs(['--runs', '3']).runs).toBe(3)
  })

  it.each(['0', 'abc', '2.5', '-1', ''])('refuses --runs %j, which left no timed run to report', (runs) => {
    expect(() => parseBenchArgs([`--runs=${runs}`])).toThrow(UsageError)
    expect(() => parseBenchArgs([`--runs=${runs}`])).toThrow(`--runs must be a whole number of at least 1, not "${runs}"`)
  })

  it('refuses an unknown option and a --render file that is not there', () => {
    expect(() => parseBenchArgs(['--tiney'])).toThrow(UsageError)
    expect(() => parseBenchArgs(['--render', '/no/such/bench.json'])).toThrow('no file "/no/such/bench.json" to render')
  })
})

describe('npm run bench:gpu arguments', () => {
  const images = mkdtempSync(join(tmpdir(), 'gpu-args-'))

  it('needs one existing folder of images', () => {
    expect(() => parseGpuArgs([])).toThrow('no folder of images given')
    expect(() => parseGpuArgs(['/no/such/folder'])).toThrow('no folder "/no/such/folder"')
    expect(() => parseGpuArgs([images, images])).toThrow(UsageError)
    expect(() => parseGpuArgs([images, '--frames', '/no/frames'])).toThrow('no folder "/no/frames"')
  })

  it('records the commit it is given, else the checkout\'s, and writes bench-results/gpu.json by default', () => {
    expect(parseGpuArgs([images, '--commit', 'abc123'])).toEqual({ images, frames: undefined, out: 'bench-results/gpu.json', runs: 9, gpu: 'unknown', commit: 'abc123' })
    expect(parseGpuArgs([images]).commit).toBe(currentCommit())
    expect(currentCommit()).toMatch(/^([0-9a-f]{40}(-dirty)?|unknown)$/)
  })

  it('refuses a --runs that is not a whole number of at least 1', () => {
    expect(() => parseGpuArgs([images, '--runs', '0'])).toThrow(UsageError)
  })
})

describe('a script that stops on its arguments or missing data', () => {
  const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`exit ${code}`)
  })
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
  afterEach(() => {
    exit.mockClear()
    errors.mockClear()
  })

  it('prints the mistake and the usage, no stack trace, and exits 2', () => {
    expect(() => argsOrExit(() => parseBenchArgs(['--runs', 'x']), 'usage: bench')).toThrow('exit 2')
    expect(errors.mock.calls).toEqual([['--runs must be a whole number of at least 1, not "x"\nusage: bench']])
  })

  it('prints missing input as its sentence alone', () => {
    expect(() =>
      argsOrExit(() => {
        throw new MissingInputError('No cached test crops in the cache: build the data set first (npm run data).')
      }, 'usage: eval')
    ).toThrow('exit 1')
    expect(errors.mock.calls).toEqual([['No cached test crops in the cache: build the data set first (npm run data).']])
  })
})
