// A cached crop, cut again from its source: meta.tsv names the source and the rectangle, and the
// crop goes through the same decode and analysis image as pass 1 (crop-sample.ts). The evaluation
// and the fine-histogram pass read crops this way.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { analysisImage } from '../../src/main/engine/area-scale'
import type { RgbaImage } from '../../src/main/engine/image'
import { asDecoded, cropImage, decodeSource } from './crop-sample'
import { HeldOut } from './heldout'
import { DEBS_DIR, readManifest } from './manifest'
import type { Rect } from './crops'
import { CACHE_DIR, isDone } from './shards'
import { SPLITS, type Split } from './split'

interface MetaRow {
  sourceId: string
  pkg: string
  path: string
  rect: Rect
}

/** The crops of one finished shard, in order (empty for a shard without its DONE mark). */
export function readShardMeta(dir: string): MetaRow[] {
  if (!isDone(dir)) return []
  const [header, ...lines] = readFileSync(join(dir, 'meta.tsv'), 'utf8').trim().split('\n')
  const col = Object.fromEntries(header.split('\t').map((h, i) => [h, i]))
  return lines.map((line) => {
    const f = line.split('\t')
    return { sourceId: f[col.source_id], pkg: f[col.package], path: f[col.path], rect: { x: +f[col.x], y: +f[col.y], w: +f[col.w], h: +f[col.h] } }
  })
}

/**
 * The cached crops of `split` as the committed manifest says, in the order a fresh cache would
 * hold them (the manifest's order of sources, then each source's crops), from whichever split
 * folder an older cache holds them in: a source the manifest no longer lists is never read.
 * The same rule as training/common.py's manifest_rows, which also reads a generated cache's own
 * manifest.tsv (the smoke cache); the evaluation only ever reads the real cache.
 */
export function splitMeta(split: Split, cache = CACHE_DIR): MetaRow[] {
  const rank = new Map(readManifest().filter((r) => r.split === split).map((r, i) => [r.id, i]))
  const rows = SPLITS.flatMap((folder) => {
    const dir = join(cache, folder)
    if (!existsSync(dir)) return []
    return readdirSync(dir).filter((d) => d.startsWith('shard-')).sort().flatMap((shard) => readShardMeta(join(dir, shard)))
  })
  const order = new Map(rows.map((row, i) => [row, i]))
  const mine = rows.filter((row) => rank.has(row.sourceId))
  return mine.sort((a, b) => rank.get(a.sourceId)! - rank.get(b.sourceId)! || order.get(a)! - order.get(b)!)
}

/** Each row's crop as the app would decode it, and its analysis image; a source is decoded once for its consecutive rows. */
export async function* recutCrops(rows: readonly MetaRow[]): AsyncGenerator<{ row: MetaRow; decoded: RgbaImage; analysis: RgbaImage }> {
  const heldOut = HeldOut.load()
  let source: { id: string; img: RgbaImage } | undefined
  for (const row of rows) {
    // A meta.tsv may be stale or from another cache: a held-out file is never opened.
    if (heldOut.refuses(row.pkg, row.path)) throw new Error(`held-out source in the cache: ${row.pkg} ${row.path}`)
    if (source?.id !== row.sourceId) source = { id: row.sourceId, img: await decodeSource(join(DEBS_DIR, row.pkg, 'root', row.path)) }
    const decoded = await asDecoded(cropImage(source.img, row.rect))
    yield { row, decoded, analysis: analysisImage(decoded) }
  }
}
