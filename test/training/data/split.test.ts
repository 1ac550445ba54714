import { describe, expect, it } from 'vitest'
import { splitOf, sourceId } from '../../../training/data/split'
import { familyStem } from '../../../training/data/heldout'
import { MANIFEST, readManifest } from '../../../training/data/manifest'
import { existsSync } from 'node:fs'

describe('train/val/test split by source image', () => {
  it('is a fixed function of package and path', () => {
    expect(splitOf('pkg', 'a/b.jpg')).toBe(splitOf('pkg', 'a/b.jpg'))
    expect(sourceId('pkg', 'a/b.jpg')).toMatch(/^[0-9a-f]{12}$/)
  })

  it('puts about 80/10/10 % of sources in train/val/test', () => {
    const counts = { train: 0, val: 0, test: 0 }
    for (let i = 0; i < 20_000; i++) counts[splitOf('pkg', `img/${i}.png`)]++
    expect(counts.train / 20_000).toBeCloseTo(0.8, 1)
    expect(counts.val / 20_000).toBeCloseTo(0.1, 1)
    expect(counts.test / 20_000).toBeCloseTo(0.1, 1)
  })

  it.skipIf(!existsSync(MANIFEST))('the committed manifest has no repeated file, and names of one picture share a split', () => {
    const rows = readManifest()
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(rows.length)
    // Files of one name family (list-sources' families.ts) are never split across train, val and test.
    const splitsOf = new Map<string, Set<string>>()
    for (const r of rows) {
      const family = `${r.package}\t${familyStem(r.path)}`
      splitsOf.set(family, (splitsOf.get(family) ?? new Set()).add(r.split))
    }
    expect([...splitsOf].filter(([, splits]) => splits.size > 1)).toEqual([])
  })
})
