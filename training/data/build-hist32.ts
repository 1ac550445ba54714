// Pass 3 of the feature cache: each crop's fine (32×32×32) histogram, for the split generator.
// Crops are cut again from meta.tsv (source and rectangle), through the same decode and analysis
// image as pass 1, and the histogram is engine/histogram.ts's fineHistogram (as pixel counts).
// Stored sparse, since a crop occupies a few hundred of the 32,768 cells:
//   hist32_off.npy [n+1] int32   crop i's cells are entries off[i]..off[i+1]-1 of
//   hist32_idx.npy [m]   int32   cell index (r>>3)*1024 + (g>>3)*32 + (b>>3)
//   hist32_cnt.npy [m]   int32   opaque pixels in the cell
// Resumable: a shard with hist32_off.npy is done (written last, after the other two).
//   npx tsx training/data/build-hist32.ts [--splits val,test,train]
import { existsSync, readFileSync, readdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import { analysisImage } from '../../src/main/engine/area-scale'
import { FINE_CELLS, fineHistogram } from '../../src/main/engine/histogram'
import { OPAQUE_ALPHA, type RgbaImage } from '../../src/main/engine/image'
import { asDecoded, cropImage, decodeSource } from './crop-sample'
import { DEBS_DIR } from './manifest'
import { writeNpy, type NpyArray } from './npy'
import { CACHE_DIR, isDone, logProgress } from './shards'
import { SPLITS } from './split'

interface MetaRow {
  pkg: string
  path: string
  rect: { x: number; y: number; w: number; h: number }
}

function readMeta(dir: string): MetaRow[] {
  const [head, ...lines] = readFileSync(join(dir, 'meta.tsv'), 'utf8').trimEnd().split('\n')
  const col = Object.fromEntries(head.split('\t').map((name, i) => [name, i]))
  return lines.map((line) => {
    const f = line.split('\t')
    return { pkg: f[col.package], path: f[col.path], rect: { x: +f[col.x], y: +f[col.y], w: +f[col.w], h: +f[col.h] } }
  })
}

function opaqueCount(img: RgbaImage): number {
  let n = 0
  for (let i = 3; i < img.data.length; i += 4) if (img.data[i] >= OPAQUE_ALPHA) n++
  return n
}

function writeAtomic(dir: string, name: string, data: NpyArray, shape: number[]): void {
  const tmp = join(dir, `.partial-${name}`)
  writeNpy(tmp, data, shape)
  renameSync(tmp, join(dir, name))
}

async function buildShard(dir: string): Promise<void> {
  const t0 = performance.now()
  const rows = readMeta(dir)
  const idx: number[] = [], cnt: number[] = [], off = new Int32Array(rows.length + 1)
  let source: { key: string; img: RgbaImage } | undefined
  for (const [i, row] of rows.entries()) {
    const key = `${row.pkg}/${row.path}`
    if (source?.key !== key) source = { key, img: await decodeSource(join(DEBS_DIR, row.pkg, 'root', row.path)) }
    const analysis = analysisImage(await asDecoded(cropImage(source.img, row.rect)))
    const share = fineHistogram(analysis)
    const n = opaqueCount(analysis)
    for (let c = 0; c < FINE_CELLS; c++) {
      if (share[c] === 0) continue
      idx.push(c)
      cnt.push(Math.round(share[c] * n))
    }
    off[i + 1] = idx.length
  }
  writeAtomic(dir, 'hist32_idx.npy', Int32Array.from(idx), [idx.length])
  writeAtomic(dir, 'hist32_cnt.npy', Int32Array.from(cnt), [cnt.length])
  writeAtomic(dir, 'hist32_off.npy', off, [off.length])
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
