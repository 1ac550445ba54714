// Area-average downscaling as Leptonica 1.82 does it (src/scale1.c): pixScaleAreaMap's
// general case (scaleColorAreaMapLow: every source pixel cut into 16 × 16 sub-pixels,
// each output pixel the rounded mean of the sub-pixels it covers) and its exact 2x, 4x,
// 8x and 16x cases (scaleAreaMapLow2: truncated mean of 2 × 2 pixels, repeated).
// Median cut is very sensitive to this step, so fully opaque images give Leptonica's
// pixels bit for bit, quirks included. Transparency is our addition: colour is averaged
// weighted by alpha, and a pixel is opaque when at least half the area it covers is.
import { OPAQUE_ALPHA, type RgbaImage } from './image'

/**
 * The image at `width` × `height` (no larger than the source) by Leptonica's general
 * area-map reduction. Like Leptonica, output pixels whose footprint reaches the last
 * source column or row copy the source pixel at the footprint's top-left corner.
 */
export function scaleAreaMap(img: RgbaImage, width: number, height: number): RgbaImage {
  checkTarget(img, width, height)
  if (width === img.width && height === img.height) return copy(img)
  const out = new Uint8Array(width * height * 4)
  // scx, scy: source sub-pixels per output pixel, rounded to float32 as in C.
  const scx = Math.fround((16 * img.width) / width)
  const scy = Math.fround((16 * img.height) / height)
  const xs = footprints(scx, width)
  const ys = footprints(scy, height)
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      areaPixel(img, xs, ys, j, i, out, (i * width + j) * 4)
    }
  }
  return { width, height, data: out }
}

/**
 * pixScaleAreaMap(pix, scalex, scaley) for a reduction: the output size Leptonica
 * computes for the factors, and its exact 2x cascade for 0.5, 0.25, 0.125 and 0.0625.
 */
export function scaleAreaMapByFactor(img: RgbaImage, scalex: number, scaley: number): RgbaImage {
  const sx = Math.fround(scalex), sy = Math.fround(scaley)
  if (!(sx > 0 && sx <= 1 && sy > 0 && sy <= 1)) {
    throw new RangeError(`area-map scaling only reduces: got factors ${scalex} × ${scaley}`)
  }
  const halvings = [0.5, 0.25, 0.125, 0.0625].indexOf(sx) + 1
  if (halvings > 0 && sx === sy) {
    let result = img
    for (let k = 0; k < halvings; k++) result = halve(result)
    return result
  }
  return scaleAreaMap(img, scaledSize(img.width, sx), scaledSize(img.height, sy))
}

/**
 * The analysis image for median cut: long side at most `maxSide`, reduced by area
 * averaging with the float32 factor maxSide / longSide as Leptonica would be given;
 * images already small enough come back unchanged (the same object).
 */
export function analysisImage(img: RgbaImage, maxSide = 256): RgbaImage {
  const longSide = Math.max(img.width, img.height)
  if (longSide <= maxSide) return img
  const scale = Math.fround(maxSide / longSide)
  return scaleAreaMapByFactor(img, scale, scale)
}

/** Leptonica's output size for a factor: (l_int32)(scale * (l_float32)size + 0.5), at least 1. */
export function scaledSize(size: number, scale: number): number {
  return Math.max(1, Math.trunc(Math.fround(Math.fround(scale) * size) + 0.5))
}

interface Footprints {
  /** First and last source pixel covered (xup, xlp) and the sub-pixel fractions (xuf, xlf). */
  up: Int32Array
  lp: Int32Array
  uf: Int32Array
  lf: Int32Array
}

/** Footprint of each output column (or row) in 1/16 source pixels, as scaleColorAreaMapLow. */
function footprints(sc: number, n: number): Footprints {
  const f = { up: new Int32Array(n), lp: new Int32Array(n), uf: new Int32Array(n), lf: new Int32Array(n) }
  for (let j = 0; j < n; j++) {
    const u = Math.trunc(Math.fround(sc * j)) // float32 product in C
    const l = Math.trunc(sc * (j + 1.0)) // double product in C
    f.up[j] = u >> 4
    f.uf[j] = u & 15
    f.lp[j] = l >> 4
    f.lf[j] = l & 15
  }
  return f
}

