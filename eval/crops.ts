// The evaluation images: the test split's crops, re-cut from their sources exactly as the cache
// builder cut them (its meta.tsv lists source and rectangle), so the ground truth is recomputed
// by the engine and checked against the cached one.
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { analysisImage } from '../src/main/engine/area-scale'
import type { RgbaImage } from '../src/main/engine/image'
import { medianCut } from '../src/main/engine/median-cut'
import type { Swatch } from '../src/shared/palette'
import { asDecoded, cropImage, decodeSource } from '../training/data/crop-sample'
import { DEBS_DIR } from '../training/data/manifest'
import { CACHE_DIR } from '../training/data/shards'

export interface EvalCrop {
  sourceId: string
  label: string
  decoded: RgbaImage
  analysis: RgbaImage
  truth: Swatch[]
}

interface MetaRow {
  sourceId: string
  pkg: string
  path: string
  rect: { x: number; y: number; w: number; h: number }
}

function readMeta(split: string): MetaRow[] {
  const dir = join(CACHE_DIR, split)
  if (!existsSync(dir)) throw new Error(`No ${split} split in ${CACHE_DIR}: build the data set first (npm run data).`)
  const rows: MetaRow[] = []
  for (const shard of readdirSync(dir).filter((d) => d.startsWith('shard-')).sort()) {
    const meta = join(dir, shard, 'meta.tsv')
    if (!existsSync(join(dir, shard, 'DONE'))) continue
    const [header, ...lines] = readFileSync(meta, 'utf8').trim().split('\n')
    const col = Object.fromEntries(header.split('\t').map((h, i) => [h, i]))
    for (const line of lines) {
      const f = line.split('\t')
      rows.push({
        sourceId: f[col.source_id],
        pkg: f[col.package],
        path: f[col.path],
        rect: { x: +f[col.x], y: +f[col.y], w: +f[col.w], h: +f[col.h] }
      })
    }
  }
  return rows
}

/** Every `stride`-th crop of the split (all when stride is 1), grouped by source so each source decodes once. */
export async function* testCrops(split: string, limit: number): AsyncGenerator<EvalCrop> {
  const rows = readMeta(split)
  const stride = Math.max(1, Math.floor(rows.length / limit))
  const chosen = rows.filter((_, i) => i % stride === 0).slice(0, limit)
  let source: { id: string; img: RgbaImage } | undefined
  for (const row of chosen) {
    if (source?.id !== row.sourceId) source = { id: row.sourceId, img: await decodeSource(join(DEBS_DIR, row.pkg, 'root', row.path)) }
    const decoded = await asDecoded(cropImage(source.img, row.rect))
    const analysis = analysisImage(decoded)
    yield { sourceId: row.sourceId, label: `${row.pkg}/${row.path}@${row.rect.x},${row.rect.y},${row.rect.w}x${row.rect.h}`, decoded, analysis, truth: medianCut(analysis, 5) }
  }
}
