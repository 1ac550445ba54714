// The text Copy and Copy Palette put on the clipboard, in the format the designer chose (HEX,
// rgb(), hsl(), oklch() or CSS custom properties), and that choice remembered across restarts.
// Every format reads back to the same 8-bit colours through the app's own paste (lib/color).
import type { Rgb } from '../../../shared/palette'
import { cssDeclarations } from '../../../shared/css-declarations'
import { rgbToHex, rgbToHsl, rgbToOklch, type Hsl, type Oklch } from './color'

/** The formats, with their names in the picker. */
export const COPY_FORMATS = { hex: 'HEX', rgb: 'RGB', hsl: 'HSL', oklch: 'OKLCH', css: 'CSS variables' } as const
export type CopyFormat = keyof typeof COPY_FORMATS

/** What a copy reads of a swatch (EditableSwatch has it). */
export interface CopiedSwatch {
  readonly rgb: Rgb
  /** As exports name it: the name given, or the swatch's hex code. */
  readonly name: string
  /** The HSL or OKLCH numbers typed for the colour, which its fields show (EditableSwatch.typed). */
  readonly typed?: { readonly hsl?: Hsl; readonly oklch?: Oklch }
}

/**
 * One colour as CSS writes it. HSL and OKLCH as their fields show them: the numbers typed, else the
 * fewest decimals that give the same colour back (both read back as the swatch's colour).
 */
function colour({ rgb, typed }: CopiedSwatch, format: Exclude<CopyFormat, 'css'>): string {
  if (format === 'hex') return rgbToHex(rgb)
  if (format === 'rgb') return `rgb(${rgb.join(' ')})`
  if (format === 'hsl') {
    const { h, s, l } = typed?.hsl ?? rgbToHsl(rgb)
    return `hsl(${h} ${s}% ${l}%)`
  }
  const { l, c, h } = typed?.oklch ?? rgbToOklch(rgb)
  return `oklch(${l} ${c} ${h})`
}

/**
 * The palette's lines in `format`, one a swatch, in order: Copy takes its swatch's line, Copy
 * Palette all of them. CSS variables are the lines the CSS export writes for the palette as a
 * group called `group` (shared/css-declarations): what its export names the group (the image's
 * or the column's name), so copied and exported properties have the same names.
 */
export function copyLines(swatches: readonly CopiedSwatch[], format: CopyFormat, group: string): string[] {
  if (format !== 'css') return swatches.map((s) => colour(s, format))
  return cssDeclarations([], [{ name: group, colours: swatches.map((s) => ({ name: s.name, hex: rgbToHex(s.rgb) })) }])
}

/**
 * What a status line says after a copy of `what`, its text `now`. A live region whose text does
 * not change is not read again: the same copy twice in a row says "again", a third time not (so
 * it changes each time).
 */
export function copiedNotice(now: string | null, what: string): string {
  const message = `Copied ${what}`
  return now === message ? `${message} again` : message
}

/** Where the choice is kept: the page's localStorage (the renderer has no other preferences to share a file with). */
export interface PreferenceStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}
const KEY = 'copy-format'

/** The format last chosen; HEX when none was, or storage holds something else or cannot be read. */
export function loadCopyFormat(storage: Pick<PreferenceStore, 'getItem'> | undefined): CopyFormat {
  try {
    const stored = storage?.getItem(KEY)
    return stored && Object.hasOwn(COPY_FORMATS, stored) ? (stored as CopyFormat) : 'hex'
  } catch {
    return 'hex' // storage refused (disabled, or full of errors): the default
  }
}

/** Remembers the choice; a storage that refuses only loses the remembering. */
export function saveCopyFormat(storage: Pick<PreferenceStore, 'setItem'> | undefined, format: CopyFormat): void {
  try {
    storage?.setItem(KEY, format)
  } catch {
    // The choice still holds until the window closes.
  }
}
