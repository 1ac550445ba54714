// Images with known colours for the end-to-end tests, made with sharp at test time.
import sharp from 'sharp'
import type { Rgb } from '../../src/shared/palette'

export interface Band {
  rgb: Rgb
  /** Share of the image's width (and so of its pixels). */
  share: number
}

/** Five flat colours, widest first, in vertical bands: what a palette must find is plain. */
export const FIVE_BANDS: Band[] = [
  { rgb: [196, 60, 44], share: 0.34 },
  { rgb: [36, 92, 180], share: 0.26 },
  { rgb: [228, 196, 76], share: 0.18 },
  { rgb: [44, 124, 60], share: 0.13 },
  { rgb: [236, 236, 228], share: 0.09 }
]

/** Four colours of a night scene, none near FIVE_BANDS': the second image of a comparison. */
export const NIGHT_BANDS: Band[] = [
  { rgb: [30, 30, 34], share: 0.4 },
  { rgb: [200, 120, 160], share: 0.3 },
  { rgb: [90, 200, 210], share: 0.2 },
  { rgb: [250, 250, 250], share: 0.1 }
]

export async function bandsPng(bands: Band[], width = 600, height = 400): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3)
  const total = bands.reduce((s, b) => s + b.share, 0)
  const edges = bands.map((_, i) => Math.round((bands.slice(0, i + 1).reduce((s, b) => s + b.share, 0) / total) * width))
  for (let x = 0; x < width; x++) {
    const band = bands[Math.min(bands.length - 1, edges.findIndex((e) => x < e))]
    for (let y = 0; y < height; y++) data.set(band.rgb, (y * width + x) * 3)
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer()
}

export const hexOf = ([r, g, b]: Rgb): string => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`

export function rgbOfHex(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

/** Largest channel difference: the paper counts a swatch correct within ±15. */
export const channelDistance = (a: Rgb, b: Rgb): number => Math.max(...a.map((v, i) => Math.abs(v - b[i])))
