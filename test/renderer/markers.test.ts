import { describe, expect, it } from 'vitest'
import type { Rgb } from '../../src/shared/palette'
import { rgbToHex } from '../../src/renderer/src/lib/color'
import { besideMarker, locateColour, loupePixels, MarkerPlaces, pinAt, pixelCentre, type Pin, type Pixels } from '../../src/renderer/src/lib/markers'

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

/** The colour the eyedropper takes at a point (fractions of the image size); undefined where it takes none. */
const colourAt = (img: Pixels, x: number, y: number): Rgb | undefined => pinAt(img, { x, y })?.rgb

describe('locateColour', () => {
  it('puts each marker on a pixel of its colour, inside the big patch rather than on a stray pixel', () => {
    const img = halves()
    const red = locateColour(img, [210, 40, 40])
    const blue = locateColour(img, [30, 30, 220])
    expect(colourAt(img, red.x, red.y)).toEqual([220, 30, 30])
    expect(colourAt(img, blue.x, blue.y)).toEqual([30, 30, 220])
    expect(blue.x).toBeGreaterThan(0.5)
    expect(blue.distance).toBe(0)
    // A flat field gets its marker in its middle, where the eye looks for it.
    expect(red.x).toBeCloseTo(0.25, 1)
    expect(red.y).toBeCloseTo(0.5, 1)
  })

  it('says how far the nearest pixel is when the colour is not in the image', () => {
    expect(locateColour(halves(), [128, 128, 128]).distance).toBeGreaterThan(100)
  })

  it('ignores transparent pixels', () => {
    const img = halves()
    for (let i = 0; i < img.data.length; i += 4) if ((i / 4) % 40 >= 20) img.data[i + 3] = 0
    const blue = locateColour(img, [30, 30, 220])
    expect(colourAt(img, blue.x, blue.y)).toEqual([30, 30, 220])
    expect(blue.x).toBeLessThan(0.05)
  })

  it('finds colours in a picture drawn wholly see-through, as the engine counts them, but not on its faintest pixels', () => {
    const img = halves()
    // The red half at 40 % opacity, the blue half at 4 % (a soft edge): only the red half counts,
    // with its stray blue pixel.
    for (let i = 0; i < img.data.length; i += 4) img.data[i + 3] = (i / 4) % 40 < 20 ? 100 : 10
    const red = locateColour(img, [220, 30, 30])
    expect([colourAt(img, red.x, red.y), red.distance]).toEqual([[220, 30, 30], 0])
    expect(locateColour(img, [30, 30, 220]).x).toBeLessThan(0.05)
  })
})

describe('MarkerPlaces', () => {
  const RED: Rgb = [220, 30, 30]
  const BLUE: Rgb = [30, 30, 220]
  const GREY: Rgb = [128, 128, 128]

  /** Places on the two-halves image, with the colours it looked for (each a scan of the image). */
  function counted(): { places: MarkerPlaces; looked: string[] } {
    const looked: string[] = []
    const places = new MarkerPlaces(halves(), (pixels, colour) => {
      looked.push(rgbToHex(colour))
      return locateColour(pixels, colour)
    })
    return { places, looked }
  }
  const pinned = (x: number, y: number, rgb: Rgb): Pin => ({ x, y, hex: rgbToHex(rgb) })

  it('looks for each colour once: while one marker is dragged, the others are not looked for again', () => {
    const { places, looked } = counted()
    const palette: Rgb[] = [[210, 40, 40], BLUE, GREY]
    const first = palette.map((rgb) => places.place(rgb, undefined))
    // Each pointer move gives the dragged swatch the pixel's colour, and pins its marker there.
    for (const [x, rgb] of [[0.2, RED], [0.3, RED], [0.6, BLUE]] as const) {
      const pin = pinned(x, 0.5, rgb)
      const moved = [places.place(rgb, pin), places.place(BLUE, undefined), places.place(GREY, undefined)]
      expect(moved).toEqual([{ x, y: 0.5, distance: 0 }, first[1], first[2]])
    }
    expect(looked).toEqual(palette.map(rgbToHex))
  })

  it('looks for a colour new to it, once', () => {
    const { places, looked } = counted()
    places.place(RED, undefined)
    const typed = places.place([31, 30, 220], undefined)
    expect(places.place([31, 30, 220], undefined)).toEqual(typed)
    expect(looked).toEqual([rgbToHex(RED), rgbToHex([31, 30, 220])])
  })

  it('shows another colour where it lies, and the pinned colour again (a redo) where the marker was put', () => {
    const { places } = counted()
    const pin = pinned(0.9, 0.1, BLUE)
    const red = places.place(RED, pin) // e.g. Undo gave the swatch back its red
    expect(red.x).toBeCloseTo(0.25, 1)
    expect(places.place(BLUE, pin)).toEqual({ x: 0.9, y: 0.1, distance: 0 })
  })
})

