// Random crops of a source image, as the paper trains on (§3: "We randomly applied crop to the
// input data ... so that the model does not recognize that the largest number of pixels always
// represent the image"). Varied size (10 %–100 % of the side) and aspect (1:3 … 3:1), seeded per source.
import { createHash } from 'node:crypto'

export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

export function seedFor(globalSeed: number, sourceId: string): number {
  return createHash('sha256').update(`${globalSeed}:${sourceId}`).digest().readUInt32BE(0)
}

export const MIN_CROP_SIDE = 64
const MIN_SCALE = 0.1
export const MAX_ASPECT = 3

/**
 * One random crop of a width × height image: the side scale s ~ U(0.1, 1) of the image's
 * geometric-mean side, the aspect log-uniform in 1:3 … 3:1, shrunk to fit, placed uniformly.
 * Null when the drawn crop would have a side under MIN_CROP_SIDE pixels.
 */
export function randomCrop(width: number, height: number, rand: () => number): Rect | null {
  const s = MIN_SCALE + (1 - MIN_SCALE) * rand()
  const aspect = Math.exp((2 * rand() - 1) * Math.log(MAX_ASPECT))
  const side = s * Math.sqrt(width * height)
  let w = side * Math.sqrt(aspect)
  let h = side / Math.sqrt(aspect)
  const fit = Math.min(1, width / w, height / h) // keep the aspect when the crop is too big
  w = Math.round(w * fit)
  h = Math.round(h * fit)
  if (Math.min(w, h) < MIN_CROP_SIDE) return null
  const x = Math.floor(rand() * (width - w + 1))
  const y = Math.floor(rand() * (height - h + 1))
  return { x, y, w, h }
}

/**
 * The crop rectangles to try for one source, in order: the whole image first (what a designer
 * usually drops in), then random crops. The caller keeps the first `count` usable ones.
 */
export function* cropCandidates(width: number, height: number, rand: () => number, maxTries: number): Generator<Rect> {
  yield { x: 0, y: 0, w: width, h: height }
  for (let i = 0; i < maxTries; i++) {
    const r = randomCrop(width, height, rand)
    if (r) yield r
  }
}
