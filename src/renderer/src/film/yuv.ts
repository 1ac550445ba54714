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

/** The weights of one conversion: Y' and its base, and each chroma's share of R, G and B. */
interface Coefficients {
  yBase: number
  yScale: number
  crToR: number
  cbToB: number
  crToG: number
  cbToG: number
}

function coefficients(colour: YuvColour): Coefficients {
  const { kr, kb } = WEIGHTS[colour.matrix]
  const kg = 1 - kr - kb
  // Limited range: Y' over 16–235, chroma over 16–240; full range: both over 0–255.
  const [yBase, yScale, cScale] = colour.fullRange ? [0, 1, 1] : [16, 255 / 219, 255 / 224]
  return {
    yBase,
    yScale,
    crToR: 2 * (1 - kr) * cScale,
    cbToB: 2 * (1 - kb) * cScale,
    crToG: (2 * (1 - kr) * kr * cScale) / kg,
    cbToG: (2 * (1 - kb) * kb * cScale) / kg
  }
}

/** One pixel's RGBA at `at` in `rgba`, from its Y' (code value) and chroma (code values less 128). */
function put(rgba: Uint8ClampedArray, at: number, y: number, cb: number, cr: number, k: Coefficients): void {
  const luma = (y - k.yBase) * k.yScale
  // Uint8ClampedArray rounds half to even and clamps, as ffmpeg's accurate rounding does.
  rgba[at] = luma + k.crToR * cr
  rgba[at + 1] = luma - k.cbToG * cb - k.crToG * cr
  rgba[at + 2] = luma + k.cbToB * cb
  rgba[at + 3] = 255
}

/**
 * The frame's RGBA, as ffmpeg converts it. Chroma is upsampled by nearest neighbour (each sample
 * covers its 2 × 2 pixels): the frame is scaled down to at most 1,024 pixels, and analysed at 512,
 * so chroma's own edges are averaged away before they could count, while bilinear upsampling would
 * cost a second pass for nothing a palette shows.
 */
export function yuvToRgba(planes: YuvPlanes, colour: YuvColour): Uint8ClampedArray<ArrayBuffer> {
  const { width, height, data, layout } = planes
  const k = coefficients(colour)
  const [u, v] = chromaPlanes(planes)
  const rgba = new Uint8ClampedArray(width * height * 4)
  for (let row = 0; row < height; row++) {
    const yRow = layout[0].offset + row * layout[0].stride
    // One chroma row serves two rows of pixels; a step along it, two pixels.
    const uRow = u.offset + (row >> 1) * u.stride
    const vRow = v.offset + (row >> 1) * v.stride
    for (let col = 0, at = row * width * 4; col < width; col++, at += 4) {
      put(rgba, at, data[yRow + col], data[uRow + (col >> 1) * u.step] - 128, data[vRow + (col >> 1) * v.step] - 128, k)
    }
  }
  return rgba
}

/**
 * The frame's RGBA at half its width and height (rounded up): each pixel is one 2 × 2 block, its
 * four Y' averaged with the block's own chroma sample. The conversion is affine, so this is the
 * block's mean colour as yuvToRgba gives it (but where that clamps), at a quarter of the work: for
 * frames at least twice the size they are scaled down to anyway (a 4K frame: 150 ms at full size).
 */
export function yuvToRgbaHalf(planes: YuvPlanes, colour: YuvColour): { width: number; height: number; rgba: Uint8ClampedArray<ArrayBuffer> } {
  const { width, height, data, layout } = planes
  const k = coefficients(colour)
  const [u, v] = chromaPlanes(planes)
  const [halfWidth, halfHeight] = [Math.ceil(width / 2), Math.ceil(height / 2)]
  const rgba = new Uint8ClampedArray(halfWidth * halfHeight * 4)
  const { offset, stride } = layout[0]
  for (let row = 0; row < halfHeight; row++) {
    // An odd last row or column is its own pair.
    const top = offset + 2 * row * stride
    const bottom = offset + Math.min(2 * row + 1, height - 1) * stride
    const uRow = u.offset + row * u.stride
    const vRow = v.offset + row * v.stride
    for (let col = 0, at = row * halfWidth * 4; col < halfWidth; col++, at += 4) {
      const left = 2 * col
      const right = Math.min(left + 1, width - 1)
      const y = (data[top + left] + data[top + right] + data[bottom + left] + data[bottom + right]) / 4
      put(rgba, at, y, data[uRow + col * u.step] - 128, data[vRow + col * v.step] - 128, k)
    }
  }
  return { width: halfWidth, height: halfHeight, rgba }
}

/** Where a chroma plane's samples lie in `data`: its start, its row stride, and the step from one sample to the next. */
interface ChromaPlane {
  offset: number
  stride: number
  step: number
}

/** U and V: one sample per 2 × 2 pixels, in planes of their own (I420) or interleaved in one (NV12). */
function chromaPlanes({ format, layout }: YuvPlanes): [ChromaPlane, ChromaPlane] {
  if (format === 'NV12') {
    const { offset, stride } = layout[1]
    return [
      { offset, stride, step: 2 },
      { offset: offset + 1, stride, step: 2 }
    ]
  }
  return [
    { ...layout[1], step: 1 },
    { ...layout[2], step: 1 }
  ]
}

/** What Chromium decodes a partly tagged film with, whatever its tags say (docs/decoding.md, "Film colour"). */
const CHROMIUM_GUESS: YuvColour = { matrix: 'bt601', fullRange: false }

/** An affine map: three rows (of R', G', B' or of Y', Cb, Cr), each three weights and an offset. */
type Affine = number[][]

/** Code values (Y', Cb, Cr, 0–255) to R'G'B' (0–1), as `colour` decodes them: yuvToRgba's weights, over 255. */
function decoding(colour: YuvColour): Affine {
  const k = coefficients(colour)
  const rows = [
    [k.yScale, 0, k.crToR],
    [k.yScale, -k.cbToG, -k.crToG],
    [k.yScale, k.cbToB, 0]
  ].map((row) => row.map((w) => w / 255))
  return rows.map(([y, cb, cr]) => [y, cb, cr, -y * k.yBase - (cb + cr) * 128])
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