/** One output pixel of scaleColorAreaMapLow, written to out[o..o+3]. */
function areaPixel(img: RgbaImage, xs: Footprints, ys: Footprints, j: number, i: number, out: Uint8Array, o: number): void {
  const src = img.data, ws = img.width
  const xup = xs.up[j]!, xlp = xs.lp[j]!, yup = ys.up[i]!, ylp = ys.lp[i]!
  if (xlp > ws - 2 || ylp > img.height - 2) {
    // Leptonica's edge rule: just use a source pixel value.
    const s = (yup * ws + xup) * 4
    out[o] = src[s]!
    out[o + 1] = src[s + 1]!
    out[o + 2] = src[s + 2]!
    out[o + 3] = src[s + 3]! >= OPAQUE_ALPHA ? 255 : 0
    return
  }
  const xuf = xs.uf[j]!, xlf = xs.lf[j]!, yuf = ys.uf[i]!, ylf = ys.lf[i]!
  const delx = xlp - xup, dely = ylp - yup
  const area = (16 - xuf + 16 * (delx - 1) + xlf) * (16 - yuf + 16 * (dely - 1) + ylf)
  let r = 0, g = 0, b = 0, weight = 0, opaqueArea = 0
  // Each covered source pixel weighs (sub-pixel columns) × (sub-pixel rows); the
  // corner, side and interior sums of the C code are this one sum, regrouped.
  for (let k = 0; k <= dely; k++) {
    const h = k === 0 ? 16 - yuf : k === dely ? ylf : 16
    if (h === 0) continue
    const row = (yup + k) * ws
    for (let m = 0; m <= delx; m++) {
      const w = m === 0 ? 16 - xuf : m === delx ? xlf : 16
      if (w === 0) continue
      const s = (row + xup + m) * 4
      const alpha = src[s + 3]!
      const wa = w * h * alpha
      r += wa * src[s]!
      g += wa * src[s + 1]!
      b += wa * src[s + 2]!
      weight += wa
      if (alpha >= OPAQUE_ALPHA) opaqueArea += w * h
    }
  }
  writeMean(out, o, r, g, b, weight, area)
  out[o + 3] = 2 * opaqueArea >= area ? 255 : 0
}

/**
 * Leptonica's rounding, (sum + 128) / area in integers, when the footprint is fully
 * opaque (then the alpha-weighted sums are 255 × Leptonica's); otherwise the weighted
 * mean with the same half-sub-pixel rounding.
 */
function writeMean(out: Uint8Array, o: number, r: number, g: number, b: number, weight: number, area: number): void {
  if (weight === 255 * area) {
    out[o] = Math.trunc((r / 255 + 128) / area)
    out[o + 1] = Math.trunc((g / 255 + 128) / area)
    out[o + 2] = Math.trunc((b / 255 + 128) / area)
  } else if (weight > 0) {
    out[o] = Math.min(255, Math.floor(r / weight + 128 / area))
    out[o + 1] = Math.min(255, Math.floor(g / weight + 128 / area))
    out[o + 2] = Math.min(255, Math.floor(b / weight + 128 / area))
  } else {
    out[o] = out[o + 1] = out[o + 2] = 0
  }
}

/** pixScaleAreaMap2 / scaleAreaMapLow2: each output pixel the truncated mean of 2 × 2. */
function halve(img: RgbaImage): RgbaImage {
  const width = Math.max(1, img.width >> 1), height = Math.max(1, img.height >> 1)
  const src = img.data, ws = img.width
  const out = new Uint8Array(width * height * 4)
  const dx = img.width > 1 ? 4 : 0, dy = img.height > 1 ? ws * 4 : 0
  // The four pixels are written out rather than looped over: this runs on every palette, often
  // before the JIT has compiled it, and a per-pixel array of offsets cost most of its time.
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const s = (2 * i * ws + 2 * j) * 4
      const a0 = src[s + 3]!, a1 = src[s + dx + 3]!, a2 = src[s + dy + 3]!, a3 = src[s + dy + dx + 3]!
      const weight = a0 + a1 + a2 + a3
      const o = (i * width + j) * 4
      for (let c = 0; c < 3; c++) {
        const sum = a0 * src[s + c]! + a1 * src[s + dx + c]! + a2 * src[s + dy + c]! + a3 * src[s + dy + dx + c]!
        // Opaque: 255 × sum / (4 × 255) is exact, so this is Leptonica's sum >> 2.
        out[o + c] = weight > 0 ? Math.floor(sum / weight) : 0
      }
      const opaque = +(a0 >= OPAQUE_ALPHA) + +(a1 >= OPAQUE_ALPHA) + +(a2 >= OPAQUE_ALPHA) + +(a3 >= OPAQUE_ALPHA)
      out[o + 3] = opaque >= 2 ? 255 : 0
    }
  }
  return { width, height, data: out }
}

function checkTarget(img: RgbaImage, width: number, height: number): void {
  const ok = (v: number, max: number): boolean => Number.isInteger(v) && v >= 1 && v <= max
  if (!ok(width, img.width) || !ok(height, img.height)) {
    throw new RangeError(`area-map scaling only reduces: ${img.width}×${img.height} cannot become ${width}×${height}`)
  }
}

function copy(img: RgbaImage): RgbaImage {
  return { width: img.width, height: img.height, data: img.data.slice() }
}
