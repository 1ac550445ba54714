// Where on the image does each swatch's colour lie? Found from the displayed image's own pixels,
// so a marker always sits on a pixel the designer can see with that colour.
import { countsAt, mostOpaque } from '../../../shared/alpha'
import type { Rgb } from '../../../shared/palette'
import { rgbToHex } from './color'

export interface Pixels {
  readonly width: number
  readonly height: number
  /** RGBA, 8 bits per channel, row-major (what a canvas's ImageData holds). */
  readonly data: Uint8ClampedArray
}

/** A position as a fraction of the image's width and height (0..1). */
export interface Point {
  x: number
  y: number
}

/** Where a marker sits: at a pixel's centre. */
interface Marker extends Point {
  /** RGB distance from the colour to the pixel under the marker (0: that exact colour is there). */
  distance: number
}

/** A marker put by hand (dragged, or moved with the arrow keys): where, and the colour it took there. */
export interface Pin extends Point {
  hex: string
}

/** Beyond this distance the marker shows the nearest match, not the colour itself (±15 per channel). */
export const NEAR_MATCH = Math.hypot(15, 15, 15)

const GRID = 12
/** About this many pixels are looked at, evenly spread, whatever the image's size. */
const MAX_SAMPLES = 40_000
/** Pixels within this RGB distance of the best match count as "that colour" too. */
const TOLERANCE = 12

/**
 * Where a colour lies: the pixels closest to it (up to a tolerance) are binned in a coarse grid
 * and the marker goes on the candidate nearest the middle of the fullest cell: the biggest patch
 * of that colour, not a stray pixel on an edge. A scan of the image: tens of milliseconds on a
 * large one.
 */
export function locateColour(p: Pixels, [r, g, b]: Rgb): Marker {
  const step = Math.max(1, Math.floor(Math.sqrt((p.width * p.height) / MAX_SAMPLES)))
  const opaque = mostOpaque(p.data)
  const dist: number[] = []
  const at: number[] = []
  let best = Infinity
  for (let y = 0; y < p.height; y += step) {
    for (let x = 0; x < p.width; x += step) {
      const i = (y * p.width + x) * 4
      if (!countsAt(p.data[i + 3], opaque)) continue
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

/**
 * The markers of one image. A drag changes one swatch's colour on every pointer move: its marker
 * is pinned, and the others keep their colours, so nothing is looked for again. Each colour is
 * located once; a new image takes a new MarkerPlaces.
 */
export class MarkerPlaces {
  readonly #located = new Map<string, Marker>()

  constructor(
    private readonly pixels: Pixels,
    private readonly locate: (pixels: Pixels, colour: Rgb) => Marker = locateColour
  ) {}

  /**
   * Where the marker of a swatch of colour `rgb` goes. A pin holds while the swatch has the colour
   * it took there; any other colour (typed, undone, the eyedropper's) is shown where it lies, and
   * the pin's colour again (a redo) puts the marker back where it was put by hand.
   */
  place(rgb: Rgb, pin: Pin | undefined): Marker {
    const hex = rgbToHex(rgb)
    if (pin?.hex === hex) return { x: pin.x, y: pin.y, distance: 0 }
    let marker = this.#located.get(hex)
    if (!marker) {
      marker = this.locate(this.pixels, rgb)
      this.#located.set(hex, marker)
    }
    return marker
  }
}

/**
 * The pixel under `at`, as a marker put there by hand has it: its centre (the pin) and its colour.
 * A colour picked there is shown there, not where a scan of the image would locate it (a scan
 * samples a large image, and may miss a detail one pixel wide, or prefer a larger patch elsewhere).
 * Null on a pixel the palette does not count (transparent): a canvas keeps no colour there, only
 * 0,0,0, and the picture shows the background through it.
 */
export function pinAt(pixels: Pixels, at: Point): { pin: Pin; rgb: Rgb } | null {
  const { col, row } = pixelUnder(pixels, at)
  if (!counted(pixels, col, row)) return null
  const rgb = rgbOf(pixels, col, row)
  return { pin: { ...pixelCentre(pixels, at), hex: rgbToHex(rgb) }, rgb }
}

type Size = Pick<Pixels, 'width' | 'height'>

/**
 * The centre of the pixel `dx` columns and `dy` rows from the one under `at`, kept inside the
 * image: where a marker goes when dragged there (0, 0) or moved with the arrow keys.
 */
export function pixelCentre(size: Size, at: Point, dx = 0, dy = 0): Point {
  const { col, row } = pixelUnder(size, at)
  const x = clamp(col + dx, size.width - 1)
  const y = clamp(row + dy, size.height - 1)
  return { x: (x + 0.5) / size.width, y: (y + 0.5) / size.height }
}

/**
 * What the loupe magnifies: the `side`×`side` pixels centred on the one under `at`, row by row;
 * null where that window runs off the image, so the pixel picked always stays in the middle, and
 * on pixels the palette does not count (transparent), which have no colour to show.
 */
export function loupePixels(pixels: Pixels, at: Point, side: number): (Rgb | null)[] {
  const { col, row } = pixelUnder(pixels, at)
  const reach = Math.floor(side / 2)
  const cells: (Rgb | null)[] = []
  for (let y = row - reach; y < row - reach + side; y++)
    for (let x = col - reach; x < col - reach + side; x++)
      cells.push(x < 0 || y < 0 || x >= pixels.width || y >= pixels.height || !counted(pixels, x, y) ? null : rgbOf(pixels, x, y))
  return cells
}

/**
 * Where to put a `side`-pixel square beside a marker at `marker` (CSS pixels in a frame of
 * `frame`'s size): above and to the right, `gap` away, so the pointer does not hide it; on the
 * other side where that leaves the frame; inside the frame whenever it fits there.
 */
export function besideMarker(marker: Point, frame: Size, side: number, gap: number): { left: number; top: number } {
  const right = marker.x + gap
  const above = marker.y - gap - side
  const left = right + side <= frame.width ? right : marker.x - gap - side
  const top = above >= 0 ? above : marker.y + gap
  return { left: clamp(left, frame.width - side), top: clamp(top, frame.height - side) }
}

function pixelUnder(size: Size, at: Point): { col: number; row: number } {
  return { col: clamp(Math.floor(at.x * size.width), size.width - 1), row: clamp(Math.floor(at.y * size.height), size.height - 1) }
}

function rgbOf(pixels: Pixels, col: number, row: number): Rgb {
  const i = (row * pixels.width + col) * 4
  return [pixels.data[i], pixels.data[i + 1], pixels.data[i + 2]]
}

/** The alpha of each image's most opaque pixel (shared/alpha), found once: the loupe asks on every pointer move. */
const opacities = new WeakMap<Uint8ClampedArray, number>()

/** Whether the palette counts the pixel (shared/alpha's rule, the markers' too). */
function counted(pixels: Pixels, col: number, row: number): boolean {
  let most = opacities.get(pixels.data)
  if (most === undefined) {
    most = mostOpaque(pixels.data)
    opacities.set(pixels.data, most)
  }
  return countsAt(pixels.data[(row * pixels.width + col) * 4 + 3], most)
}

/** `value` within 0..max; 0 when even that does not fit (max < 0). */
const clamp = (value: number, max: number): number => Math.max(0, Math.min(max, value))

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
