// The evaluation images: the test split's crops, re-cut from their sources exactly as the cache
// builder cut them (its meta.tsv lists source and rectangle), so the ground truth is recomputed
// by the engine and checked against the cached one.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { RgbaImage } from '../src/main/engine/image'
import { medianCut } from '../src/main/engine/median-cut'
import type { Swatch } from '../src/shared/palette'
import { readShardMeta, recutCrops, type MetaRow } from '../training/data/recut'
import { CACHE_DIR } from '../training/data/shards'

export interface EvalCrop {
  sourceId: string
  label: string
  decoded: RgbaImage
  analysis: RgbaImage
  truth: Swatch[]
}

function readMeta(split: string): MetaRow[] {
  const dir = join(CACHE_DIR, split)
  if (!existsSync(dir)) throw new Error(`No ${split} split in ${CACHE_DIR}: build the data set first (npm run data).`)
  return readdirSync(dir).filter((d) => d.startsWith('shard-')).sort().flatMap((shard) => readShardMeta(join(dir, shard)))
}

/** Every `stride`-th crop of the split (all when stride is 1), grouped by source so each source decodes once. */
export async function* testCrops(split: string, limit: number): AsyncGenerator<EvalCrop> {
  const rows = readMeta(split)
  const stride = Math.max(1, Math.floor(rows.length / limit))
  const chosen = rows.filter((_, i) => i % stride === 0).slice(0, limit)
  for await (const { row, decoded, analysis } of recutCrops(chosen)) {
    yield { sourceId: row.sourceId, label: `${row.pkg}/${row.path}@${row.rect.x},${row.rect.y},${row.rect.w}x${row.rect.h}`, decoded, analysis, truth: medianCut(analysis, 5) }
  }
}