describe('pinAt', () => {
  it('pins the pixel under the point, at its centre, with its colour', () => {
    expect(pinAt(halves(), { x: 0.8, y: 0.33 })).toEqual({ pin: { x: 32.5 / 40, y: 6.5 / 20, hex: '#1e1edc' }, rgb: [30, 30, 220] })
  })

  it('takes nothing from a pixel the palette does not count: a canvas keeps a transparent one as black', () => {
    const img = halves()
    for (let i = 0; i < img.data.length; i += 4) if ((i / 4) % 40 >= 20) img.data.set([0, 0, 0, (i / 4) % 40 < 30 ? 0 : 127], i)
    expect(pinAt(img, { x: 0.6, y: 0.5 })).toBeNull()
    expect(pinAt(img, { x: 0.9, y: 0.5 })).toBeNull() // under half opaque
    expect(pinAt(img, { x: 0.3, y: 0.5 })?.rgb).toEqual([220, 30, 30])
  })

  it('takes a faint pixel of a picture drawn wholly see-through, as the palette counts it', () => {
    const img = halves()
    for (let i = 0; i < img.data.length; i += 4) img.data[i + 3] = (i / 4) % 40 < 20 ? 100 : 10
    expect(pinAt(img, { x: 0.3, y: 0.5 })?.rgb).toEqual([220, 30, 30])
    expect(pinAt(img, { x: 0.8, y: 0.5 })).toBeNull()
  })
})

describe('pixelCentre', () => {
  const size = { width: 40, height: 20 }

  it('puts a point on the centre of the pixel under it', () => {
    expect(pixelCentre(size, { x: 0.26, y: 0.51 })).toEqual({ x: 10.5 / 40, y: 10.5 / 20 })
  })

  it('moves by whole image pixels', () => {
    const at = { x: 10.5 / 40, y: 10.5 / 20 }
    expect(pixelCentre(size, at, 1, 0)).toEqual({ x: 11.5 / 40, y: 10.5 / 20 })
    expect(pixelCentre(size, at, -10, -3)).toEqual({ x: 0.5 / 40, y: 7.5 / 20 })
  })

  it('stays inside the image', () => {
    expect(pixelCentre(size, { x: 0.5 / 40, y: 19.5 / 20 }, -10, 10)).toEqual({ x: 0.5 / 40, y: 19.5 / 20 })
    expect(pixelCentre(size, { x: 1.3, y: -0.2 })).toEqual({ x: 39.5 / 40, y: 0.5 / 20 })
  })
})

describe('loupePixels', () => {
  const red = [220, 30, 30]
  const blue = [30, 30, 220]

  it('is the square of pixels centred on the one under the point, row by row', () => {
    const img = halves()
    const cells = loupePixels(img, pixelCentre(img, { x: 0, y: 0.5 }, 20, 0), 3)
    expect(cells).toEqual([red, blue, blue, red, blue, blue, red, blue, blue])
  })

  it('leaves out what lies off the image at its edges, keeping the picked pixel in the middle', () => {
    const img = halves()
    const cells = loupePixels(img, { x: 0, y: 0 }, 3)
    expect(cells).toEqual([null, null, null, null, blue, red, null, red, red]) // (0, 0) is the stray blue pixel
  })

  it('leaves out transparent pixels, which the picture shows as background, not black', () => {
    const img = halves()
    for (let i = 0; i < img.data.length; i += 4) if ((i / 4) % 40 >= 20) img.data.set([0, 0, 0, 0], i)
    const cells = loupePixels(img, pixelCentre(img, { x: 0, y: 0.5 }, 20, 0), 3)
    expect(cells).toEqual([red, null, null, red, null, null, red, null, null])
  })
})

describe('besideMarker', () => {
  const frame = { width: 400, height: 300 }

  it('goes above and to the right of the marker, clear of it', () => {
    expect(besideMarker({ x: 200, y: 150 }, frame, 100, 20)).toEqual({ left: 220, top: 30 })
  })

  it('goes to the left near the right edge, and below near the top', () => {
    expect(besideMarker({ x: 390, y: 10 }, frame, 100, 20)).toEqual({ left: 270, top: 30 })
  })

  it('stays inside the frame where neither above nor below has room', () => {
    expect(besideMarker({ x: 200, y: 100 }, { width: 220, height: 150 }, 100, 20)).toEqual({ left: 80, top: 50 })
  })

  it('keeps to the top-left corner of a frame smaller than itself', () => {
    expect(besideMarker({ x: 30, y: 30 }, { width: 60, height: 60 }, 100, 20)).toEqual({ left: 0, top: 0 })
  })
})
