// docs/benchmarks.md from one run's results: the hand-written introduction (bench/intro.md,
// edited there), then the figures, the commit and the machine.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { GpuBenchResult } from './gpu'
import type { BenchResult } from './run'
import { ms } from './stats'
import { verdict } from './targets'

export function renderMarkdown(r: BenchResult): string {
  const ref = r.rows[0]?.ours.neural ? 'neural' : 'median-cut'
  const methods = Object.keys(r.rows[0]?.ours ?? {})
  const peerNames = Object.keys(r.rows[0]?.peers ?? {})
  const m = r.machine
  const lines = [
    readFileSync(join(__dirname, 'intro.md'), 'utf8').trimEnd(),
    '',
    '<!-- Everything below is written by `npm run bench` (bench/report.ts); edit bench/intro.md for the text above. -->',
    '',
    '## This run',
    '',
    `Run on ${r.date.slice(0, 16).replace('T', ' ')} UTC, commit \`${r.commit}\`${r.dirty ? ' with uncommitted changes in src/ or bench/' : ''}: ` +
      `${m.cores} cores, ${m.cpu}, Node ${m.node}, ${m.platform}; libvips threads per image ${m.sharpConcurrency}, libuv pool ${m.uvThreadpool}.`,
    `Load average over 1 minute: ${m.loadBefore.toFixed(1)} at the start, ${m.loadAfter.toFixed(1)} at the end, on ${m.cores} cores` +
      (Math.max(m.loadBefore, m.loadAfter) > m.cores ? ' — other work shared the machine, so every time below is longer than on a quiet one.' : '.'),
    `Every figure is the median of ${r.runs} runs after a warm-up, with ours and the peers taking turns on each image. A target is met only if it holds by wall-clock and by CPU time.`,
    '',
    '## Targets',
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...r.targets.map((t) => `| ${t.target} | ${t.measured} | ${verdict(t.met)} |`),
    '',
    '## File path to palette (ms)',
    '',
    `Ratios are the peer's time over ours (${ref}): above 1 means we are faster. sharp-decode-512 is the floor: sharp alone decoding the file to 512 px, which any method that looks at the whole picture pays.`,
    '',
    `| image | MP | ${methods.map((x) => `ours: ${x}`).join(' | ')} | ${peerNames.join(' | ')} |`,
    `|---|---|${methods.map(() => '---').join('|')}|${peerNames.map(() => '---').join('|')}|`
  ]
  for (const row of r.rows) {
    const ours = row.ours[ref]!.totalMs
    const peerCells = Object.values(row.peers).map((v) => `${ms(v)} (${(v / ours).toFixed(2)}×)`)
    lines.push(`| ${row.image} | ${row.megapixels.toFixed(1)} | ${Object.values(row.ours).map((v) => ms(v.totalMs)).join(' | ')} | ${peerCells.join(' | ')} |`)
  }
  lines.push(
    '',
    '## Process CPU time (ms)',
    '',
    'The same runs by CPU time: every thread of the process while the call ran (libvips and libuv included), waiting for a core not counted. On a loaded machine this is the steadier comparison.',
    '',
    `| image | ${methods.map((x) => `ours: ${x}`).join(' | ')} | ${peerNames.join(' | ')} |`,
    `|---|${methods.map(() => '---').join('|')}|${peerNames.map(() => '---').join('|')}|`
  )
  for (const row of r.rows) {
    const ours = row.ours[ref]!.cpuMs
    const peerCells = Object.values(row.peersCpu).map((v) => `${ms(v)} (${(v / ours).toFixed(2)}×)`)
    lines.push(`| ${row.image} | ${Object.values(row.ours).map((v) => ms(v.cpuMs)).join(' | ')} | ${peerCells.join(' | ')} |`)
  }
  lines.push('', '## Stages (ms, medians)', '', '| image | method | provider | stages |', '|---|---|---|---|')
  for (const row of r.rows)
    for (const [name, v] of Object.entries(row.ours))
      lines.push(`| ${row.image} | ${name} | ${v.provider ?? '–'} | ${Object.entries(v.stages).map(([s, t]) => `${s} ${ms(t)}`).join(', ')} |`)
  lines.push('', '## Throughput, cold start, memory', '')
  for (const t of r.throughput) {
    lines.push(`- ${t.method}: **${t.palettesPerSecond.toFixed(1)} palettes/s** over ${t.frames} 1920×1080 JPEGs, ${t.concurrency} at a time (the engine's choice for a folder).`)
  }
  for (const p of r.process) {
    lines.push(
      `- ${p.method} engine process: cold start **${ms(p.coldStartMs)} ms** (CPU ${ms(p.coldStartCpuMs)} ms) from process start to the first palette, models included ` +
        `(the first palette itself ${ms(p.firstPaletteMs)} ms; median of ${p.probeRuns} processes); ` +
        `peak resident memory **${p.peakRssMB.toFixed(0)} MB** over ${p.palettes} palettes (the corpus, then a folder of frames at the engine's concurrency).`
    )
  }
  const gpu = join(__dirname, '..', 'docs', 'benchmarks-gpu.json')
  if (existsSync(gpu)) lines.push(...renderGpu(JSON.parse(readFileSync(gpu, 'utf8')) as GpuBenchResult, r))
  lines.push('')
  return lines.join('\n')
}

