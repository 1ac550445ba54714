// Leptonica's modified median cut quantiser (MMCQ), ported line for line from
// `pixMedianCutQuantGeneral` in leptonica 1.82 `src/colorquant2.c`, called as
// (pix, ditherflag 0, outdepth 8, maxcolors, sigbits 5, maxsub 1, checkbw 0).
// The palette it gives is the ground truth the paper and the app compare against, so
// every detail that changes the answer is kept, quirks included; docs/median-cut.md
// lists them. Pixels with alpha below OPAQUE_ALPHA are left out: the algorithm runs on
// the opaque pixels in raster order, as Leptonica would on an image made of only them.
import type { Rgb, Swatch } from '../../shared/palette'
import { OPAQUE_ALPHA, type RgbaImage } from './image'
import { MaxHeap } from './leptonica-heap'

const SIGBITS = 5
const RSHIFT = 8 - SIGBITS
const SIDE = 1 << SIGBITS
/** Cells of the histogram median cut cuts: 32 per channel, five significant bits. */
export const HISTO_SIZE = 1 << (3 * SIGBITS)
const MULT = 1 << RSHIFT
/** Leptonica's FractByPopulation: the share of the boxes made by population alone. */
const FRACT_BY_POPULATION = 0.85
const MAX_ITERS_ALLOWED = 5000

/** A box of the 5-bit colour cube (Leptonica's L_BOX3D); bounds are inclusive. */
interface VBox {
  sortparam: number
  npix: number
  vol: number
  r1: number
  r2: number
  g1: number
  g2: number
  b1: number
  b2: number
}

/** One colormap entry as Leptonica leaves it, with the pixels that map to it. */
interface MedianCutEntry {
  rgb: Rgb
  count: number
}

/**
 * The five-colour (or `maxColors`) palette of `img` by Leptonica's modified median cut.
 * Boxes no pixel maps to are dropped, so fewer swatches may come back; the rest are
 * ordered by share (pixel count over counted pixels), largest first.
 */
export function medianCut(img: RgbaImage, maxColors = 5): Swatch[] {
  const { entries, counted } = medianCutColormap(img, maxColors)
  if (counted === 0) return []
  return entries
    .map((entry, index) => ({ ...entry, index }))
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count || a.index - b.index)
    .map(({ rgb, count }) => ({ rgb, hex: toHex(rgb), share: count / counted }))
}

/**
 * Leptonica's colormap in its own order with `pixGetCmapHistogram` counts (empty boxes
 * included, count 0), and the number of opaque pixels counted.
 */
function medianCutColormap(
  img: RgbaImage,
  maxColors = 5
): { entries: MedianCutEntry[]; counted: number } {
  if (!Number.isInteger(maxColors) || maxColors < 2 || maxColors > 256) {
    throw new RangeError(`maxColors must be an integer in 2..256, got ${maxColors}`)
  }
  const cells = cellIndices(img)
  if (cells.length === 0) return { entries: [], counted: 0 }
  const histo = histogram(cells)
  const colormap =
    countOccupied(histo, maxColors) <= maxColors
      ? colormapFromHisto(histo)
      : colormapFromMedianCuts(cells, histo, maxColors)
  return { entries: cmapHistogram(colormap, cells), counted: cells.length }
}

/**
 * Opaque pixels in each cell (r>>3)*1024 + (g>>3)*32 + (b>>3) of the histogram median cut cuts,
 * and how many are opaque in all: the split generator reads the same grid (histogram.ts).
 */
export function cellCounts(img: RgbaImage): { count: Int32Array; opaque: number } {
  const cells = cellIndices(img)
  return { count: histogram(cells), opaque: cells.length }
}

interface Colormap {
  colors: [number, number, number][]
  /** Leptonica's inverse colormap: the histogram relabelled with colormap indices. */
  indexmap: Int32Array
}

/** The 15-bit cell index of each opaque pixel, in raster order (getColorIndexMedianCut). */
function cellIndices(img: RgbaImage): Int32Array {
  const { data } = img
  const n = img.width * img.height
  const cells = new Int32Array(n)
  let count = 0
  for (let p = 0, o = 0; p < n; p++, o += 4) {
    if (data[o + 3]! < OPAQUE_ALPHA) continue
    cells[count++] =
      ((data[o]! >> RSHIFT) << (2 * SIGBITS)) | ((data[o + 1]! >> RSHIFT) << SIGBITS) | (data[o + 2]! >> RSHIFT)
  }
  return cells.subarray(0, count)
}

