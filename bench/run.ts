// `npm run bench`: speed and memory of our engine beside the peers, in the same run, on a fixed
// corpus. `--tiny` runs every measurement once on generated images (CI keeps it working with it).
// Benchmarks assert nothing about speed: they print a table, write JSON and docs/benchmarks.md.
import { cpus, availableParallelism } from 'node:os'
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { execSync } from 'node:child_process'
import { availableMethods, extractPalette } from '../src/main/engine'
import type { Method } from '../src/shared/palette'
import { buildCorpus, type Corpus } from './corpus'
import { peers, type PeerName } from './peers'
import { bundleProbe, runProbe, type ProbeResult } from './processes'
import { medianStages, ms, timeRuns } from './stats'
import { renderMarkdown } from './report'

export interface ImageRow {
  image: string
  megapixels: number
  ours: Partial<Record<Method, { totalMs: number; stages: Record<string, number>; provider?: string; agentSteps?: number }>>
  peers: Record<PeerName, number>
}

export interface BenchResult {
  date: string
  commit: string
  machine: { cores: number; cpu: string; node: string; platform: string }
  tiny: boolean
  runs: number
  rows: ImageRow[]
  throughput: { method: Method; frames: number; concurrency: number; palettesPerSecond: number }[]
  process: (ProbeResult & { method: Method })[]
}

const { values } = parseArgs({ options: { tiny: { type: 'boolean', default: false }, runs: { type: 'string' } } })
const tiny = values.tiny ?? false
const runs = Number(values.runs ?? (tiny ? 1 : 5))
const work = join(process.cwd(), 'bench', '.work')

async function timeOurs(path: string, method: Method): Promise<ImageRow['ours'][Method]> {
  const results: Awaited<ReturnType<typeof extractPalette>>[] = []
  const totalMs = await timeRuns(runs, async () => results.push(await extractPalette(path, { method })))
  const last = results[results.length - 1]
  return { totalMs, stages: medianStages(results.slice(1).map((r) => r.timings)), provider: last.provider, agentSteps: last.agentSteps }
}

async function imageRows(corpus: Corpus, methods: Method[]): Promise<ImageRow[]> {
  const rows: ImageRow[] = []
  for (const img of corpus.images) {
    const row: ImageRow = { image: img.name, megapixels: (img.width * img.height) / 1e6, ours: {}, peers: {} as ImageRow['peers'] }
    for (const method of methods) row.ours[method] = await timeOurs(img.path, method)
    for (const [name, peer] of Object.entries(peers) as [PeerName, (p: string) => Promise<unknown>][]) {
      row.peers[name] = await timeRuns(runs, () => peer(img.path))
    }
    rows.push(row)
    console.error(`  ${img.name} done`)
  }
  return rows
}

async function throughput(corpus: Corpus, method: Method): Promise<BenchResult['throughput'][number]> {
  const files = readdirSync(corpus.frames).map((f) => join(corpus.frames, f))
  const concurrency = availableParallelism()
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

function printTable(result: BenchResult): void {
  const ref: Method = result.rows[0]?.ours.neural ? 'neural' : 'median-cut'
  console.log(`\nPer image, median of ${result.runs} runs after a warm-up (ms); ratio = peer / ours (${ref})`)
  for (const row of result.rows) {
    const ours = row.ours[ref]!.totalMs
    const cells = Object.entries(row.ours).map(([m, v]) => `${m} ${ms(v!.totalMs)}`)
    const peerCells = Object.entries(row.peers).map(([p, v]) => `${p} ${ms(v)} (${(v / ours).toFixed(2)}×)`)
    console.log(`${row.image.padEnd(16)} ${row.megapixels.toFixed(1).padStart(5)} MP | ${cells.join(' | ')} | ${peerCells.join(' | ')}`)
    for (const [m, v] of Object.entries(row.ours)) {
      console.log(`${''.padEnd(26)}${m} stages: ${Object.entries(v!.stages).map(([s, t]) => `${s} ${ms(t)}`).join(', ')}`)
    }
  }
  for (const t of result.throughput) console.log(`Throughput ${t.method}: ${t.palettesPerSecond.toFixed(1)} palettes/s over ${t.frames} frames, concurrency ${t.concurrency}`)
  for (const p of result.process) console.log(`Engine process ${p.method}: cold start ${ms(p.coldStartMs)} ms, peak RSS ${p.peakRssMB.toFixed(0)} MB over ${p.palettes} palettes`)
}

async function main(): Promise<void> {
  console.error(`Building the ${tiny ? 'tiny' : 'full'} corpus…`)
  const corpus = await buildCorpus(work, tiny)
  const methods = (['neural', 'median-cut', 'kmeans'] as Method[]).filter((m) => availableMethods().includes(m))
  console.error(`Timing ${methods.join(', ')} and the peers on ${corpus.images.length} images…`)
  const rows = await imageRows(corpus, methods)
  const through = []
  for (const m of methods.filter((m) => m !== 'kmeans')) through.push(await throughput(corpus, m))
  const probe = await bundleProbe(join(work, 'probe'))
  const files = [...corpus.images.map((i) => i.path), ...readdirSync(corpus.frames).slice(0, tiny ? 4 : 50).map((f) => join(corpus.frames, f))]
  const proc = []
  for (const m of methods.filter((m) => m !== 'kmeans')) proc.push({ method: m, ...(await runProbe(probe, m, files)) })

  const result: BenchResult = {
    date: new Date().toISOString(),
    commit: execSync('git rev-parse --short HEAD').toString().trim(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` },
    tiny,
    runs,
    rows,
    throughput: through,
    process: proc
  }
  printTable(result)
  const outDir = join(process.cwd(), 'bench-results')
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, tiny ? 'bench-tiny.json' : 'bench.json'), JSON.stringify(result, null, 2))
  if (!tiny) writeFileSync(join(process.cwd(), 'docs', 'benchmarks.md'), renderMarkdown(result))
}

void main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
