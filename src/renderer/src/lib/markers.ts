// Where on the image does each swatch's colour lie? Found from the displayed image's own pixels,
// so a marker always sits on a pixel the designer can see with that colour.
import type { Rgb } from '../../../shared/palette'

export interface Pixels {
  readonly width: number
  readonly height: number
  /** RGBA, 8 bits per channel, row-major (what a canvas's ImageData holds). */
  readonly data: Uint8ClampedArray
}

/** A position as a fraction of the image's width and height (0..1), at a pixel's centre. */
export interface Marker {
  x: number
  y: number
  /** RGB distance from the colour to the pixel under the marker (0: that exact colour is there). */
  distance: number
}

/** Beyond this distance the marker shows the nearest match, not the colour itself (±15 per channel). */
export const NEAR_MATCH = Math.hypot(15, 15, 15)

const GRID = 12
/** Pixels within this RGB distance of the best match count as "that colour" too. */
const TOLERANCE = 12

/**
 * For each colour: the pixels closest to it (up to a tolerance) are binned in a coarse grid and
 * the marker goes on the candidate nearest the middle of the fullest cell: the biggest patch of
 * that colour, not a stray pixel on an edge.
 */
export function locateColours(pixels: Pixels, colours: readonly Rgb[], maxSamples = 40_000): Marker[] {
  const step = Math.max(1, Math.floor(Math.sqrt((pixels.width * pixels.height) / maxSamples)))
  return colours.map((colour) => locateOne(pixels, colour, step))
}

function locateOne(p: Pixels, [r, g, b]: Rgb, step: number): Marker {
  const dist: number[] = []
  const at: number[] = []
  let best = Infinity
  for (let y = 0; y < p.height; y += step) {
    for (let x = 0; x < p.width; x += step) {
      const i = (y * p.width + x) * 4
      if (p.data[i + 3] < 128) continue
      const d = Math.hypot(p.data[i] - r, p.data[i + 1] - g, p.data[i + 2] - b)
      dist.push(d)
      at.push(y * p.width + x)
      if (d < best) best = d
    }
  }
  if (at.length === 0) return { x: 0.5, y: 0.5, distance: Infinity }
  const cells = new Map<number, number[]>()
  for (let k = 0; k < at.length; k++) {
    if (dist[k] > best + TOLERANCE) continue
    const x = at[k] % p.width
    const y = Math.floor(at[k] / p.width)
    const cell = Math.floor((y / p.height) * GRID) * GRID + Math.floor((x / p.width) * GRID)
    const list = cells.get(cell) ?? []
    list.push(at[k])
    cells.set(cell, list)
  }
  // Among the (nearly) fullest cells, the one nearest the middle of all candidates: a flat
  // colour field gets its marker in its middle, not in its first corner.
  const all = [...cells.values()].flat()
  const mid = centroid(all, p.width)
  const most = Math.max(...[...cells.values()].map((c) => c.length))
  const full = [...cells.values()].filter((c) => c.length >= most * 0.9)
  const fullest = nearest(full.map((c) => ({ c, at: centroid(c, p.width) })), mid).c
  const chosen = nearest(fullest.map((i) => ({ i, at: { x: i % p.width, y: Math.floor(i / p.width) } })), centroid(fullest, p.width)).i
  return {
    x: ((chosen % p.width) + 0.5) / p.width,
    y: (Math.floor(chosen / p.width) + 0.5) / p.height,
    distance: dist[at.indexOf(chosen)]
  }
}

/** The colour under a point given as fractions of the image size (the eyedropper). */
export function colourAt(pixels: Pixels, fx: number, fy: number): Rgb {
  const x = Math.min(pixels.width - 1, Math.max(0, Math.floor(fx * pixels.width)))
  const y = Math.min(pixels.height - 1, Math.max(0, Math.floor(fy * pixels.height)))
  const i = (y * pixels.width + x) * 4
  return [pixels.data[i], pixels.data[i + 1], pixels.data[i + 2]]
}

function centroid(indices: number[], width: number): { x: number; y: number } {
  let x = 0
  let y = 0
  for (const i of indices) {
    x += i % width
    y += Math.floor(i / width)
  }
  return { x: x / indices.length, y: y / indices.length }
}

function nearest<T extends { at: { x: number; y: number } }>(items: T[], to: { x: number; y: number }): T {
  return items.reduce((a, b) => (Math.hypot(b.at.x - to.x, b.at.y - to.y) < Math.hypot(a.at.x - to.x, a.at.y - to.y) ? b : a))
}