// Loops over the pixels are indexed, not for…of: the first palette of a process runs before the
// JIT has compiled anything, and an interpreted typed-array iterator costs several times more.
function histogram(cells: Int32Array): Int32Array {
  const histo = new Int32Array(HISTO_SIZE)
  for (let p = 0; p < cells.length; p++) histo[cells[p]!]!++
  return histo
}

/** Occupied cells, counting only up to one past `limit` as Leptonica does. */
function countOccupied(histo: Int32Array, limit: number): number {
  let n = 0
  for (let i = 0; i < HISTO_SIZE && n <= limit; i++) if (histo[i] !== 0) n++
  return n
}

/** Few colours: one entry per occupied cell, coloured by the cell's lower corner. */
function colormapFromHisto(histo: Int32Array): Colormap {
  const colors: [number, number, number][] = []
  const indexmap = histo.slice()
  for (let i = 0; i < HISTO_SIZE; i++) {
    if (histo[i] === 0) continue
    colors.push([(i >> (2 * SIGBITS)) << RSHIFT, ((i >> SIGBITS) & (SIDE - 1)) << RSHIFT, (i & (SIDE - 1)) << RSHIFT])
    indexmap[i] = colors.length - 1
  }
  return { colors, indexmap }
}

function colormapFromMedianCuts(cells: Int32Array, histo: Int32Array, maxColors: number): Colormap {
  let first = colorRegion(cells)
  first.npix = vboxGetCount(first, histo)
  // An empty region (the quirk below on a strictly decreasing channel, only possible
  // in images of at most 32 pixels) makes Leptonica loop for ever; take the true bounds.
  if (first.npix === 0) {
    first = boundingBox(cells)
    first.npix = cells.length
  }
  first.vol = vboxGetVolume(first)
  const state = { ncolors: 1, niters: 0 }

  // Phase 1: split the most populous box until `popcolors` boxes exist.
  let heap = new MaxHeap<VBox>()
  heap.add(first)
  splitWhile(heap, histo, state, Math.trunc(Math.fround(Math.fround(FRACT_BY_POPULATION) * maxColors)), (b) => b.npix)

  // Phase 2: re-sort by population × volume, normalised as Leptonica does (in float32).
  let maxprod = 0
  for (const b of heap.items()) maxprod = Math.max(maxprod, Math.fround(b.npix * b.vol))
  const norm = maxprod === 0 ? 1 : Math.fround(1000000.0 / maxprod)
  const byProduct = (b: VBox): number => Math.fround(Math.fround(norm * b.npix) * b.vol)
  heap = reheap(heap, byProduct)
  splitWhile(heap, histo, state, maxColors, byProduct)

  // Colormap in order of population, labelling the histogram with the indices.
  heap = reheap(heap, (b) => b.npix)
  const indexmap = histo.slice()
  const colors: [number, number, number][] = []
  for (let box = heap.remove(); box; box = heap.remove()) {
    colors.push(vboxAverageColor(box, histo, colors.length, indexmap))
  }
  forceExtremes(colors)
  return { colors, indexmap }
}

/**
 * Leptonica's split loop: take the head box, cut it, put the parts back, until
 * `target` colours exist. Boxes of one cell keep sortparam 0 so they sink to the tail.
 */
function splitWhile(
  heap: MaxHeap<VBox>,
  histo: Int32Array,
  state: { ncolors: number; niters: number },
  target: number,
  key: (b: VBox) => number
): void {
  let emptyPutBacks = 0
  for (;;) {
    const vbox = heap.remove()
    if (!vbox) return
    // vbox.npix is always the box's count (set where the box was made), so no rescan.
    if (vbox.npix === 0) {
      heap.add(vbox)
      // Leptonica loops for ever here; stop instead (see docs/median-cut.md).
      if (++emptyPutBacks > MAX_ITERS_ALLOWED) return
      continue
    }
    const [vbox1, vbox2] = medianCutApply(histo, vbox)
    if (vbox1.vol > 1) vbox1.sortparam = key(vbox1)
    heap.add(vbox1)
    if (vbox2) {
      if (vbox2.vol > 1) vbox2.sortparam = key(vbox2)
      heap.add(vbox2)
      state.ncolors++
    }
    if (state.ncolors >= target) return
    if (state.niters++ > MAX_ITERS_ALLOWED) return
  }
}

function reheap(from: MaxHeap<VBox>, key: (b: VBox) => number): MaxHeap<VBox> {
  const to = new MaxHeap<VBox>()
  for (let box = from.remove(); box; box = from.remove()) {
    box.sortparam = key(box)
    to.add(box)
  }
  return to
}

/**
 * pixGetColorRegion, with its `else if`: a value that sets a new minimum is never
 * tested against the maximum, so when the first pixel holds the largest value of a
 * channel the box can miss the top of that channel. Kept because it changes the answer.
 */
