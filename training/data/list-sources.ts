// Lists the training source images from the unpacked Debian packages in training/.work/debs,
// refuses the held-out ones before opening them, filters out icons/UI bits/flat graphics,
// removes exact and near duplicates, splits by picture family, and writes training/manifest/sources.tsv.
//   npx tsx training/data/list-sources.ts
import { createHash } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import sharp from 'sharp'
import { HeldOut, sourceKey } from './heldout'
import { familySplits } from './families'
import { hamming, imageStats, layoutDistance, type ImageStats } from './image-stats'
import { PackageLicences } from './licence'
import { sourceId, splitOf } from './split'
import { DEBS_DIR, MANIFEST, WORK_DIR, readManifest, writeManifest, type SourceRow } from './manifest'

const IMAGE_EXT = /\.(jpe?g|png|webp)$/i
const MIN_SIDE = 96
const MAX_ASPECT = 4
/** Folders and names of things that are not pictures: icons, UI, sprites, tiles, texture maps. */
const NOT_A_PICTURE_DIR =
  /(^|\/)(icons?|cursors?|buttons?|fonts?|ui|gui|hud|sprites?|tiles?|tilesets?|particles?|emblems?|flags?|masks?|widgets?|emoji|emoticons?|smileys?|glyphs?|halo|brushes|mouse|misc|overlays?|borders?|frames?|animations?|anims?|terrain|units|items|interface|cursor|tribes|immovables|doc|help|screenshots?)(\/|$)/i
const NOT_A_PICTURE_NAME = /(^|[-_.])(n|nrm|normal|normals|spec|specular|bump|height|heightmap|mask|alpha|ao|gloss|rough(ness)?|icon|logo|cursor|button|screenshot|screen)([-_.]|$)/i

/**
 * At most this many sources per package (chosen by source id, i.e. at random but fixed), so
 * that a few big game packages (space art, isometric renders) do not dominate the colours.
 */
const MAX_PER_PACKAGE = 350

const STATS_CACHE = join(WORK_DIR, 'image-stats-v2.jsonl')

interface Candidate {
  pkg: string
  path: string
  file: string
  bytes: number
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) walk(p, out)
    else if (e.isFile() && IMAGE_EXT.test(e.name)) out.push(p) // symlinks skipped: they duplicate files
  }
  return out
}

function loadStatsCache(): Map<string, ImageStats | { error: string }> {
  const m = new Map<string, ImageStats | { error: string }>()
  if (!existsSync(STATS_CACHE)) return m
  for (const line of readFileSync(STATS_CACHE, 'utf8').split('\n')) {
    if (!line) continue
    const { key, stats } = JSON.parse(line) as { key: string; stats: ImageStats | { error: string } }
    m.set(key, stats)
  }
  return m
}

/** Why a decoded image is not a usable picture, or null. */
function rejectByStats(s: ImageStats): string | null {
  if (Math.min(s.width, s.height) < MIN_SIDE) return 'small'
  if (Math.max(s.width, s.height) / Math.min(s.width, s.height) > MAX_ASPECT) return 'strip'
  if (s.opaque < 0.3) return 'transparent' // portraits on transparent ground (~0.3–0.7 opaque) are kept
  if (s.entropy < 2.5 || s.colours < 24) return 'flat'
  if (s.entropy < 3.5 && s.colourfulness < 4) return 'flat'
  return null
}

