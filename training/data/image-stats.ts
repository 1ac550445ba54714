// Cheap statistics of a small thumbnail that tell a picture (photo, painting, illustration)
// from an icon, a flat UI element or a texture mask, and a perceptual hash for near-duplicates.
import sharp from 'sharp'
import { luma as lumaOf } from '../../src/main/engine/rgby'

const THUMB = 32

export interface ImageStats {
  width: number
  height: number
  /** Share of pixels with alpha >= 128. */
  opaque: number
  /** Shannon entropy of the 32-bin luma histogram of the opaque pixels, bits (0..5). */
  entropy: number
  /** Hasler–Süsstrunk colourfulness of the opaque pixels. */
  colourfulness: number
  /** Number of distinct 4-bit-per-channel colours among the opaque pixels. */
  colours: number
  /** 64-bit difference hash of the luma, as 16 hex digits. */
  dhash: string
  /** Mean opaque colour, for telling colour variants of one picture apart. */
  mean: [number, number, number]
  /** 8×8 grid of mean RGB (transparent pixels included), 192 bytes as hex: the colour layout. */
  layout: string
}

export async function imageStats(file: string): Promise<ImageStats> {
  const img = sharp(file, { failOn: 'error', limitInputPixels: 1e8 })
  const meta = await img.metadata()
  const width = meta.autoOrient?.width ?? meta.width ?? 0
  const height = meta.autoOrient?.height ?? meta.height ?? 0
  const { data } = await img
    .autoOrient()
    .resize(THUMB, THUMB, { fit: 'fill', kernel: 'cubic' })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { width, height, ...pixelStats(data, THUMB, THUMB) }
}

function pixelStats(rgba: Uint8Array, w: number, h: number): Omit<ImageStats, 'width' | 'height'> {
  const hist = new Float64Array(32)
  const seen = new Set<number>()
  let n = 0
  let sr = 0, sg = 0, sb = 0, srg = 0, syb = 0, srg2 = 0, syb2 = 0
  const luma = new Float64Array(w * h)
  for (let i = 0; i < w * h; i++) {
    const r = rgba[4 * i], g = rgba[4 * i + 1], b = rgba[4 * i + 2]
    luma[i] = lumaOf(r, g, b)
    if (rgba[4 * i + 3] < 128) continue
    n++
    hist[Math.min(31, luma[i] >> 3)]++
    seen.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4))
    sr += r; sg += g; sb += b
    const rg = r - g, yb = 0.5 * (r + g) - b
    srg += rg; syb += yb; srg2 += rg * rg; syb2 += yb * yb
  }
  let entropy = 0
  for (const c of hist) if (c > 0) entropy -= (c / n) * Math.log2(c / n)
  const mrg = n ? srg / n : 0, myb = n ? syb / n : 0
  const vrg = n ? srg2 / n - mrg * mrg : 0, vyb = n ? syb2 / n - myb * myb : 0
  const colourfulness = Math.sqrt(Math.max(0, vrg) + Math.max(0, vyb)) + 0.3 * Math.sqrt(mrg * mrg + myb * myb)
  return {
    opaque: n / (w * h),
    entropy: n ? entropy : 0,
    colourfulness,
    colours: seen.size,
    dhash: dhash(luma, w, h),
    mean: n ? [sr / n, sg / n, sb / n] : [0, 0, 0],
    layout: layout(rgba, w, h)
  }
}

function layout(rgba: Uint8Array, w: number, h: number): string {
  const sum = new Float64Array(8 * 8 * 3), cnt = new Float64Array(64)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const c = Math.floor((y * 8) / h) * 8 + Math.floor((x * 8) / w)
      for (let k = 0; k < 3; k++) sum[3 * c + k] += rgba[4 * (y * w + x) + k]
      cnt[c]++
    }
  return Buffer.from(sum.map((v, i) => Math.round(v / cnt[Math.floor(i / 3)]))).toString('hex')
}

/** Mean absolute difference of two colour layouts, 0..255. */
export function layoutDistance(a: string, b: string): number {
  const x = Buffer.from(a, 'hex'), y = Buffer.from(b, 'hex')
  let d = 0
  for (let i = 0; i < x.length; i++) d += Math.abs(x[i] - y[i])
  return d / x.length
}

/** dHash: average the luma to 9×8 cells, one bit per horizontal neighbour comparison. */
function dhash(luma: Float64Array, w: number, h: number): string {
  const cells = new Float64Array(9 * 8)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) cells[Math.floor((y * 8) / h) * 9 + Math.floor((x * 9) / w)] += luma[y * w + x]
  let hi = 0, lo = 0
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++) {
      const bit = cells[y * 9 + x] > cells[y * 9 + x + 1] ? 1 : 0
      const k = y * 8 + x
      if (k < 32) hi = (hi | (bit << k)) >>> 0
      else lo = (lo | (bit << (k - 32))) >>> 0
    }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
}

export function hamming(a: string, b: string): number {
  let d = 0
  for (let i = 0; i < 16; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0
    while (x) { x &= x - 1; d++ }
  }
  return d
}
