// `npm run eval`: the paper's Table 1 on our test split (source images never seen in training),
// accuracy@3/@4/@5 (±15 per RGB channel, one-to-one matching) and mean CIEDE2000 per method.
//   npm run eval -- [--split test] [--limit 1000]
import { createHash } from 'node:crypto'
import { cpus } from 'node:os'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { accuracyAt, scorePalette, truthDeltaE00, type PaletteScore } from '../src/main/engine/score'
import { argsOrExit, currentCommit, runScript } from '../bench/script'
import { EVAL_USAGE, parseEvalArgs } from './args'
import { testCrops } from './crops'
import { evalMethods, HARNESS_CHECK } from './methods'

const { split, limit } = argsOrExit(() => parseEvalArgs(process.argv.slice(2)), EVAL_USAGE)
const MODELS = join(import.meta.dirname, '..', 'resources', 'models')

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
  const deltas = methods.map(() => [] as number[])
  const sources = new Set<string>()
  let n = 0
  for await (const crop of testCrops(split, limit)) {
    sources.add(crop.sourceId)
    // Every method would score 1.0 against an empty truth (accuracy@n asks for min(n, 0) swatches).
    if (crop.truth.length === 0) throw new Error(`Harness check failed: no ground truth for ${crop.label} (an opaque crop has colours)`)
    const truth = crop.truth.map((s) => s.rgb)
    for (const [i, m] of methods.entries()) {
      const out = await m.run(crop)
      scores[i].push(scorePalette(out.palette, truth))
      deltas[i].push(truthDeltaE00(out.palette, truth))
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
    meanDeltaE00: deltas[i].reduce((a, b) => a + b, 0) / deltas[i].length,
    ...(steps[i].length ? { meanAgentSteps: steps[i].reduce((a, b) => a + b, 0) / steps[i].length } : {}),
    images: scores[i].length
  }))
  const harness = rows.find((r) => r.method === HARNESS_CHECK)
  if (!harness || harness.acc3 !== 1 || harness.acc4 !== 1 || harness.acc5 !== 1 || harness.meanDeltaE00 !== 0) {
    throw new Error(`Harness check failed: median cut against itself scored ${JSON.stringify(harness)}, not 1.0 and ΔE00 0`)
  }
  report(rows, n, sources.size)
}

function report(rows: Row[], crops: number, sources: number): void {
  const commit = currentCommit().slice(0, 12)
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
  const json = { split, crops, sources, commit, machine, date: new Date().toISOString(), models: modelHashes(), rows }
  writeFileSync(join(out, `eval-${split}.json`), JSON.stringify(json, null, 2))
  writeFileSync(
    join(out, `eval-${split}.md`),
    [`Table 1 on the ${split} split: ${crops} crops of ${sources} source images, commit \`${commit}\`, ${machine}.`, '', ...table, ''].join('\n')
  )
}

/** sha256 of every model the run could load: the commit alone does not say, when models were uncommitted. */
function modelHashes(): Record<string, string> {
  const files = readdirSync(MODELS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.onnx')).sort()
  return Object.fromEntries(files.map((f) => [relative(MODELS, join(MODELS, f)), createHash('sha256').update(readFileSync(join(MODELS, f))).digest('hex')]))
}

runScript(main, EVAL_USAGE)
