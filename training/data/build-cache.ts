// Pass 1 of the feature cache: crops, median-cut ground truth, colour histograms, thumbnails
// and backbone inputs, written shard by shard. Resumable: finished shards (DONE mark) are
// skipped, a shard left half-written by a crash is rebuilt from scratch.
//   npx tsx training/data/build-cache.ts [--splits val,test,train] [--max-shards N]
// The features (pass 2) are training/data/build-features.ts.
import { renameSync, rmSync, mkdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import { mulberry32 } from '../../src/main/engine/prng'
import { cropCandidates, seedFor, type Rect } from './crops'
import { CELLS, RGBY_SIDE, THUMB_SIDE, decodeSource, makeSample, type Sample } from './crop-sample'
import { HeldOut } from './heldout'
import { DEBS_DIR, readManifest, type SourceRow } from './manifest'
import { writeNpy } from './npy'
import { DONE_MARK, SEED, cropsPerSource, isDone, logProgress, planShards, type Shard } from './shards'
import { SPLITS, type Split } from './split'

const MAX_TRIES_PER_CROP = 4

interface Row {
  source: SourceRow
  rect: Rect
  srcW: number
  srcH: number
  sample: Sample
}

async function samplesOf(source: SourceRow, perSource: number): Promise<Row[]> {
  const file = join(DEBS_DIR, source.package, 'root', source.path)
  const img = await decodeSource(file)
  const rand = mulberry32(seedFor(SEED, source.id))
  const rows: Row[] = []
  for (const rect of cropCandidates(img.width, img.height, rand, perSource * MAX_TRIES_PER_CROP)) {
    const sample = await makeSample(img, rect)
    if (sample) rows.push({ source, rect, srcW: img.width, srcH: img.height, sample })
    if (rows.length === perSource) break
  }
  return rows
}

function writeShard(dir: string, rows: Row[]): void {
  const n = rows.length
  const gt = new Uint8Array(n * 15), gtN = new Int32Array(n), share = new Float32Array(n * 5)
  const hist = new Float32Array(n * CELLS), cellrgb = new Uint8Array(n * CELLS * 3)
  const thumb = new Uint8Array(n * THUMB_SIDE * THUMB_SIDE * 3)
  const rgby = new Float32Array(n * 4 * RGBY_SIDE * RGBY_SIDE)
  rows.forEach(({ sample: s }, i) => {
    gtN[i] = s.gt.length
    s.gt.forEach((sw, k) => {
      gt.set(sw.rgb, i * 15 + k * 3)
      share[i * 5 + k] = sw.share
    })
    hist.set(s.hist, i * CELLS)
    cellrgb.set(s.cellrgb, i * CELLS * 3)
    thumb.set(s.thumb, i * THUMB_SIDE * THUMB_SIDE * 3)
    rgby.set(s.rgby, i * 4 * RGBY_SIDE * RGBY_SIDE)
  })
  writeNpy(join(dir, 'gt.npy'), gt, [n, 5, 3])
  writeNpy(join(dir, 'gt_n.npy'), gtN, [n])
  writeNpy(join(dir, 'gt_share.npy'), share, [n, 5])
  writeNpy(join(dir, 'hist.npy'), hist, [n, CELLS])
  writeNpy(join(dir, 'cellrgb.npy'), cellrgb, [n, CELLS, 3])
  writeNpy(join(dir, 'thumb.npy'), thumb, [n, THUMB_SIDE, THUMB_SIDE, 3])
  writeNpy(join(dir, 'rgby32.npy'), rgby, [n, 4, RGBY_SIDE, RGBY_SIDE])
  const meta = rows.map(
    ({ source: s, rect: r, srcW, srcH }, i) => [i, s.id, s.split, s.package, s.path, srcW, srcH, r.x, r.y, r.w, r.h].join('\t')
  )
  writeFileSync(join(dir, 'meta.tsv'), ['index\tsource_id\tsplit\tpackage\tpath\tsrc_w\tsrc_h\tx\ty\tw\th', ...meta].join('\n') + '\n')
}

async function buildShard(shard: Shard, perSource: number, heldOut: HeldOut): Promise<void> {
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  // Not named shard-*: readers glob for that and must never see a half-written shard.
  const tmp = join(shard.dir, '..', `.partial-${basename(shard.dir)}`)
  rmSync(tmp, { recursive: true, force: true }) // a crashed attempt: start it again
  mkdirSync(tmp, { recursive: true })
  const rows: Row[] = []
  let failed = 0
  for (const source of shard.sources) {
    // Belt and braces: the manifest has no held-out source, and we check again before opening the file.
    if (heldOut.refuses(source.package, source.path)) throw new Error(`held-out source in manifest: ${source.path}`)
    try {
      rows.push(...(await samplesOf(source, perSource)))
    } catch (e) {
      failed++
      logProgress(`  skip ${source.package} ${source.path}: ${(e as Error).message}`)
    }
  }
  writeShard(tmp, rows)
  writeFileSync(join(tmp, DONE_MARK), `${rows.length}\n`)
  rmSync(shard.dir, { recursive: true, force: true })
  renameSync(tmp, shard.dir)
  const s = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const per = (ms: number): string => (ms / Math.max(1, rows.length)).toFixed(1)
  logProgress(
    `gt ${shard.split}/${basename(shard.dir)}: ${rows.length} crops from ${shard.sources.length - failed} sources in ${s.toFixed(1)} s ` +
      `(${per(1000 * s)} ms/crop wall, ${per((cpu.user + cpu.system) / 1000)} ms/crop CPU)`
  )
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { splits: { type: 'string', default: 'val,test,train' }, 'max-shards': { type: 'string' } }
  })
  const splits = values.splits.split(',').filter((s): s is Split => (SPLITS as readonly string[]).includes(s))
  sharp.concurrency(1)
  sharp.cache(false)
  const heldOut = HeldOut.load()
  const rows = readManifest()
  const perSource = cropsPerSource(rows.length)
  const shards = planShards(rows, perSource, splits)
  const todo = shards.filter((s) => !isDone(s.dir)).slice(0, values['max-shards'] ? Number(values['max-shards']) : undefined)
  logProgress(`gt pass: ${rows.length} sources, ${perSource} crops each, ${shards.length} shards, ${todo.length} to build`)
  for (const shard of todo) await buildShard(shard, perSource, heldOut)
  logProgress('gt pass: done')
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
