// The exact colour statistics the neural generator reads beside the backbone features: a
// 16×16×16 RGB histogram of the analysis image with the mean colour of each cell's pixels (the
// cell-set embedder's input), and the 32×32×32 histogram whose cube the split generator cuts.
// The training cache (training/data) must compute the very same numbers: this is the one
// definition.
import { OPAQUE_ALPHA, type RgbaImage } from './image'
import { cellCounts, HISTO_SIZE } from './median-cut'
import type { FloatTensor } from './onnx-session'

export const CELLS = 4096

/** Cell of an 8-bit colour: (r>>4)*256 + (g>>4)*16 + (b>>4). */
export const cellOf = (r: number, g: number, b: number): number => ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4)

interface ColourCells {
  /** Share of the opaque pixels in each cell (sums to 1; all 0 for a fully transparent image). */
  hist: Float32Array
  /** Each cell's mean colour, rounded, 0..255, three bytes a cell; an empty cell holds its centre. */
  cellrgb: Uint8Array
}

export function colourCells(img: RgbaImage): ColourCells {
  const count = new Float64Array(CELLS)
  const sum = new Float64Array(CELLS * 3)
  let n = 0
  const d = img.data
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] < OPAQUE_ALPHA) continue
    const c = cellOf(d[i], d[i + 1], d[i + 2])
    count[c]++
    sum[3 * c] += d[i]
    sum[3 * c + 1] += d[i + 1]
    sum[3 * c + 2] += d[i + 2]
    n++
  }
  const hist = new Float32Array(CELLS)
  const cellrgb = new Uint8Array(CELLS * 3)
  for (let c = 0; c < CELLS; c++) {
    hist[c] = n ? count[c] / n : 0
    const centre = [((c >> 8) << 4) + 8, (((c >> 4) & 15) << 4) + 8, ((c & 15) << 4) + 8]
    for (let k = 0; k < 3; k++) cellrgb[3 * c + k] = count[c] ? Math.round(sum[3 * c + k] / count[c]) : centre[k]
  }
  return { hist, cellrgb }
}

/** Cells of the fine histogram: median cut's own grid, 32 per channel. */
export const FINE_CELLS = HISTO_SIZE

/**
 * Share of the opaque pixels in each cell of median cut's grid (cellCounts); all 0 for a fully
 * transparent image. The split generator reads it: its boxes are cut on this grid, so it can
 * place a cut wherever median cut could, which the 16-level grid cannot.
 */
export function fineHistogram(img: RgbaImage): Float32Array {
  const { count, opaque } = cellCounts(img)
  // A plain loop: Float32Array.from with a map function took 3 ms over the 32,768 cells, as
  // long as the whole median cut (bench, neural stages).
  const shares = new Float32Array(count.length)
  if (opaque > 0) for (let c = 0; c < count.length; c++) shares[c] = count[c]! / opaque
  return shares
}

/**
 * The generator's colour inputs: the full histogram, and the cells' colours (/255). A generator
 * that also takes `hist_cells` (their shares) is given only the occupied cells: its cost grows
 * with the cells it reads, about 150 of the 4,096 in a typical image, and an empty cell weighs
 * nothing in its palette. A fully transparent image still passes one (empty) cell.
 */
export function generatorCells({ hist, cellrgb }: ColourCells, occupiedOnly: boolean): Record<string, FloatTensor> {
  const full = { data: hist, dims: [1, CELLS] }
  if (!occupiedOnly) return { hist: full, cellrgb: { data: Float32Array.from(cellrgb, (v) => v / 255), dims: [1, CELLS, 3] } }
  const cells: number[] = []
  for (let c = 0; c < CELLS; c++) if (hist[c] > 0) cells.push(c)
  if (cells.length === 0) cells.push(0)
  const rgb = new Float32Array(3 * cells.length)
  cells.forEach((c, i) => rgb.set([cellrgb[3 * c] / 255, cellrgb[3 * c + 1] / 255, cellrgb[3 * c + 2] / 255], 3 * i))
  return {
    hist: full,
    cellrgb: { data: rgb, dims: [1, cells.length, 3] },
    hist_cells: { data: Float32Array.from(cells, (c) => hist[c]), dims: [1, cells.length] }
  }
}
