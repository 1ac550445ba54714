// `npm run bench`: speed and memory of our engine beside the peers, in the same run, on a fixed
// corpus. `--tiny` runs every measurement once on generated images (CI keeps it working with it).
// Benchmarks assert nothing about speed: they print a table, write JSON and docs/benchmarks.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { availableMethods, extractPalette, type ExtractResult } from '../src/main/engine'
import { defaultConcurrency } from '../src/main/engine'
import { decodeThreads } from '../src/main/engine/decode'
import type { Method } from '../src/shared/palette'
import { BENCH_USAGE, parseBenchArgs } from './args'
import { buildCorpus, type Corpus, type CorpusImage } from './corpus'
import { peers, type PeerName } from './peers'
import { bundleProbe, runProbe, type ProbeResult } from './processes'
import { renderMarkdown } from './report'
import { argsOrExit, currentCommit, runScript } from './script'
import { medianStages, ms, timeInTurns } from './stats'
import { checkTargets, verdict, type TargetCheck } from './targets'

export interface MethodTiming {
  totalMs: number
  /** Process CPU time while it ran (see timeInTurns). */
  cpuMs: number
  stages: Record<string, number>
  provider?: string
  agentSteps?: number
}

export interface ImageRow {
  image: string
  megapixels: number
  ours: Partial<Record<Method, MethodTiming>>
  peers: Record<PeerName, number>
  peersCpu: Record<PeerName, number>
}

export interface BenchResult {
  date: string
  commit: string
  /** Uncommitted changes in the working tree when it ran. */
  dirty: boolean
  machine: {
    cores: number
    cpu: string
    node: string
    platform: string
    /** 1-minute load average before and after: a shared machine's load slows everything. */
    loadBefore: number
    loadAfter: number
    /** libvips threads per image (ours and the floor's), and libuv's pool that runs the decodes. */
    sharpConcurrency: number
    uvThreadpool: number
  }
  tiny: boolean
  runs: number
  rows: ImageRow[]
  throughput: { method: Method; frames: number; concurrency: number; palettesPerSecond: number }[]
  process: (ProbeResult & { method: Method; probeRuns: number })[]
  targets: TargetCheck[]
}

// --render <bench.json>: rewrite docs/benchmarks.md from a saved full run (after a GPU run, say).
const { tiny, runs, render } = argsOrExit(() => parseBenchArgs(process.argv.slice(2)), BENCH_USAGE)
const work = join(process.cwd(), 'bench', '.work')

/** Ours and the peers in turns on one image, so that they share whatever load the machine has. */
async function imageRow(img: CorpusImage, methods: Method[]): Promise<ImageRow> {
  const results = new Map<Method, ExtractResult[]>(methods.map((m) => [m, []]))
  const contenders: Record<string, () => Promise<unknown>> = {}
  for (const method of methods) contenders[`ours:${method}`] = async () => results.get(method)!.push(await extractPalette(img.path, { method }))
  for (const [name, peer] of Object.entries(peers)) contenders[`peer:${name}`] = () => peer(img.path)
  const { wall, cpu } = await timeInTurns(runs, contenders)
  const row: ImageRow = {
    image: img.name,
    megapixels: (img.width * img.height) / 1e6,
    ours: {},
    peers: {} as ImageRow['peers'],
    peersCpu: {} as ImageRow['peersCpu']
  }
  for (const method of methods) {
    const timed = results.get(method)!.slice(1) // without the warm-up
    const last = timed[timed.length - 1]
    row.ours[method] = {
      totalMs: wall[`ours:${method}`],
      cpuMs: cpu[`ours:${method}`],
      stages: medianStages(timed.map((r) => r.timings)),
      provider: last.provider,
      agentSteps: last.agentSteps
    }
  }
  for (const name of Object.keys(peers) as PeerName[]) {
    row.peers[name] = wall[`peer:${name}`]
    row.peersCpu[name] = cpu[`peer:${name}`]
  }
  return row
}

/** Palettes per second over the frames folder, with the concurrency the engine picks for a folder. */
async function throughput(corpus: Corpus, method: Method): Promise<BenchResult['throughput'][number]> {
  const files = readdirSync(corpus.frames).map((f) => join(corpus.frames, f))
  const concurrency = defaultConcurrency()
  await extractPalette(files[0], { method }) // warm-up
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < files.length) await extractPalette(files[next++], { method })
    })
  )
  const seconds = (performance.now() - t0) / 1000
  return { method, frames: files.length, concurrency, palettesPerSecond: files.length / seconds }
}

