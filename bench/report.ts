// docs/benchmarks.md from one run's results: the figures, the commit and the machine.
import type { BenchResult } from './run'
import { ms } from './stats'

export function renderMarkdown(r: BenchResult): string {
  const ref = r.rows[0]?.ours.neural ? 'neural' : 'median-cut'
  const lines = [
    '# Benchmarks',
    '',
    `Run by \`npm run bench\` on ${r.date.slice(0, 10)}, commit \`${r.commit}\`: ${r.machine.cores} cores, ${r.machine.cpu}, Node ${r.machine.node}, ${r.machine.platform}.`,
    `Every figure is the median of ${r.runs} runs after a warm-up, in milliseconds, all in the same run. Ratios are the peer's time over ours (${ref}); above 1 means we are faster.`,
    '',
    '## File path to palette',
    '',
    `| image | MP | ${Object.keys(r.rows[0]?.ours ?? {}).map((m) => `ours: ${m}`).join(' | ')} | ${Object.keys(r.rows[0]?.peers ?? {}).join(' | ')} |`,
    `|---|---|${Object.keys(r.rows[0]?.ours ?? {}).map(() => '---').join('|')}|${Object.keys(r.rows[0]?.peers ?? {}).map(() => '---').join('|')}|`
  ]
  for (const row of r.rows) {
    const ours = row.ours[ref]!.totalMs
    lines.push(
      `| ${row.image} | ${row.megapixels.toFixed(1)} | ${Object.values(row.ours).map((v) => ms(v!.totalMs)).join(' | ')} | ${Object.values(row.peers)
        .map((v) => `${ms(v)} (${(v / ours).toFixed(2)}×)`)
        .join(' | ')} |`
    )
  }
  lines.push('', '## Stages (ms)', '', '| image | method | provider | stages |', '|---|---|---|---|')
  for (const row of r.rows)
    for (const [m, v] of Object.entries(row.ours))
      lines.push(`| ${row.image} | ${m} | ${v!.provider ?? '–'} | ${Object.entries(v!.stages).map(([s, t]) => `${s} ${ms(t)}`).join(', ')} |`)
  lines.push('', '## Throughput, cold start, memory', '')
  for (const t of r.throughput) lines.push(`- ${t.method}: **${t.palettesPerSecond.toFixed(1)} palettes/s** over ${t.frames} 1920×1080 JPEGs, concurrency ${t.concurrency}.`)
  for (const p of r.process) lines.push(`- ${p.method} engine process: cold start **${ms(p.coldStartMs)} ms** (process start to first palette, models included), peak resident memory **${p.peakRssMB.toFixed(0)} MB** over ${p.palettes} palettes.`)
  lines.push('')
  return lines.join('\n')
}
