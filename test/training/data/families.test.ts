import { describe, expect, it } from 'vitest'
import { familySplits, type FamilyMember } from '../../../training/data/families'
import { splitOf } from '../../../training/data/split'

/** An 8×8 colour layout (hex) from a function of the cell. */
function layout(colour: (x: number, y: number) => [number, number, number]): string {
  const bytes: number[] = []
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) bytes.push(...colour(x, y))
  return Buffer.from(bytes).toString('hex')
}

const member = (pkg: string, path: string, dhash: string, lay: string): FamilyMember => ({ package: pkg, path, stats: { dhash, layout: lay } })
const gradient = layout((x, y) => [x * 30, y * 30, 100])
const recoloured = layout((x, y) => [x * 15, y * 30, 200]) // the same light and dark, other colours
const stripes = layout((x) => (x % 2 ? [250, 250, 250] : [0, 0, 0]))

/** Two paths whose own hashes fall in two different splits, found by search so the test does not depend on luck. */
function pathsInTwoSplits(pkg: string, paths: (i: number) => [string, string]): [string, string] {
  for (let i = 0; i < 1000; i++) {
    const [a, b] = paths(i)
    if (splitOf(pkg, a) !== splitOf(pkg, b)) return [a, b]
  }
  throw new Error('no pair in two splits')
}

describe('picture families', () => {
  it('puts a recolouring, a numbered sibling and a same-named file in the split of their family', () => {
    const [a, b] = pathsInTwoSplits('p', (i) => [`x/sunset${i}.png`, `x/dunes${i}.png`])
    const recolour = [member('p', a, '00ff00ff00ff00ff', gradient), member('p', b, '00ff00ff00ff00f0', recoloured)]
    expect(new Set(familySplits(recolour)).size).toBe(1)

    const [c, d] = pathsInTwoSplits('p', (i) => [`y/intro_${i}1.jpg`, `y/intro_${i}2.jpg`])
    const numbered = [member('p', c, '0000000000000000', stripes), member('p', d, 'ffffffffffffffff', gradient)]
    expect(new Set(familySplits(numbered)).size).toBe(1)

    const [e, f] = pathsInTwoSplits('p', (i) => [`City${i}/LandTex.png`, `Planes${i}/LandTex.png`])
    const sameName = [member('p', e, '0000000000000000', stripes), member('p', f, 'ffffffffffffffff', gradient)]
    expect(new Set(familySplits(sameName)).size).toBe(1)
  })

  it('leaves unrelated pictures in the split their own hash gives', () => {
    const [a, b] = pathsInTwoSplits('p', (i) => [`x/sunset${i}.png`, `x/dunes${i}.png`])
    const rows = [member('p', a, '0000000000000000', stripes), member('p', b, 'ffffffffffffffff', gradient)]
    expect(familySplits(rows)).toEqual([splitOf('p', a), splitOf('p', b)])
  })
})
