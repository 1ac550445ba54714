// Pass 2 of the feature cache: backbone features of each crop (its 32×32 RGBY input from
// pass 1), average-pooled to a 4×4 grid: feat.npy [n, channels, 4, 4] float32 (RDN: 64 channels;
// `--model backbone-rrdn.onnx --name feat-rrdn` caches the RRDN's 32 next to it). Resumable: a shard
// with feat.npy is skipped; the file is written under a temporary name and renamed when whole.
// Order: val, then train, then test: training needs val and train features; the evaluation (eval/)
// runs the app's own runtime on the test crops and does not read cached features.
//   npx tsx training/data/build-features.ts [--splits val,train,test] [--max-shards N] [--model path]
//     [--train-shards N | env PALETTE_FEATURE_TRAIN_SHARDS=N]: only train shards 0..N-1
//     [--val-shards N]: only val shards 0..N-1 [--name feat]: file name of the features
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import * as ort from 'onnxruntime-node'
import { gridPool } from '../../src/main/engine/neural'
import { REPO, readManifest } from './manifest'
import { readNpy, writeNpy } from './npy'
import { cropsPerSource, isDone, logProgress, planShards } from './shards'
import { SPLITS, type Split } from './split'

const BATCH = 16
export const GRID = 4

async function featuresOf(session: ort.InferenceSession, rgby: Float32Array, n: number, side: number): Promise<{ data: Float32Array; channels: number }> {
  const per = 4 * side * side
  let out = new Float32Array(0)
  let channels = 0
  for (let i = 0; i < n; i += BATCH) {
    const m = Math.min(BATCH, n - i)
    const input = new ort.Tensor('float32', rgby.subarray(i * per, (i + m) * per), [m, 4, side, side])
    const result = await session.run({ rgby: input })
    const f = result.features
    const [, c, h, w] = f.dims as number[]
    const data = f.data as Float32Array
    if (i === 0) out = new Float32Array(n * (channels = c) * GRID * GRID)
    // The app's own pooling (engine/neural.ts), one image at a time as it runs it.
    for (let j = 0; j < m; j++) {
      out.set(gridPool(data.subarray(j * c * h * w, (j + 1) * c * h * w), c, h, w, GRID), (i + j) * c * GRID * GRID)
    }
    f.dispose?.()
  }
  return { data: out, channels }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      splits: { type: 'string', default: 'val,train,test' },
      'max-shards': { type: 'string' },
      model: { type: 'string', default: join(REPO, 'resources', 'models', 'backbone-rdn.onnx') },
      name: { type: 'string', default: 'feat' },
      threads: { type: 'string', default: '1' },
      'val-shards': { type: 'string', default: '' },
      // On a shared CPU the backbone is the slow part: cap the train shards (val and test always all).
      'train-shards': { type: 'string', default: process.env.PALETTE_FEATURE_TRAIN_SHARDS ?? '' }
    }
  })
  const cap = (v: string): number => (v === '' ? Infinity : Number(v))
  const caps: Partial<Record<Split, number>> = { train: cap(values['train-shards']), val: cap(values['val-shards']) }
  const file = `${values.name}.npy`
  const splits = values.splits.split(',').filter((s): s is Split => (SPLITS as readonly string[]).includes(s))
  const rows = readManifest()
  const shards = planShards(rows, cropsPerSource(rows.length), splits).filter(
    (s) => isDone(s.dir) && !existsSync(join(s.dir, file)) && s.index < (caps[s.split] ?? Infinity)
  )
  const todo = shards.slice(0, values['max-shards'] ? Number(values['max-shards']) : undefined)
  const session = await ort.InferenceSession.create(values.model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: Number(values.threads),
    interOpNumThreads: 1
  })
  logProgress(`feature pass: ${todo.length} shards with ground truth and no features yet`)
  for (const shard of todo) {
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    const { shape, data } = readNpy(join(shard.dir, 'rgby32.npy'))
    const [n, , side] = shape
    const feat = await featuresOf(session, data as Float32Array, n, side)
    writeNpy(join(shard.dir, file), feat.data, [n, feat.channels, GRID, GRID])
    const s = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    const cpuMs = (cpu.user + cpu.system) / 1000 / n
    logProgress(
      `${values.name} ${shard.split}/${shard.dir.split('/').pop()}: ${n} crops in ${s.toFixed(1)} s (${((1000 * s) / n).toFixed(1)} ms/crop wall, ${cpuMs.toFixed(1)} ms/crop CPU)`
    )
  }
  await session.release()
  logProgress('feature pass: done')
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
