// One training sample: a crop of a source image, seen exactly as the app would see it if a
// designer dropped that crop in, with its median-cut ground truth and the cheap inputs.
import sharp from 'sharp'
import { analysisImage, scaleAreaMap } from '../../src/main/engine/area-scale'
import { DECODE_MAX_SIDE } from '../../src/main/engine/decode'
import { CELLS, colourCells } from '../../src/main/engine/histogram'
import { OPAQUE_ALPHA, type RgbaImage } from '../../src/main/engine/image'
import { medianCut } from '../../src/main/engine/median-cut'
import { flattenOnMeanColour, toRgbyTensor } from '../../src/main/engine/rgby'
import type { Swatch } from '../../src/shared/palette'
import type { Rect } from './crops'

/** Sources are decoded once to this long side; crops are cut from that image. */
const SOURCE_MAX_SIDE = 2048
export { CELLS }
export const THUMB_SIDE = 64
export const RGBY_SIDE = 32

export interface Sample {
  gt: Swatch[]
  hist: Float32Array
  cellrgb: Uint8Array
  thumb: Uint8Array
  rgby: Float32Array
}

/** The source image as the crops are cut from it: oriented, sRGB, RGBA, long side at most 2048. */
export async function decodeSource(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(file, { failOn: 'error', limitInputPixels: 1e8 })
    .autoOrient()
    .resize({ width: SOURCE_MAX_SIDE, height: SOURCE_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }
}

export function cropImage(img: RgbaImage, r: Rect): RgbaImage {
  const out = new Uint8Array(r.w * r.h * 4)
  for (let y = 0; y < r.h; y++) {
    const from = ((r.y + y) * img.width + r.x) * 4
    out.set(img.data.subarray(from, from + r.w * 4), y * r.w * 4)
  }
  return { width: r.w, height: r.h, data: out }
}

/**
 * What `decodeImage` gives for a lossless file of these pixels: the same sharp resize
 * (long side at most 512, linear, never enlarged). Checked against decodeImage in the tests.
 */
export async function asDecoded(img: RgbaImage): Promise<RgbaImage> {
  if (Math.max(img.width, img.height) <= DECODE_MAX_SIDE) return img
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } })
    .resize({ width: DECODE_MAX_SIDE, height: DECODE_MAX_SIDE, fit: 'inside', withoutEnlargement: true, kernel: 'linear' })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }
}

/** Share of opaque pixels in the image. */
function opaqueShare(img: RgbaImage): number {
  let n = 0
  for (let i = 3; i < img.data.length; i += 4) if (img.data[i] >= OPAQUE_ALPHA) n++
  return n / (img.width * img.height)
}

/** RGB bytes of an RGBA image (alpha dropped). */
function rgbBytes(img: RgbaImage): Uint8Array {
  const out = new Uint8Array(img.width * img.height * 3)
  for (let p = 0; p < img.width * img.height; p++) out.set(img.data.subarray(4 * p, 4 * p + 3), 3 * p)
  return out
}

/**
 * The sample for one crop, or null when the crop is no use for training: mostly transparent,
 * or so flat that median cut finds fewer than 3 colours.
 */
export async function makeSample(source: RgbaImage, rect: Rect): Promise<Sample | null> {
  const decoded = await asDecoded(cropImage(source, rect))
  const analysis = analysisImage(decoded)
  if (opaqueShare(analysis) < 0.3) return null
  const gt = medianCut(analysis, 5)
  if (gt.length < 3) return null
  // The one definition the app's neural method reads too (engine/histogram.ts).
  const { hist, cellrgb } = colourCells(analysis)
  // The network sees no alpha: the thumbnail is composited as the backbone input is (rgby.ts).
  const thumb = rgbBytes(scaleAreaMap(flattenOnMeanColour(decoded), THUMB_SIDE, THUMB_SIDE))
  const rgby = toRgbyTensor(decoded, RGBY_SIDE)
  return { gt, hist, cellrgb, thumb, rgby }
}
