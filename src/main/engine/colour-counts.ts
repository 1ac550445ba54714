// The distinct opaque colours of an image with how many pixels have each: k-means works on these
// instead of on every pixel (a photo has far fewer colours than pixels).
import { OPAQUE_ALPHA, type RgbaImage } from './image'

interface ColourCounts {
  /** Packed 0xRRGGBB, in first-seen order (so results never depend on hash order). */
  colours: Uint32Array
  counts: Uint32Array
  /** Pixels counted: those with alpha >= OPAQUE_ALPHA. */
  total: number
}

/**
 * One pass over the pixels with an open-addressing hash in typed arrays: a Map of numbers costs
 * about ten times as much here (boxing, rehashing) and this runs on every palette.
 */
export function countColours(img: RgbaImage): ColourCounts {
  const { data } = img
  const pixels = data.length >> 2
  // At most half full, so probes stay short; a power of two, so a mask replaces the modulo.
  const bits = Math.max(4, Math.ceil(Math.log2(pixels * 2 + 1)))
  const mask = (1 << bits) - 1
  const slotKey = new Int32Array(mask + 1).fill(-1)
  const slotIndex = new Int32Array(mask + 1)
  const colours = new Uint32Array(pixels)
  const counts = new Uint32Array(pixels)
  let distinct = 0
  let total = 0
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < OPAQUE_ALPHA) continue
    total++
    const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2]
    // Fibonacci hashing spreads neighbouring colours (which photos are full of) over the table.
    let slot = Math.imul(key, 0x9e3779b1) >>> (32 - bits)
    while (slotKey[slot] !== key && slotKey[slot] !== -1) slot = (slot + 1) & mask
    if (slotKey[slot] === key) {
      counts[slotIndex[slot]]++
    } else {
      slotKey[slot] = key
      slotIndex[slot] = distinct
      colours[distinct] = key
      counts[distinct++] = 1
    }
  }
  return { colours: colours.slice(0, distinct), counts: counts.slice(0, distinct), total }
}
