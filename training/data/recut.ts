// A cached crop, cut again from its source: meta.tsv names the source and the rectangle, and the
// crop goes through the same decode and analysis image as pass 1 (crop-sample.ts). The evaluation
// and the fine-histogram pass read crops this way.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { analysisImage } from '../../src/main/engine/area-scale'
import type { RgbaImage } from '../../src/main/engine/image'
import { asDecoded, cropImage, decodeSource } from './crop-sample'
import { DEBS_DIR } from './manifest'
import type { Rect } from './crops'
import { isDone } from './shards'

export interface MetaRow {
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

/** Each row's crop as the app would decode it, and its analysis image; a source is decoded once for its consecutive rows. */
export async function* recutCrops(rows: readonly MetaRow[]): AsyncGenerator<{ row: MetaRow; decoded: RgbaImage; analysis: RgbaImage }> {
  let source: { id: string; img: RgbaImage } | undefined
  for (const row of rows) {
    if (source?.id !== row.sourceId) source = { id: row.sourceId, img: await decodeSource(join(DEBS_DIR, row.pkg, 'root', row.path)) }
    const decoded = await asDecoded(cropImage(source.img, row.rect))
    yield { row, decoded, analysis: analysisImage(decoded) }
  }
}
