import { describe, expect, it } from 'vitest'
import { differenceCiede2000 } from 'culori'
import type { Rgb } from '../../src/shared/palette'
import type { Pixels } from '../../src/renderer/src/lib/markers'
import { MID_GREY, missingColour } from '../../src/renderer/src/lib/missing-colour'
import { rgbToHex } from '../../src/renderer/src/lib/color'

const W = 100
const H = 100
const YELLOW: Rgb = [232, 212, 74]
const GREYS: Rgb[] = [[174, 173, 162], [57, 57, 57], [250, 249, 242]]

/** A picture of W×H pixels coloured by `at`, with alpha 255 unless `alpha` says otherwise. */
function picture(at: (x: number, y: number) => Rgb, alpha: (x: number, y: number) => number = () => 255): Pixels {
  const data = new Uint8ClampedArray(W * H * 4)
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data.set([...at(x, y), alpha(x, y)], (y * W + x) * 4)
  return { width: W, height: H, data }
}

/** Shaded greys (a few levels around each of GREYS: several histogram cells each) over 98% of the picture, a flat yellow 2% patch. */
const clock = picture((x, y) => {
  if (x < 10 && y < 20) return YELLOW
  const [r, g, b] = GREYS[Math.floor((x / W) * 3)]
  const shade = ((x * 7 + y * 3) % 13) - 6
  const lit = (v: number): number => Math.min(255, v + shade)
  return [lit(r), lit(g), lit(b)]
})
const deltaE00 = differenceCiede2000()
const near = (a: Rgb, b: Rgb): number => deltaE00(rgbToHex(a), rgbToHex(b))

describe('missingColour', () => {
  it('finds the yellow accent a palette of the picture’s greys lacks, not another shade of grey', () => {
    expect(missingColour(clock, GREYS)).toEqual(YELLOW)
  })

  it('prefers a hue the palette lacks to a more common lightness between its greys (the clock photo’s shadows and lamps)', () => {
    // 4 % of shadow grey halfway between two swatches, 1.5 % of yellow: a designer adds the yellow.
    const shadowsAndLamps = picture((x, y) => (x < 4 ? [118, 119, 117] : x < 6 && y < 75 ? YELLOW : GREYS[Math.floor((x / W) * 3)]))
    expect(missingColour(shadowsAndLamps, GREYS)).toEqual(YELLOW)
  })

  it('takes the most common colour when the palette has none, and a colour of the picture by its mean', () => {
    const halves = picture((x) => (x < 70 ? [10, 20, 30] : [200, 100, 0]))
    expect(missingColour(halves, [])).toEqual([10, 20, 30])
    expect(missingColour(halves, [[12, 22, 28]])).toEqual([200, 100, 0])
  })

  it('when every colour of the picture is in the palette, gives the one farthest from all its swatches', () => {
    const halves = picture((x) => (x < 70 ? [10, 20, 30] : [200, 100, 0]))
    const palette: Rgb[] = [[10, 20, 30], [196, 104, 4]]
    expect(near([200, 100, 0], palette[1])).toBeLessThan(10) // a near-duplicate, yet the least near
    expect(missingColour(halves, palette)).toEqual([200, 100, 0])
  })

  it('counts only the pixels a palette counts: the colour under transparent ones is none', () => {
    const veiled = picture((x) => (x < 80 ? [255, 0, 0] : [0, 0, 255]), (x) => (x < 80 ? 0 : 255))
    expect(missingColour(veiled, [])).toEqual([0, 0, 255])
  })

  it('gives a neutral mid grey without a picture, or with nothing visible in it', () => {
    expect(missingColour(null, GREYS)).toEqual(MID_GREY)
    expect(missingColour(picture(() => [255, 0, 0], () => 0), GREYS)).toEqual(MID_GREY)
  })
})
