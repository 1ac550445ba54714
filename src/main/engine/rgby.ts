// The backbone's input (paper §2.1): the image as four planes R, G, B and Y, NCHW, 0..255,
// the contract of resources/models/backbone-*.onnx (see training/convert/tfjs_to_onnx.py).
import { scaleAreaMap } from './area-scale'
import type { RgbaImage } from './image'

/** BT.601 luma, the Y of full-range (JPEG) YCbCr, which the RL agent later moves up and down. */
export const LUMA = [0.299, 0.587, 0.114] as const

/** Y of YCbCr for 0..255 R, G, B. */
export function luma(r: number, g: number, b: number): number {
  return LUMA[0] * r + LUMA[1] * g + LUMA[2] * b
}

/**
 * The image at `size` × `size` as a [1, 4, size, size] RGBY tensor (0..255), ready for the
 * backbone. Transparency is composited first (see `flattenOnMeanColour`), then the image is
 * area-averaged to the square like the median-cut analysis image, so both methods see the
 * same colours; an axis shorter than `size` is first enlarged by repeating pixels, which
 * adds no colour that is not in the image.
 */
export function toRgbyTensor(img: RgbaImage, size: number): Float32Array {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`tensor size must be a positive integer, got ${size}`)
  const opaque = flattenOnMeanColour(img)
  const enlarged = enlargeTo(opaque, Math.max(size, img.width), Math.max(size, img.height))
  return rgbyPlanes(scaleAreaMap(enlarged, size, size))
}

/** The image, unresized, as a [1, 4, height, width] RGBY tensor; alpha is ignored. */
export function rgbyPlanes(img: RgbaImage): Float32Array {
  const plane = img.width * img.height
  const out = new Float32Array(4 * plane)
  for (let p = 0; p < plane; p++) {
    const r = img.data[4 * p]!, g = img.data[4 * p + 1]!, b = img.data[4 * p + 2]!
    out[p] = r
    out[plane + p] = g
    out[2 * plane + p] = b
    out[3 * plane + p] = luma(r, g, b)
  }
  return out
}

/**
 * The image made opaque by compositing every pixel over the alpha-weighted mean colour of
 * the image. The network has no alpha channel, and transparent areas have no colour a
 * designer would want in the palette: black or white behind them would add a colour (or
 * pull the palette towards one) that is not in the picture, while the mean colour adds no
 * new hue and leaves the balance of the visible colours as it was. A fully transparent
 * image falls back to its plain mean.
 */
export function flattenOnMeanColour(img: RgbaImage): RgbaImage {
  const d = img.data, n = img.width * img.height
  // Most pictures (every JPEG) are opaque, and compositing changes no pixel of theirs: skipping
  // it saves 4–5 ms of a neural palette's CPU (bench, 512-px image).
  if (isOpaque(img)) return img
  const mean = meanColour(img)
  const out = new Uint8Array(4 * n)
  for (let p = 0; p < n; p++) {
    const a = d[4 * p + 3]! / 255
    for (let c = 0; c < 3; c++) out[4 * p + c] = Math.round(a * d[4 * p + c]! + (1 - a) * mean[c]!)
    out[4 * p + 3] = 255
  }
  return { width: img.width, height: img.height, data: out }
}

function isOpaque({ data }: RgbaImage): boolean {
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return false
  return true
}

function meanColour(img: RgbaImage): [number, number, number] {
  const d = img.data, n = img.width * img.height
  const weighted = [0, 0, 0], plain = [0, 0, 0]
  let weight = 0
  for (let p = 0; p < n; p++) {
    const a = d[4 * p + 3]!
    for (let c = 0; c < 3; c++) {
      weighted[c] += a * d[4 * p + c]!
      plain[c] += d[4 * p + c]!
    }
    weight += a
  }
  const [sums, total] = weight > 0 ? [weighted, weight] : [plain, Math.max(1, n)]
  return [sums[0]! / total, sums[1]! / total, sums[2]! / total]
}

/** Nearest-neighbour enlargement to at least width × height (no-op when already that big). */
function enlargeTo(img: RgbaImage, width: number, height: number): RgbaImage {
  if (width === img.width && height === img.height) return img
  const out = new Uint8Array(4 * width * height)
  for (let y = 0; y < height; y++) {
    const sy = Math.floor((y * img.height) / height)
    for (let x = 0; x < width; x++) {
      const s = 4 * (sy * img.width + Math.floor((x * img.width) / width))
      out.set(img.data.subarray(s, s + 4), 4 * (y * width + x))
    }
  }
  return { width, height, data: out }
}
