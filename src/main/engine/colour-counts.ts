// The distinct opaque colours of an image with how many pixels have each: k-means and the
// ranking histogram work on these instead of on every pixel (a photo has far fewer colours than pixels).
import { OPAQUE_ALPHA, type RgbaImage } from './image'

export interface ColourCounts {
  /** Packed 0xRRGGBB, in first-seen order (so results never depend on hash order). */
  colours: Uint32Array
  counts: Uint32Array
  /** Pixels counted: those with alpha >= OPAQUE_ALPHA. */
  total: number
}

export function countColours(img: RgbaImage): ColourCounts {
  const index = new Map<number, number>()
  const colours: number[] = []
  const counts: number[] = []
  const { data } = img
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < OPAQUE_ALPHA) continue
    const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2]
    const at = index.get(key)
    if (at === undefined) {
      index.set(key, colours.length)
      colours.push(key)
      counts.push(1)
    } else counts[at]++
  }
  return { colours: Uint32Array.from(colours), counts: Uint32Array.from(counts), total: counts.reduce((a, b) => a + b, 0) }
}

export const unpack = (key: number): [number, number, number] => [(key >> 16) & 0xff, (key >> 8) & 0xff, key & 0xff]