/** The GPU run (bench/gpu.ts on a lent machine, its JSON copied to docs/benchmarks-gpu.json) beside this run's CPU stages. */
export function renderGpu(g: GpuBenchResult, r: BenchResult): string[] {
  const [gpu, cpu] = [g.devices.find((d) => d.device === 'auto'), g.devices.find((d) => d.device === 'cpu')]
  if (!gpu || !cpu) return []
  const stages = ['backbone', 'generator', 'agent', 'extract', 'decode', 'total']
  const lines = [
    '',
    '## GPU run',
    '',
    `Run with \`bench/gpu/run.sh\` on ${g.date.slice(0, 16).replace('T', ' ')} UTC, ${gpuCommit(g.commit)}: ${g.machine.gpu}, ${g.machine.cores} cores (${g.machine.cpu}), Node ${g.machine.node}, onnxruntime-node ${g.machine.onnxruntime}. ` +
      `Medians of ${g.runs} runs after a warm-up. The GPU column is the engine's own choice of providers; the CPU column is the same machine with \`device: 'cpu'\`; the last is this page's 2-core run.`,
    '',
    '| provider | loaded | why not |',
    '|---|---|---|',
    ...g.probes.map((p) => `| ${p.provider} | ${p.loaded ? `yes (session in ${ms(p.createMs)} ms)` : 'no'} | ${p.error ? '`' + p.error.replace(/\s+/g, ' ').trim() + '`' : ''} |`),
    '',
    `| image | stage (ms) | GPU: ${gpu.provider} | CPU, same machine | CPU, ${r.machine.cores} cores (above) |`,
    '|---|---|---|---|---|'
  ]
  for (const row of gpu.images) {
    const onCpu = cpu.images.find((c) => c.image === row.image)
    const here = r.rows.find((x) => x.image === row.image)?.ours.neural?.stages
    for (const s of stages) lines.push(`| ${row.image} | ${s} | ${ms(row.stages[s])} | ${ms(onCpu?.stages[s])} | ${ms(here?.[s])} |`)
  }
  const rate = (d: typeof gpu): string => (d.throughput ? `${d.throughput.palettesPerSecond.toFixed(1)} palettes/s` : '–')
  if (gpu.throughput)
    lines.push('', `Throughput over ${gpu.throughput.frames} 1080p frames, ${gpu.throughput.concurrency} at a time: **${rate(gpu)}** on the GPU, ${rate(cpu)} on the same machine's CPU.`)
  return lines
}

/** The measured commit as bench/script.ts currentCommit writes it; runs before it was recorded have none. */
function gpuCommit(commit: string | undefined): string {
  if (commit === undefined) return 'commit not recorded (the run predates its recording)'
  if (commit === 'unknown') return 'commit unknown (run outside a git checkout without --commit)'
  if (commit.endsWith('-dirty')) return `commit \`${commit.slice(0, -'-dirty'.length)}\` with uncommitted changes in src/ or bench/`
  return `commit \`${commit}\``
}
