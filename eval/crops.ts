// The evaluation images: the test split's crops (by the committed manifest), re-cut from their
// sources exactly as the cache builder cut them (its meta.tsv lists source and rectangle), with
// the ground truth recomputed by the engine's median cut.
import { MissingInputError } from '../bench/script'
import type { RgbaImage } from '../src/main/engine/image'
import { medianCut } from '../src/main/engine/median-cut'
import type { Swatch } from '../src/shared/palette'
import { recutCrops, splitMeta } from '../training/data/recut'
import type { Split } from '../training/data/split'

export interface EvalCrop {
  sourceId: string
  label: string
  decoded: RgbaImage
  analysis: RgbaImage
  truth: Swatch[]
}

/** `limit` crops spread evenly over the whole split (all of them when it has no more), grouped by source so each source decodes once. */
export async function* testCrops(split: Split, limit: number): AsyncGenerator<EvalCrop> {
  const rows = splitMeta(split)
  if (rows.length === 0) throw new MissingInputError(`No cached ${split} crops in the cache: build the data set first (npm run data).`)
  const chosen = evenlySpread(rows, limit)
  for await (const { row, decoded, analysis } of recutCrops(chosen)) {
    yield { sourceId: row.sourceId, label: `${row.pkg}/${row.path}@${row.rect.x},${row.rect.y},${row.rect.w}x${row.rect.h}`, decoded, analysis, truth: medianCut(analysis, 5) }
  }
}

/**
 * `limit` items at evenly spaced places from first to last. A whole stride (every fifth) with the
 * first `limit` kept never reached the end of the list: its last sources were never scored.
 */
export function evenlySpread<T>(items: readonly T[], limit: number): T[] {
  if (items.length <= limit) return [...items]
  return Array.from({ length: limit }, (_, k) => items[Math.floor((k * items.length) / limit)])
}
