import { describe, expect, it } from 'vitest'
import type { Rgb } from '../../src/shared/palette'
import { colourAt, locateColours, type Pixels } from '../../src/renderer/src/lib/markers'

/** A 40×20 image: left half red with one stray blue pixel, right half blue. */
function halves(): Pixels {
  const width = 40
  const height = 20
  const data = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const rgb: Rgb = x < 20 ? [220, 30, 30] : [30, 30, 220]
      data.set([...rgb, 255], (y * width + x) * 4)
    }
  data.set([30, 30, 220, 255], (0 * width + 0) * 4)
  return { width, height, data }
}

describe('locateColours', () => {
  it('puts each marker on a pixel of its colour, inside the big patch rather than on a stray pixel', () => {
    const img = halves()
    const [red, blue] = locateColours(img, [
      [210, 40, 40],
      [30, 30, 220]
    ])
    expect(colourAt(img, red.x, red.y)).toEqual([220, 30, 30])
    expect(colourAt(img, blue.x, blue.y)).toEqual([30, 30, 220])
    expect(blue.x).toBeGreaterThan(0.5)
    expect(blue.distance).toBe(0)
    // A flat field gets its marker in its middle, where the eye looks for it.
    expect(red.x).toBeCloseTo(0.25, 1)
    expect(red.y).toBeCloseTo(0.5, 1)
  })

  it('says how far the nearest pixel is when the colour is not in the image', () => {
    const [grey] = locateColours(halves(), [[128, 128, 128]])
    expect(grey.distance).toBeGreaterThan(100)
  })

  it('ignores transparent pixels', () => {
    const img = halves()
    for (let i = 0; i < img.data.length; i += 4) if ((i / 4) % 40 >= 20) img.data[i + 3] = 0
    const [blue] = locateColours(img, [[30, 30, 220]])
    expect(colourAt(img, blue.x, blue.y)).toEqual([30, 30, 220])
    expect(blue.x).toBeLessThan(0.05)
  })
})
