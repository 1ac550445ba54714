// The in-memory shape every swatch file format reads into and writes from.
// Formats differ in what they can hold (GPL has no groups, CSS no names), so each writer
// documents what it drops; this model is the union of what ASE and our JSON can carry.
import { cutToUnits, normaliseName } from '../../shared/names'
import type { ColourType, Palette, Rgb } from '../../shared/palette'

export type { ColourType } from '../../shared/palette'

/** The colour model a colour had in the file it was read from (only ASE has several). */
export type SourceModel = 'RGB' | 'CMYK' | 'LAB' | 'Gray'

export interface NamedColour {
  name: string
  /** sRGB, integers 0..255: what the app shows. Colours read as CMYK, Lab or Gray are converted. */
  rgb: Rgb
  /** ASE colour type; writers default to 'global'. */
  type?: ColourType
  /** Set by readers when the file stored the colour in another model than RGB. */
  sourceModel?: SourceModel
  /** Share of the image this swatch stands for, 0..1 (only JSON keeps it). */
  share?: number
}

export interface SwatchGroup {
  name: string
  swatches: NamedColour[]
}

/** A colour a reader clamped into its range (GPL 0..255, as GIMP does; ASE 0..1): what the import tells the user. */
export interface ClampedColour {
  name: string
  /** 1-based line in a text file (GPL), to point at a colour with no name. */
  line?: number
}

/** A palette file: named groups (one per image or board column) and swatches outside any group. */
export interface SwatchFile {
  /** The palette's title (GPL `Name:`, JSON `name`); absent when the file has none. */
  name?: string
  groups: SwatchGroup[]
  loose: NamedColour[]
  /** Set by readers only, when they clamped some colours' values (GPL, ASE); writers ignore it. */
  clamped?: ClampedColour[]
  /** Set by readers only: colours past the most the caller asked for, counted but not read. */
  leftOut?: number
}

/** How a file is read for an import; by default every colour is read and reported. */
export interface ReadOptions {
  /**
   * Colours each list (a group, or the loose colours) keeps, as an import keeps its first ones.
   * What the reader reports of a colour (clamped) it reports only of those: the rest never reach
   * the user, and are counted as left out instead (GPL in `leftOut`, ASE by its groups' lengths).
   */
  maxColours?: number
}

/** Every colour in file order: loose swatches first, then each group's (how flat formats list them). */
export function allColours(file: SwatchFile): NamedColour[] {
  return [...file.loose, ...file.groups.flatMap((g) => g.swatches)]
}

/**
 * One group per palette, named after its column (an image, a film frame), so one image's
 * palette and a whole compare board export the same way.
 */
export function swatchFileFromPalettes(
  name: string,
  columns: readonly { name: string; palette: Palette }[]
): SwatchFile {
  return {
    name,
    loose: [],
    groups: columns.map((column) => ({
      name: column.name,
      swatches: column.palette.swatches.map((s) => ({
        name: s.name ?? s.hex,
        rgb: s.rgb,
        share: s.share
      }))
    }))
  }
}

/**
 * `normaliseName(name)`, cut to at most `maxUnits` UTF-16 units for a format that limits names.
 * The cut falls between whole characters, so no character turns into U+FFFD.
 */
export function fitName(name: string, maxUnits: number): string {
  return normaliseName(cutToUnits(normaliseName(name), maxUnits))
}

export function rgbToHex(rgb: Rgb): string {
  return '#' + rgb.map((c) => c.toString(16).padStart(2, '0')).join('')
}

/** Clamp and round a 0..1 channel to 0..255 (formats store floats; the app shows bytes). */
export function unitToByte(value: number): number {
  if (!Number.isFinite(value)) return 0
  return Math.round(Math.min(1, Math.max(0, value)) * 255)
}