function colorRegion(cells: Int32Array): VBox {
  let rmin = 1000000, gmin = 1000000, bmin = 1000000
  let rmax = 0, gmax = 0, bmax = 0
  for (let p = 0; p < cells.length; p++) {
    const cell = cells[p]!
    const r = cell >> (2 * SIGBITS), g = (cell >> SIGBITS) & (SIDE - 1), b = cell & (SIDE - 1)
    if (r < rmin) rmin = r
    else if (r > rmax) rmax = r
    if (g < gmin) gmin = g
    else if (g > gmax) gmax = g
    if (b < bmin) bmin = b
    else if (b > bmax) bmax = b
  }
  return box3d(rmin, rmax, gmin, gmax, bmin, bmax)
}

function boundingBox(cells: Int32Array): VBox {
  const box = box3d(SIDE, -1, SIDE, -1, SIDE, -1)
  for (let p = 0; p < cells.length; p++) {
    const cell = cells[p]!
    const r = cell >> (2 * SIGBITS), g = (cell >> SIGBITS) & (SIDE - 1), b = cell & (SIDE - 1)
    box.r1 = Math.min(box.r1, r); box.r2 = Math.max(box.r2, r)
    box.g1 = Math.min(box.g1, g); box.g2 = Math.max(box.g2, g)
    box.b1 = Math.min(box.b1, b); box.b2 = Math.max(box.b2, b)
  }
  return box
}

function box3d(r1: number, r2: number, g1: number, g2: number, b1: number, b2: number): VBox {
  return { sortparam: 0, npix: 0, vol: 0, r1, r2, g1, g2, b1, b2 }
}

/** box3dCopy: bounds, npix and vol, but not sortparam. */
function box3dCopy(v: VBox): VBox {
  return { ...v, sortparam: 0 }
}

function vboxGetVolume(v: VBox): number {
  return (v.r2 - v.r1 + 1) * (v.g2 - v.g1 + 1) * (v.b2 - v.b1 + 1)
}

function vboxGetCount(v: VBox, histo: Int32Array): number {
  return boxSum(histo, v.r1, v.r2, v.g1, v.g2, v.b1, v.b2)
}

function boxSum(histo: Int32Array, r1: number, r2: number, g1: number, g2: number, b1: number, b2: number): number {
  let npix = 0
  for (let i = r1; i <= r2; i++) {
    for (let j = g1; j <= g2; j++) {
      const row = (i << (2 * SIGBITS)) | (j << SIGBITS)
      for (let k = b1; k <= b2; k++) npix += histo[row | k]!
    }
  }
  return npix
}

type Axis = 'r' | 'g' | 'b'

/** Pixels in each slice of `v` along `axis`, accumulated (Leptonica's partialsum). */
function partialSums(v: VBox, histo: Int32Array, axis: Axis): { partial: Int32Array; total: number } {
  const slice = new Int32Array(SIDE)
  // One loop per axis, so the innermost loop has no branch (this runs cold on the first palette).
  if (axis === 'r') {
    for (let i = v.r1; i <= v.r2; i++) slice[i] = boxSum(histo, i, i, v.g1, v.g2, v.b1, v.b2)
  } else if (axis === 'g') {
    for (let j = v.g1; j <= v.g2; j++) slice[j] = boxSum(histo, v.r1, v.r2, j, j, v.b1, v.b2)
  } else {
    for (let i = v.r1; i <= v.r2; i++) {
      for (let j = v.g1; j <= v.g2; j++) {
        const row = (i << (2 * SIGBITS)) | (j << SIGBITS)
        for (let k = v.b1; k <= v.b2; k++) slice[k]! += histo[row | k]!
      }
    }
  }
  const partial = new Int32Array(SIDE)
  let total = 0
  const lo = axis === 'r' ? v.r1 : axis === 'g' ? v.g1 : v.b1
  const hi = axis === 'r' ? v.r2 : axis === 'g' ? v.g2 : v.b2
  for (let i = lo; i <= hi; i++) partial[i] = total += slice[i]!
  return { partial, total }
}

/**
 * medianCutApply: cut the longest side (red, then green, then blue on ties) in the
 * slice holding the median pixel, going halfway into the longer of the two sides.
 */