async function main(): Promise<void> {
  sharp.concurrency(1)
  sharp.cache(false)
  const heldOut = HeldOut.load()
  const reasons = new Map<string, number>()
  const bump = (r: string): void => void reasons.set(r, (reasons.get(r) ?? 0) + 1)
  const cache = loadStatsCache()
  mkdirSync(WORK_DIR, { recursive: true })

  const packages = readdirSync(DEBS_DIR)
    .filter((p) => existsSync(join(DEBS_DIR, p, '.done')))
    .sort()
  const kept: (SourceRow & { stats: ImageStats })[] = []
  for (const pkg of packages) {
    const root = join(DEBS_DIR, pkg, 'root')
    const version = readFileSync(join(DEBS_DIR, pkg, 'version'), 'utf8').trim()
    const licences = PackageLicences.load(DEBS_DIR, pkg)
    const files: Candidate[] = []
    for (const file of walk(root).sort()) {
      const path = relative(root, file)
      // Refused by name, before the file is even stat'ed.
      const refusal = heldOut.refuses(pkg, path)
      if (refusal) { bump(refusal); continue }
      if (NOT_A_PICTURE_DIR.test(path.replace(/\/[^/]*$/, '')) || NOT_A_PICTURE_NAME.test(path.replace(/^.*\//, '').replace(IMAGE_EXT, ''))) {
        bump('name'); continue
      }
      const bytes = statSync(file).size
      if (bytes < 4096) { bump('tiny-file'); continue }
      files.push({ pkg, path, file, bytes })
    }
    let n = 0
    for (const c of files) {
      const key = `${sourceKey(c.pkg, c.path)}\t${c.bytes}`
      let stats = cache.get(key)
      if (!stats) {
        try {
          stats = await imageStats(c.file)
        } catch (e) {
          stats = { error: String((e as Error).message).slice(0, 120) }
        }
        cache.set(key, stats)
        appendFileSync(STATS_CACHE, JSON.stringify({ key, stats }) + '\n')
      }
      if ('error' in stats) { bump('undecodable'); continue }
      const why = rejectByStats(stats)
      if (why) { bump(why); continue }
      const sha256 = createHash('sha256').update(readFileSync(c.file)).digest('hex')
      kept.push({
        id: sourceId(c.pkg, c.path), package: c.pkg, version, path: c.path,
        licence: licences.licenceOf(c.path), split: splitOf(c.pkg, c.path), sha256,
        width: stats.width, height: stats.height, stats
      })
      n++
    }
    console.error(`${pkg}: ${n} pictures of ${files.length} candidate files`)
  }

  const unique = capPerPackage(dedupe(kept, bump), bump)
  familySplits(unique).forEach((split, i) => {
    if (unique[i].split !== split) bump(`family-moved-to-${split}`)
    unique[i].split = split
  })
  writeManifest(MANIFEST, unique)
  // The guarantee, checked on what was actually written.
  const written = readManifest(MANIFEST)
  for (const r of written) {
    if (heldOut.refuses(r.package, r.path)) throw new Error(`held-out source in manifest: ${r.package} ${r.path}`)
  }
  const count = (s: string): number => written.filter((r) => r.split === s).length
  console.error(`sources: ${written.length} (train ${count('train')}, val ${count('val')}, test ${count('test')})`)
  console.error('rejected:', Object.fromEntries([...reasons].sort((a, b) => b[1] - a[1])))
}

/**
 * Keeps the first of each group of identical files or near-identical pictures: dHash within
 * 8 bits AND an 8×8 colour layout within 10 levels on average (the same picture re-cropped,
 * re-sized or re-encoded; different pictures with a similar horizon differ in colour layout).
 */
function dedupe<T extends SourceRow & { stats: ImageStats }>(rows: T[], bump: (r: string) => void): T[] {
  const bySha = new Set<string>()
  const out: T[] = []
  for (const r of rows) {
    if (bySha.has(r.sha256)) { bump('duplicate'); continue }
    bySha.add(r.sha256)
    const near = out.some(
      (o) =>
        hamming(o.stats.dhash, r.stats.dhash) <= 8 && layoutDistance(o.stats.layout, r.stats.layout) < 10
    )
    if (near) { bump('near-duplicate'); continue }
    out.push(r)
  }
  return out
}

function capPerPackage<T extends SourceRow>(rows: T[], bump: (r: string) => void): T[] {
  const chosen = new Set<T>()
  const byPkg = new Map<string, T[]>()
  for (const r of rows) byPkg.set(r.package, [...(byPkg.get(r.package) ?? []), r])
  for (const list of byPkg.values()) {
    const sorted = [...list].sort((a, b) => a.id.localeCompare(b.id)).slice(0, MAX_PER_PACKAGE)
    sorted.forEach((r) => chosen.add(r))
    for (let i = sorted.length; i < list.length; i++) bump('package-cap')
  }
  return rows.filter((r) => chosen.has(r))
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
