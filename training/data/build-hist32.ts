// Pass 3 of the feature cache: each crop's fine (32×32×32) histogram, for the split generator.
// Crops are cut again from meta.tsv (recut.ts: the same decode and analysis image as pass 1),
// and the histogram is engine/median-cut.ts's cellCounts (the counts fineHistogram divides).
// Stored sparse, since a crop occupies a few hundred of the 32,768 cells:
//   hist32_off.npy [n+1] int32   crop i's cells are entries off[i]..off[i+1]-1 of
//   hist32_idx.npy [m]   int32   cell index (r>>3)*1024 + (g>>3)*32 + (b>>3)
//   hist32_cnt.npy [m]   int32   opaque pixels in the cell
// Resumable: a shard with hist32_off.npy is done (written last, after the other two).
//   npx tsx training/data/build-hist32.ts [--splits val,test,train]
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import { FINE_CELLS } from '../../src/main/engine/histogram'
import { cellCounts } from '../../src/main/engine/median-cut'
import { writeNpy } from './npy'
import { readShardMeta, recutCrops } from './recut'
import { CACHE_DIR, isDone, logProgress } from './shards'
import { SPLITS } from './split'

async function buildShard(dir: string): Promise<void> {
  const t0 = performance.now()
  const rows = readShardMeta(dir)
  const idx: number[] = [], cnt: number[] = [], off = new Int32Array(rows.length + 1)
  let i = 0
  for await (const { analysis } of recutCrops(rows)) {
    const { count } = cellCounts(analysis)
    for (let c = 0; c < FINE_CELLS; c++) {
      if (count[c] === 0) continue
      idx.push(c)
      cnt.push(count[c])
    }
    off[++i] = idx.length
  }
  writeNpy(join(dir, 'hist32_idx.npy'), Int32Array.from(idx), [idx.length])
  writeNpy(join(dir, 'hist32_cnt.npy'), Int32Array.from(cnt), [cnt.length])
  writeNpy(join(dir, 'hist32_off.npy'), off, [off.length])
  logProgress(`hist32 ${dir.split('/').slice(-2).join('/')}: ${rows.length} crops in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { splits: { type: 'string', default: 'val,test,train' } } })
  sharp.concurrency(1)
  sharp.cache(false)
  for (const split of values.splits.split(',').filter((s) => (SPLITS as readonly string[]).includes(s))) {
    const root = join(CACHE_DIR, split)
    if (!existsSync(root)) continue
    for (const name of readdirSync(root).filter((n) => n.startsWith('shard-')).sort()) {
      const dir = join(root, name)
      if (isDone(dir) && !existsSync(join(dir, 'hist32_off.npy'))) await buildShard(dir)
    }
  }
  logProgress('hist32 pass: done')
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