function medianCutApply(histo: Int32Array, v: VBox): [VBox, VBox | undefined] {
  const rw = v.r2 - v.r1 + 1, gw = v.g2 - v.g1 + 1, bw = v.b2 - v.b1 + 1
  if (rw === 1 && gw === 1 && bw === 1) return [box3dCopy(v), undefined]
  const maxw = Math.max(rw, gw, bw)
  const axis: Axis = maxw === rw ? 'r' : maxw === gw ? 'g' : 'b'
  const lo = v[`${axis}1`], hi = v[`${axis}2`]
  const { partial, total } = partialSums(v, histo, axis)
  const half = Math.trunc(total / 2)
  for (let i = lo; i <= hi; i++) {
    if (partial[i]! <= half) continue
    const vbox1 = box3dCopy(v), vbox2 = box3dCopy(v)
    const left = i - lo, right = hi - i
    const cut = left <= right ? Math.min(hi - 1, i + (right >> 1)) : Math.max(lo, i - 1 - (left >> 1))
    vbox1[`${axis}2`] = cut
    vbox2[`${axis}1`] = cut + 1
    // The same counts Leptonica gets by rescanning both halves, read off the partial sums.
    vbox1.npix = partial[cut]!
    vbox2.npix = total - partial[cut]!
    vbox1.vol = vboxGetVolume(vbox1)
    vbox2.vol = vboxGetVolume(vbox2)
    return [vbox1, vbox2]
  }
  // Unreachable: the box holds pixels, so some partial sum exceeds half of them.
  throw new Error('median cut found no cut plane')
}

/**
 * vboxGetAverageColor: the mean of the cell centres weighted by pixel count (integer
 * division), or the box centre when empty; labels the box's cells with `index`.
 */
function vboxAverageColor(v: VBox, histo: Int32Array, index: number, indexmap: Int32Array): [number, number, number] {
  let ntot = 0, rsum = 0, gsum = 0, bsum = 0
  for (let i = v.r1; i <= v.r2; i++) {
    for (let j = v.g1; j <= v.g2; j++) {
      for (let k = v.b1; k <= v.b2; k++) {
        const cell = (i << (2 * SIGBITS)) | (j << SIGBITS) | k
        indexmap[cell] = index
        const n = histo[cell]!
        if (n === 0) continue // adds nothing; most cells of a box are empty
        ntot += n
        rsum += Math.trunc(n * (i + 0.5) * MULT)
        gsum += Math.trunc(n * (j + 0.5) * MULT)
        bsum += Math.trunc(n * (k + 0.5) * MULT)
      }
    }
  }
  if (ntot === 0) {
    return [
      Math.trunc((MULT * (v.r1 + v.r2 + 1)) / 2),
      Math.trunc((MULT * (v.g1 + v.g2 + 1)) / 2),
      Math.trunc((MULT * (v.b1 + v.b2 + 1)) / 2)
    ]
  }
  return [Math.trunc(rsum / ntot), Math.trunc(gsum / ntot), Math.trunc(bsum / ntot)]
}

/**
 * Leptonica forces the darkest entry (by r+g+b, its shell sort deciding ties) to black
 * when every component is below 5, and the lightest to white when all are above 251.
 */
function forceExtremes(colors: [number, number, number][]): void {
  const intensities = (): number[] => colors.map(([r, g, b]) => r + g + b)
  const darkest = sortIndexIncreasing(intensities())[0]!
  if (colors[darkest]!.every((c) => c < 5)) colors[darkest] = [0, 0, 0]
  // Sorted again, as pixcmapGetRankIntensity does, after the change above.
  const lightest = sortIndexIncreasing(intensities())[colors.length - 1]!
  if (colors[lightest]!.every((c) => c > 251)) colors[lightest] = [255, 255, 255]
}

/** numaGetSortIndex(L_SORT_INCREASING): Leptonica's shell sort, unstable as it is. */
function sortIndexIncreasing(values: number[]): number[] {
  const a = values.slice()
  const idx = values.map((_, i) => i)
  const n = a.length
  for (let gap = n >> 1; gap > 0; gap >>= 1) {
    for (let i = gap; i < n; i++) {
      for (let j = i - gap; j >= 0; j -= gap) {
        if (a[j]! > a[j + gap]!) {
          ;[a[j], a[j + gap]] = [a[j + gap]!, a[j]!]
          ;[idx[j], idx[j + gap]] = [idx[j + gap]!, idx[j]!]
        }
      }
    }
  }
  return idx
}

/**
 * pixGetCmapHistogram of the quantised image. A cell outside every box (only possible
 * through pixGetColorRegion's quirk) keeps its raw count as "index", stored in a byte.
 */
function cmapHistogram(cmap: Colormap, cells: Int32Array): MedianCutEntry[] {
  const counts = new Int32Array(256)
  for (let p = 0; p < cells.length; p++) counts[cmap.indexmap[cells[p]!]! & 0xff]!++
  return cmap.colors.map(([r, g, b], i) => ({ rgb: [r, g, b] as const, count: counts[i]! }))
}

function toHex([r, g, b]: Rgb): string {
  return '#' + [r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')
}
