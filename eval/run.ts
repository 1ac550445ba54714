// `npm run eval`: the paper's Table 1 on our test split (source images never seen in training),
// accuracy@3/@4/@5 (±15 per RGB channel, one-to-one matching) and mean CIEDE2000 per method.
//   npm run eval -- [--split test] [--limit 1000]
import { execSync } from 'node:child_process'
import { cpus } from 'node:os'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { accuracyAt, scorePalette, type PaletteScore } from '../src/main/engine/score'
import { testCrops } from './crops'
import { evalMethods } from './methods'

const { values } = parseArgs({ options: { split: { type: 'string', default: 'test' }, limit: { type: 'string', default: '1000' } } })
const split = values.split ?? 'test'
const limit = Number(values.limit)

interface Row {
  method: string
  acc3: number
  acc4: number
  acc5: number
  meanDeltaE00: number
  meanAgentSteps?: number
  images: number
}

async function main(): Promise<void> {
  const methods = evalMethods()
  const scores = methods.map(() => [] as PaletteScore[])
  const steps = methods.map(() => [] as number[])
  const sources = new Set<string>()
  let n = 0
  for await (const crop of testCrops(split, limit)) {
    sources.add(crop.sourceId)
    const truth = crop.truth.map((s) => s.rgb)
    for (const [i, m] of methods.entries()) {
      const out = await m.run(crop)
      scores[i].push(scorePalette(out.palette, truth))
      if (out.agentSteps !== undefined) steps[i].push(out.agentSteps)
    }
    if (++n % 100 === 0) console.error(`  ${n} crops`)
  }
  await Promise.all(methods.map((m) => m.release?.()))
  const rows: Row[] = methods.map((m, i) => ({
    method: m.name,
    acc3: accuracyAt(scores[i], 3),
    acc4: accuracyAt(scores[i], 4),
    acc5: accuracyAt(scores[i], 5),
    meanDeltaE00: scores[i].reduce((s, x) => s + x.meanDeltaE00, 0) / scores[i].length,
    ...(steps[i].length ? { meanAgentSteps: steps[i].reduce((a, b) => a + b, 0) / steps[i].length } : {}),
    images: scores[i].length
  }))
  const harness = rows[1]
  if (harness.acc5 !== 1) throw new Error(`Harness check failed: median cut against itself scored ${harness.acc5}, not 1.0`)
  report(rows, n, sources.size)
}

function report(rows: Row[], crops: number, sources: number): void {
  const commit = execSync('git rev-parse --short HEAD').toString().trim()
  const machine = `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`
  const table = [
    '| method | acc@3 | acc@4 | acc@5 | mean ΔE00 | agent steps |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.method} | ${r.acc3.toFixed(4)} | ${r.acc4.toFixed(4)} | ${r.acc5.toFixed(4)} | ${r.meanDeltaE00.toFixed(2)} | ${r.meanAgentSteps?.toFixed(1) ?? '–'} |`)
  ]
  console.log(`\nTable 1 on the ${split} split: ${crops} crops of ${sources} source images (commit ${commit}; ${machine})\n`)
  console.log(table.join('\n'))
  const out = join(process.cwd(), 'eval-results')
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, `eval-${split}.json`), JSON.stringify({ split, crops, sources, commit, machine, date: new Date().toISOString(), rows }, null, 2))
  writeFileSync(
    join(out, `eval-${split}.md`),
    [`Table 1 on the ${split} split: ${crops} crops of ${sources} source images, commit \`${commit}\`, ${machine}.`, '', ...table, ''].join('\n')
  )
}

void main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