/** Cold start and peak memory: median and maximum over a few fresh processes. */
async function processFigures(probe: string, method: Method, corpus: Corpus, probeRuns: number): Promise<BenchResult['process'][number]> {
  const probeFrames = join(work, tiny ? 'probe-frames-tiny' : 'probe-frames')
  mkdirSync(probeFrames, { recursive: true })
  // A folder of 50 frames (4 in the tiny run), linked rather than copied.
  const frames = readdirSync(corpus.frames).slice(0, tiny ? 4 : 50)
  for (const f of frames) if (!existsSync(join(probeFrames, f))) symlinkSync(join(corpus.frames, f), join(probeFrames, f))
  const all: ProbeResult[] = []
  for (let i = 0; i < probeRuns; i++) all.push(await runProbe(probe, method, corpus.images.map((im) => im.path), probeFrames, frames.length))
  const mid = (pick: (p: ProbeResult) => number): number => all.map(pick).sort((a, b) => a - b)[all.length >> 1]
  return {
    method,
    probeRuns,
    coldStartMs: mid((p) => p.coldStartMs),
    coldStartCpuMs: mid((p) => p.coldStartCpuMs),
    firstPaletteMs: mid((p) => p.firstPaletteMs),
    peakRssMB: Math.max(...all.map((p) => p.peakRssMB)),
    palettes: all[0].palettes
  }
}

function printTable(result: BenchResult): void {
  const ref: Method = result.rows[0]?.ours.neural ? 'neural' : 'median-cut'
  console.log(`\nPer image, median of ${result.runs} runs after a warm-up: wall ms [process CPU ms]; ratio = peer / ours (${ref})`)
  for (const row of result.rows) {
    const ours = row.ours[ref]!.totalMs
    const oursCpu = row.ours[ref]!.cpuMs
    const cells = Object.entries(row.ours).map(([m, v]) => `${m} ${ms(v.totalMs)} [cpu ${ms(v.cpuMs)}]`)
    const peerCells = Object.entries(row.peers).map(
      ([p, v]) => `${p} ${ms(v)} (${(v / ours).toFixed(2)}×) [cpu ${ms(row.peersCpu[p as PeerName])} (${(row.peersCpu[p as PeerName] / oursCpu).toFixed(2)}×)]`
    )
    console.log(`${row.image.padEnd(16)} ${row.megapixels.toFixed(1).padStart(5)} MP | ${cells.join(' | ')} | ${peerCells.join(' | ')}`)
    for (const [m, v] of Object.entries(row.ours)) {
      console.log(`${''.padEnd(26)}${m} stages: ${Object.entries(v.stages).map(([s, t]) => `${s} ${ms(t)}`).join(', ')}`)
    }
  }
  for (const t of result.throughput) console.log(`Throughput ${t.method}: ${t.palettesPerSecond.toFixed(1)} palettes/s over ${t.frames} frames, concurrency ${t.concurrency}`)
  for (const p of result.process) {
    console.log(`Engine process ${p.method}: cold start ${ms(p.coldStartMs)} ms [cpu ${ms(p.coldStartCpuMs)}] (first palette itself ${ms(p.firstPaletteMs)} ms), peak RSS ${p.peakRssMB.toFixed(0)} MB over ${p.palettes} palettes`)
  }
  console.log(`Load average (1 min) ${result.machine.loadBefore.toFixed(1)} before, ${result.machine.loadAfter.toFixed(1)} after, on ${result.machine.cores} cores`)
  for (const t of result.targets) console.log(`Target ${verdict(t.met).padEnd(7)} ${t.target}: ${t.measured}`)
}

async function main(): Promise<void> {
  if (render) {
    writeFileSync(join(process.cwd(), 'docs', 'benchmarks.md'), renderMarkdown(JSON.parse(readFileSync(render, 'utf8')) as BenchResult))
    return
  }
  const loadBefore = loadavg()[0]
  console.error(`Building the ${tiny ? 'tiny' : 'full'} corpus…`)
  const corpus = await buildCorpus(work, tiny)
  const methods = (['neural', 'median-cut', 'kmeans'] as Method[]).filter((m) => availableMethods().includes(m))
  console.error(`Timing ${methods.join(', ')} and the peers on ${corpus.images.length} images…`)
  const rows: ImageRow[] = []
  for (const img of corpus.images) {
    rows.push(await imageRow(img, methods))
    console.error(`  ${img.name} done`)
  }
  const through = []
  for (const m of methods.filter((m) => m !== 'kmeans')) through.push(await throughput(corpus, m))
  const probe = await bundleProbe(join(work, 'probe'))
  const proc = []
  for (const m of methods.filter((m) => m !== 'kmeans')) proc.push(await processFigures(probe, m, corpus, tiny ? 1 : 3))

  // 'unknown' outside a git checkout (a copy of the tree), rather than a crash after the whole run.
  const measured = currentCommit()
  const partial: Omit<BenchResult, 'targets'> = {
    date: new Date().toISOString(),
    commit: measured.replace(/-dirty$/, '').slice(0, 12),
    dirty: measured.endsWith('-dirty'),
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadBefore,
      loadAfter: loadavg()[0],
      sharpConcurrency: decodeThreads(),
      uvThreadpool: Number(process.env.UV_THREADPOOL_SIZE ?? 4)
    },
    tiny,
    runs,
    rows,
    throughput: through,
    process: proc
  }
  const result: BenchResult = { ...partial, targets: checkTargets(partial) }
  printTable(result)
  const outDir = join(process.cwd(), 'bench-results')
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, tiny ? 'bench-tiny.json' : 'bench.json'), JSON.stringify(result, null, 2))
  if (!tiny) writeFileSync(join(process.cwd(), 'docs', 'benchmarks.md'), renderMarkdown(result))
}

runScript(main, BENCH_USAGE)
