// A decoded frame's Y'CbCr planes to RGBA with the film's own matrix and range: for films that
// Chromium decodes with other ones (film-colour.ts says which). Pure, so it runs in the tests.

/** How a film's Y'CbCr is turned into RGB: the matrix its tags name, and whether it uses the full 0–255 range. */
export interface YuvColour {
  matrix: 'bt709' | 'bt601'
  fullRange: boolean
}

/** Red's and blue's weights in luma (green's is the rest), per ITU-R BT.709 and BT.601. */
const WEIGHTS: Record<YuvColour['matrix'], { kr: number; kb: number }> = {
  bt709: { kr: 0.2126, kb: 0.0722 },
  bt601: { kr: 0.299, kb: 0.114 }
}

/** A frame's planes as `VideoFrame.copyTo` lays them out: I420 (Y, U, V) or NV12 (Y, then U and V interleaved). */
export interface YuvPlanes {
  format: 'I420' | 'NV12'
  width: number
  height: number
  data: Uint8Array
  layout: readonly { offset: number; stride: number }[]
}

/**
 * The frame's RGBA, as ffmpeg converts it. Chroma is upsampled by nearest neighbour (each sample
 * covers its 2 × 2 pixels): the frame is scaled down to at most 1,024 pixels, and analysed at 512,
 * so chroma's own edges are averaged away before they could count, while bilinear upsampling would
 * cost a second pass for nothing a palette shows.
 */
export function yuvToRgba(planes: YuvPlanes, colour: YuvColour): Uint8ClampedArray<ArrayBuffer> {
  const { width, height, data, layout } = planes
  const { kr, kb } = WEIGHTS[colour.matrix]
  const kg = 1 - kr - kb
  // Limited range: Y' over 16–235, chroma over 16–240; full range: both over 0–255.
  const [yBase, yScale, cScale] = colour.fullRange ? [0, 1, 1] : [16, 255 / 219, 255 / 224]
  const crToR = 2 * (1 - kr) * cScale
  const cbToB = 2 * (1 - kb) * cScale
  const crToG = (2 * (1 - kr) * kr * cScale) / kg
  const cbToG = (2 * (1 - kb) * kb * cScale) / kg
  const [u, v] = chromaAt(planes)
  const rgba = new Uint8ClampedArray(width * height * 4)
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const y = (data[layout[0].offset + row * layout[0].stride + col] - yBase) * yScale
      const cb = data[u(row, col)] - 128
      const cr = data[v(row, col)] - 128
      const at = (row * width + col) * 4
      // Uint8ClampedArray rounds half to even and clamps, as ffmpeg's accurate rounding does.
      rgba[at] = y + crToR * cr
      rgba[at + 1] = y - cbToG * cb - crToG * cr
      rgba[at + 2] = y + cbToB * cb
      rgba[at + 3] = 255
    }
  }
  return rgba
}

/** Where the U and V samples for a pixel lie in `data`: one per 2 × 2 pixels, in planes of their own or interleaved. */
function chromaAt({ format, layout }: YuvPlanes): [(row: number, col: number) => number, (row: number, col: number) => number] {
  const { offset, stride } = layout[1]
  if (format === 'NV12') {
    const u = (row: number, col: number): number => offset + (row >> 1) * stride + (col >> 1) * 2
    return [u, (row, col) => u(row, col) + 1]
  }
  const plane = ({ offset, stride }: { offset: number; stride: number }) => (row: number, col: number): number => offset + (row >> 1) * stride + (col >> 1)
  return [plane(layout[1]), plane(layout[2])]
}

/** What Chromium decodes a partly tagged film with, whatever its tags say (docs/decoding.md, "Film colour"). */
const CHROMIUM_GUESS: YuvColour = { matrix: 'bt601', fullRange: false }

/** An affine map: three rows (of R', G', B' or of Y', Cb, Cr), each three weights and an offset. */
type Affine = number[][]

/** Code values (Y', Cb, Cr, 0–255) to R'G'B' (0–1), as `colour` decodes them. */
function decoding({ matrix, fullRange }: YuvColour): Affine {
  const { kr, kb } = WEIGHTS[matrix]
  const kg = 1 - kr - kb
  const [yBase, yScale, cScale] = fullRange ? [0, 1 / 255, 1 / 255] : [16, 1 / 219, 1 / 224]
  const rows = [
    [yScale, 0, 2 * (1 - kr) * cScale],
    [yScale, (-2 * (1 - kb) * kb * cScale) / kg, (-2 * (1 - kr) * kr * cScale) / kg],
    [yScale, 2 * (1 - kb) * cScale, 0]
  ]
  return rows.map(([y, cb, cr]) => [y, cb, cr, -y * yBase - (cb + cr) * 128])
}

/** R'G'B' (0–1) to code values, as an encoder with `colour` makes them: the inverse of decoding. */
function encoding({ matrix, fullRange }: YuvColour): Affine {
  const { kr, kb } = WEIGHTS[matrix]
  const kg = 1 - kr - kb
  const [yBase, yScale, cScale] = fullRange ? [0, 255, 255] : [16, 219, 224]
  // Cb and Cr are (B − Y') and (R − Y') scaled to ±0.5.
  const cb = [-kr, -kg, 1 - kb].map((w) => (w / (2 * (1 - kb))) * cScale)
  const cr = [1 - kr, -kg, -kb].map((w) => (w / (2 * (1 - kr))) * cScale)
  return [[...[kr, kg, kb].map((w) => w * yScale), yBase], [...cb, 128], [...cr, 128]]
}

/** b after a: both affine maps of three values. */
function then(a: Affine, b: Affine): Affine {
  return b.map((row) => [0, 1, 2, 3].map((j) => row[0] * a[0][j] + row[1] * a[1][j] + row[2] * a[2][j] + (j === 3 ? row[3] : 0)))
}

/**
 * An SVG feColorMatrix (its 20 values, on sRGB-encoded values) that turns what Chromium's player
 * shows of a film it decodes with its BT.601 limited-range guess into what the film's own tags
 * (`colour`) give: Chromium's R'G'B' back to the film's code values, then decoded as tagged.
 */
export function playerCorrection(colour: YuvColour): number[] {
  const map = then(encoding(CHROMIUM_GUESS), decoding(colour))
  return [...map.flatMap(([r, g, b, offset]) => [r, g, b, 0, offset]), 0, 0, 0, 1, 0]
}
