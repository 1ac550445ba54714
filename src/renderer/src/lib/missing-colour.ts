// The colour an added swatch starts with: the image's most common colour that the palette lacks.
// Median cut drops empty boxes, so an extracted palette may have fewer than five swatches, and a
// small accent (yellow lights on a grey clock) is averaged into a grey: that accent is what a
// designer adds the swatch for.
import { differenceCiede2000 } from 'culori'
import { countsAt, mostOpaque } from '../../../shared/alpha'
import type { Rgb } from '../../../shared/palette'
import type { Pixels } from './markers'

/** Levels per channel of the histogram: coarse enough that one colour's shading lands in a few cells. */
const LEVELS = 16
const SHIFT = 4 // 256 / LEVELS = 2^4
/** A cell this far (ΔE00, lightness weighted a third) from every swatch is a colour the palette lacks; nearer, it is a near-duplicate. */
const DISTINCT_DELTA_E = 10
/** Without a picture there is no colour to find: a neutral mid grey, to be recoloured. */
export const MID_GREY: Rgb = [128, 128, 128]

interface Cell {
  rgb: Rgb
  count: number
}

/**
 * CIEDE2000 with lightness weighted a third (kL = 3): to a designer a palette of three greys
 * already has a fourth grey's colour, but not the yellow of the lamps. With kL = 1 the clock photo
 * of the bench corpus (bench/corpus.ts, 12mp.jpg: three greys) got the shadows' mid grey #767775
 * (3.8 % of its pixels, 19 from the nearest grey), over the lamps' yellows (1–1.5 % a cell).
 */
const deltaE00 = differenceCiede2000(3, 1, 1)
const asCulori = (c: Rgb): { mode: 'rgb'; r: number; g: number; b: number } => ({ mode: 'rgb', r: c[0] / 255, g: c[1] / 255, b: c[2] / 255 })

/**
 * The mean colour of the most populated histogram cell farther than DISTINCT_DELTA_E from every
 * swatch; when every cell is near one, the cell farthest from them all; mid grey with no pixels
 * (none given, or none the palette counts: shared/alpha).
 */
export function missingColour(pixels: Pixels | null, swatches: readonly Rgb[]): Rgb {
  const cells = pixels ? colourCells(pixels) : []
  if (cells.length === 0) return MID_GREY
  const away = cells.map((cell) => Math.min(...swatches.map((s) => deltaE00(asCulori(cell.rgb), asCulori(s)))))
  const distinct = cells.filter((_, i) => away[i] > DISTINCT_DELTA_E)
  if (distinct.length > 0) return distinct.reduce((a, b) => (b.count > a.count ? b : a)).rgb
  return cells[away.indexOf(Math.max(...away))].rgb
}

/** The occupied cells of the counted pixels' LEVELS³ histogram, each with its pixels' mean colour. */
function colourCells({ data }: Pixels): Cell[] {
  const opaque = mostOpaque(data)
  const count = new Uint32Array(LEVELS ** 3)
  const sums = new Float64Array(LEVELS ** 3 * 3)
  for (let i = 0; i < data.length; i += 4) {
    if (!countsAt(data[i + 3], opaque)) continue
    const cell = ((data[i] >> SHIFT) * LEVELS + (data[i + 1] >> SHIFT)) * LEVELS + (data[i + 2] >> SHIFT)
    count[cell]++
    sums[cell * 3] += data[i]
    sums[cell * 3 + 1] += data[i + 1]
    sums[cell * 3 + 2] += data[i + 2]
  }
  const cells: Cell[] = []
  for (let cell = 0; cell < count.length; cell++) {
    const n = count[cell]
    const mean = (k: number): number => Math.round(sums[cell * 3 + k] / n)
    if (n > 0) cells.push({ rgb: [mean(0), mean(1), mean(2)], count: n })
  }
  return cells
}
