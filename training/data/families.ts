// Split by picture, not by file: packages ship one picture as several files (recolourings,
// other crops, numbered frames, the same name in two folders) that the near-duplicate filter
// keeps apart. Such a family goes to one split, or a test image would have its twin in train.
import { luma } from '../../src/main/engine/rgby'
import { familyStem, looseSiblings, sourceKey } from './heldout'
import { hamming, layoutDistance, type ImageStats } from './image-stats'
import { splitOf, type Split } from './split'

export interface FamilyMember {
  package: string
  path: string
  stats: Pick<ImageStats, 'dhash' | 'layout'>
}

/**
 * One picture in two files, from the statistics list-sources already has: the same colour
 * layout (mean difference under 8 of 255), or the same light-and-dark structure in any colours
 * (dHash within 8 bits and the 8×8 luma layouts correlated above 0.97: a recolouring).
 */
function samePicture(a: FamilyMember, b: FamilyMember, lumaA: Float64Array, lumaB: Float64Array): boolean {
  if (layoutDistance(a.stats.layout, b.stats.layout) < 8) return true
  return hamming(a.stats.dhash, b.stats.dhash) <= 8 && correlation(lumaA, lumaB) > 0.97
}

/** Siblings by name: one family stem in one package, or loose siblings in one folder. */
function sameName(a: FamilyMember, b: FamilyMember): boolean {
  return (a.package === b.package && familyStem(a.path) === familyStem(b.path)) || looseSiblings(a.path, b.path)
}

/**
 * The split of every row's family: the split its first member (by package and path) hashes to,
 * so a family's split never depends on which other sources are listed.
 */
export function familySplits(rows: readonly FamilyMember[]): Split[] {
  const parent = rows.map((_, i) => i)
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])))
  const luma = rows.map((r) => layoutLuma(r.stats.layout))
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      if (sameName(rows[i], rows[j]) || samePicture(rows[i], rows[j], luma[i], luma[j])) parent[find(i)] = find(j)
    }
  }
  const first = new Map<number, FamilyMember>()
  rows.forEach((r, i) => {
    const root = find(i)
    const f = first.get(root)
    if (!f || sourceKey(r.package, r.path) < sourceKey(f.package, f.path)) first.set(root, r)
  })
  return rows.map((_, i) => {
    const f = first.get(find(i))!
    return splitOf(f.package, f.path)
  })
}

function layoutLuma(layout: string): Float64Array {
  const rgb = Buffer.from(layout, 'hex')
  const out = new Float64Array(rgb.length / 3)
  for (let i = 0; i < out.length; i++) out[i] = luma(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2])
  return out
}

function correlation(a: Float64Array, b: Float64Array): number {
  const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length
  const ma = mean(a), mb = mean(b)
  let ab = 0, aa = 0, bb = 0
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb)
    aa += (a[i] - ma) ** 2
    bb += (b[i] - mb) ** 2
  }
  // A flat layout has no structure to compare.
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb)
}
