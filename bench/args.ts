// The arguments of `npm run bench` and `npm run bench:gpu`, checked before any work starts.
import { existsSync, statSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { currentCommit, parsing, positiveInteger, UsageError } from './script'

export const BENCH_USAGE = 'usage: npm run bench -- [--tiny] [--runs N] [--render <bench.json>]'

export interface BenchArgs {
  tiny: boolean
  /** Timed runs after the warm-up: 5, or 1 with --tiny. */
  runs: number
  /** Rewrite docs/benchmarks.md from this saved run instead of measuring. */
  render?: string
}

export function parseBenchArgs(args: string[]): BenchArgs {
  const { values, positionals } = parsing(() =>
    parseArgs({ args, allowPositionals: true, options: { tiny: { type: 'boolean', default: false }, runs: { type: 'string' }, render: { type: 'string' } } })
  )
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`)
  if (values.render !== undefined && !existsSync(values.render)) throw new UsageError(`no file "${values.render}" to render (a full run writes bench-results/bench.json)`)
  const tiny = values.tiny ?? false
  return { tiny, runs: values.runs === undefined ? (tiny ? 1 : 5) : positiveInteger('runs', values.runs), render: values.render }
}

export const GPU_USAGE =
  'usage: npm run bench:gpu -- <folder of images> [--frames <folder>] [--out <file.json>] [--runs N] [--gpu <name>] [--commit <sha>]\n' +
  '  <folder of images>: .jpg, .png, .webp or .tiff files, timed one by one (bench/gpu/pack.sh copies two from the corpus of `npm run bench`)\n' +
  '  --out: default bench-results/gpu.json; docs/benchmarks-gpu.json is the run that docs/benchmarks.md shows\n' +
  '  --commit: the measured commit, where there is no .git (bench/gpu/run.sh passes the one pack.sh recorded)'

export interface GpuArgs {
  images: string
  frames?: string
  out: string
  runs: number
  gpu: string
  commit: string
}

export function parseGpuArgs(args: string[]): GpuArgs {
  const { values, positionals } = parsing(() =>
    parseArgs({
      args,
      allowPositionals: true,
      options: { frames: { type: 'string' }, out: { type: 'string' }, runs: { type: 'string' }, gpu: { type: 'string' }, commit: { type: 'string' } }
    })
  )
  if (positionals.length === 0) throw new UsageError('no folder of images given')
  if (positionals.length > 1) throw new UsageError(`one folder of images, not ${positionals.length}: ${positionals.join(', ')}`)
  for (const dir of [positionals[0], values.frames]) {
    if (dir !== undefined && !(existsSync(dir) && statSync(dir).isDirectory())) throw new UsageError(`no folder "${dir}"`)
  }
  return {
    images: positionals[0],
    frames: values.frames,
    out: values.out ?? 'bench-results/gpu.json',
    runs: positiveInteger('runs', values.runs ?? '9'),
    gpu: values.gpu ?? 'unknown',
    commit: values.commit ?? currentCommit()
  }
}
