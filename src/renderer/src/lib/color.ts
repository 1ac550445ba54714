// Colour conversions for the swatch editor. culori does the colour science; this module only
// turns its floating-point results into the integer sRGB triples the palette types use.
import { clampChroma, converter, formatHex, parse, wcagContrast } from 'culori'
import { shortened } from '../../../shared/names'
import type { Rgb } from '../../../shared/palette'

export interface Hsl {
  h: number
  s: number
  l: number
}
export interface Oklch {
  l: number
  c: number
  h: number
}

const toRgbMode = converter('rgb')
const toHslMode = converter('hsl')
const toOklchMode = converter('oklch')

const channel = (v: number): number => Math.min(255, Math.max(0, Math.round(v * 255)))
const round = (v: number, digits: number): number => Number(v.toFixed(digits))

export function rgbToHex([r, g, b]: Rgb): string {
  return formatHex({ mode: 'rgb', r: r / 255, g: g / 255, b: b / 255 })
}

/**
 * What the hex field makes of its text: a colour, or why it is not one (said beside the field).
 * Text in HSL or OKLCH numbers the HSL or OKLCH fields take (`hsl(200 50% 50%)`) gives them as
 * `typed`, read back as the fields' own are (EditableSwatch.typed).
 */
export type ReadColour = { rgb: Rgb; typed?: { hsl: Hsl } | { oklch: Oklch } }
type Reading = ReadColour | { problem: string }

/** Colour models whose numbers out of range mean the nearest sRGB colour (CSS clamps them too). */
const CLAMPED_MODES = new Set(['rgb', 'hsl', 'hwb'])
/** Text quoted in a message is cut to this many characters, "…" included. */
const quote = (text: string): string => shortened(text, 100)

/**
 * The colour in text copied from CSS or code: `background: #3a7bd5;` (a declaration, from a
 * stylesheet or a design tool's Copy as CSS, or a `$brand:` SCSS or `@brand:` Less variable; a
 * custom property's name may be in any script, `--日本の空:`, as Copy as CSS variables names them),
 * `"#3a7bd5",` (a string in a list) are `#3a7bd5`.
 */
const unwrapped = (text: string): string =>
  text
    .replace(/\s*[;,]$/, '')
    .replace(/^(?:--[^\s:;]+|(?:-?|[$@])[a-z_][\w-]*)\s*:\s*/i, '')
    .replace(/^(['"])(.*)\1$/s, '$2')
    .trim()

/**
 * Reads `#rgb`, `#rrggbb` (with or without `#`, any case) or any CSS colour: rgb(), hsl(), oklch(),
 * lab(), color(display-p3 …), a name. Swatches are opaque sRGB: a colour with transparency is
 * refused (its alpha would be lost without a word), and one outside sRGB gets the chroma sRGB
 * allows at its lightness and hue, as in the OKLCH fields. A declaration or quotes around the
 * colour (`unwrapped`) are left out.
 */
export function readColor(text: string): Reading {
  const trimmed = text.trim()
  const bare = unwrapped(trimmed)
  const candidate = /^[0-9a-f]{3}([0-9a-f]{3})?$/i.test(bare) ? `#${bare}` : bare
  // CSS keywords are case-insensitive (RGB(…), OKLCH(…) from a tool that writes them so); culori reads lower case only.
  const parsed = parse(candidate.toLowerCase())
  if (!parsed) {
    return /^#?[0-9a-f]+$/i.test(bare)
      ? { problem: `Not a hex code: ${quote(trimmed)} (3 or 6 digits)` }
      : { problem: `Not a colour: ${quote(trimmed)}` }
  }
  if (parsed.alpha !== undefined && parsed.alpha < 1) {
    const transparent = Math.round((1 - parsed.alpha) * 100)
    const opaque = parsed.alpha > 0 ? `; ${formatHex(parsed)} without it` : ''
    return { problem: `Swatches are opaque: ${quote(trimmed)} is ${transparent}% transparent${opaque}` }
  }
  if (parsed.mode === 'hsl' && inRange(parsed.s) && inRange(parsed.l)) {
    const hsl = { h: wrapHue(parsed.h ?? 0), s: exactly(parsed.s * 100), l: exactly(parsed.l * 100) }
    return { rgb: hslToRgb(hsl), typed: { hsl } }
  }
  if (CLAMPED_MODES.has(parsed.mode)) {
    const rgb = toRgbMode(parsed)
    return { rgb: [channel(rgb.r), channel(rgb.g), channel(rgb.b)] }
  }
  if (parsed.mode === 'oklch') {
    const oklch = fitOklch({ l: parsed.l, c: parsed.c, h: parsed.h ?? 0 })
    return { rgb: oklchToRgb(oklch), typed: { oklch } }
  }
  const { l, c, h } = toOklchMode(parsed)
  return { rgb: oklchToRgb({ l, c, h: h ?? 0 }) }
}

const inRange = (fraction: number): boolean => fraction >= 0 && fraction <= 1
/** Without the float noise of arithmetic on typed decimals (0.573 × 100 is 57.29999999999999). */
const exactly = (v: number): number => Number(v.toFixed(10))

/** What a paste makes of its text: the colours in it, in order, or why not (the first part that is not one). */
type ColorsReading = { colors: Rgb[] } | { problem: string }

/**
 * The parts of a palette copied as text: colours one a line, or apart by commas, semicolons or
 * spaces (Copy Palette's lines, `#264653, #2a9d8f`, `["264653","2a9d8f"]` from Coolors' export,
 * `--a: #123456;` declarations, in a `:root { … }` rule or not). Commas and spaces inside
 * brackets or quotes (`rgb(1, 2, 3)`) stay with their colour, and a declaration's name with its
 * value. Spaces between two halves of a colour (`rgb (1 2 3)`) would split it: CSS has none.
 */
function colorParts(text: string): string[] {
  const body = text.trim().replace(/^[^{}]*\{([^{}]*)\}$/s, '$1').replace(/^\[([^]*)\]$/, '$1')
  const parts: string[] = []
  let part = ''
  let depth = 0
  let quote = ''
  for (const ch of body) {
    if (quote) quote = ch === quote ? '' : quote
    else if (ch === '"' || ch === "'") quote = ch
    else if (ch === '(') depth++
    else if (ch === ')') depth = Math.max(0, depth - 1)
    else if (depth === 0 && /[\s,;]/.test(ch)) {
      if (part) parts.push(part)
      part = ''
      continue
    }
    part += ch
  }
  if (part) parts.push(part)
  // `--brand:` and `#123456` are one declaration.
  return parts.reduce<string[]>((joined, p) => (joined.at(-1)?.endsWith(':') ? [...joined.slice(0, -1), `${joined.at(-1)} ${p}`] : [...joined, p]), [])
}

/**
 * The colours of pasted text: one colour as `readColor` reads it, or several (`colorParts`). Any
 * part that is not a colour refuses the whole text: half a palette pasted would go unnoticed.
 * CSS comments are no parts: copied CSS variables and the CSS export name their colours in them.
 */
export function readColors(pasted: string): ColorsReading {
  // As CSS reads them: to the first `*/`, or to the end when there is none.
  const text = pasted.replace(/\/\*[^]*?(?:\*\/|$)/g, ' ')
  const whole = readColor(text)
  if ('rgb' in whole) return { colors: [whole.rgb] }
  const parts = colorParts(text)
  if (parts.length <= 1) return whole
  const colors: Rgb[] = []
  for (const part of parts) {
    const reading = readColor(part)
    if ('problem' in reading) return reading
    colors.push(reading.rgb)
  }
  return { colors }
}

/** The colour `text` names (see `readColor`); undefined when it is not one a swatch can take. */
export function parseColor(text: string): Rgb | undefined {
  const reading = readColor(text)
  return 'rgb' in reading ? reading.rgb : undefined
}

/**
 * The HSL or OKLCH numbers shown for a colour: `rounded` to the fewest extra decimals that give
 * the same colour back, so that a commit, which sends the other fields as shown, keeps their part
 * of the colour (OKLCH at 4 decimals made #00dcdc #01dcdc).
 */
function shortest<T>(exact: T, rounded: (extra: number) => T, back: (value: T) => Rgb, rgb: Rgb): T {
  for (let extra = 0; extra <= 4; extra++) {
    const value = rounded(extra)
    if (back(value).every((v, i) => v === rgb[i])) return value
  }
  return exact
}

export function rgbToHsl(rgb: Rgb): Hsl {
  const [r, g, b] = rgb
  const hsl = toHslMode({ mode: 'rgb', r: r / 255, g: g / 255, b: b / 255 })
  const exact = { h: hsl.h ?? 0, s: hsl.s * 100, l: hsl.l * 100 }
  const rounded = (extra: number): Hsl => ({ h: round(exact.h, 1 + extra), s: round(exact.s, 1 + extra), l: round(exact.l, 1 + extra) })
  return shortest(exact, rounded, hslToRgb, rgb)
}

/** HSL to sRGB; a hue of 360 is 0, and -30 is 330. */
export function hslToRgb({ h, s, l }: Hsl): Rgb {
  const rgb = toRgbMode({ mode: 'hsl', h: wrapHue(h), s: s / 100, l: l / 100 })
  return [channel(rgb.r), channel(rgb.g), channel(rgb.b)]
}

export function rgbToOklch(rgb: Rgb): Oklch {
  const [r, g, b] = rgb
  const c = toOklchMode({ mode: 'rgb', r: r / 255, g: g / 255, b: b / 255 })
  const exact = { l: c.l, c: c.c, h: c.h ?? 0 }
  const rounded = (extra: number): Oklch => ({ l: round(exact.l, 4 + extra), c: round(exact.c, 4 + extra), h: round(exact.h, 2 + extra) })
  return shortest(exact, rounded, oklchToRgb, rgb)
}

/**
 * A hue turned round the circle into [0, 360): 370 is 10, -30 is 330. A hue inside it is kept as
 * it is, and one turned is rid of float noise (259.43 + 360 - 360 is 259.43000000000006).
 */
export const wrapHue = (h: number): number => (h >= 0 && h < 360 ? h : exactly(((h % 360) + 360) % 360))

/** Within a rounding step of the sRGB cube (what the rounded fields of a real sRGB colour give). */
const SLACK = 1 / 255
const nearGamut = (rgb: { r: number; g: number; b: number }): boolean =>
  [rgb.r, rgb.g, rgb.b].every((v) => v >= -SLACK && v <= 1 + SLACK)

/**
 * The OKLCH colour a swatch gets for `o`: `o` itself where sRGB holds it (to a rounding step),
 * else `o` with the most chroma sRGB allows at its lightness and hue, to the fields' 4 decimals.
 */
export function fitOklch({ l, c, h }: Oklch): Oklch {
  const o = { l: Math.min(1, Math.max(0, l)), c: Math.max(0, c), h: wrapHue(h) }
  if (nearGamut(toRgbMode({ mode: 'oklch', ...o }))) return o
  const reduced = clampChroma({ mode: 'oklch', ...o }, 'oklch')
  return { ...o, c: Math.floor(reduced.c * 1e4) / 1e4 }
}

/** OKLCH to sRGB; colours outside sRGB keep their lightness and hue and lose chroma (`fitOklch`). */
export function oklchToRgb(o: Oklch): Rgb {
  const rgb = toRgbMode({ mode: 'oklch', ...fitOklch(o) })
  return [channel(rgb.r), channel(rgb.g), channel(rgb.b)]
}

/** Full-range YCbCr (JPEG / BT.601), the colour space of the paper's RL lightness action. */
interface YCbCr {
  y: number
  cb: number
  cr: number
}

export function rgbToYCbCr([r, g, b]: Rgb): YCbCr {
  return {
    y: 0.299 * r + 0.587 * g + 0.114 * b,
    cb: 128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
    cr: 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
  }
}

function yCbCrToRgb({ y, cb, cr }: YCbCr): Rgb {
  const clamp = (v: number): number => Math.min(255, Math.max(0, Math.round(v)))
  return [
    clamp(y + 1.402 * (cr - 128)),
    clamp(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128)),
    clamp(y + 1.772 * (cb - 128))
  ]
}

/** Step of one lightness nudge, in Y units (0..255). */
const LIGHTNESS_STEP = 8

/** The RL agent's move: Y up or down by one step, Cb and Cr kept (sRGB clamping aside). */
export function nudgeLightness(rgb: Rgb, direction: 1 | -1, step = LIGHTNESS_STEP): Rgb {
  const { y, cb, cr } = rgbToYCbCr(rgb)
  return yCbCrToRgb({ y: Math.min(255, Math.max(0, y + direction * step)), cb, cr })
}

/**
 * The colours text on a swatch is drawn in: black and white, the only pair of which one always
 * reaches WCAG AA (4.5:1) on any colour (at worst 4.58:1, on mid greys). Softer inks (#111 and
 * #f4f4f4) fell to 4.1:1 on mid-tones such as #767676.
 */
const DARK_INK = '#000000'
const LIGHT_INK = '#ffffff'

/**
 * The ink that reads better on a swatch: the higher WCAG contrast. (Plain luma put light text on
 * bright greens, whose luminance it underrates, at 1.5:1.)
 */
export function inkFor(rgb: Rgb): string {
  const background = rgbToHex(rgb)
  return wcagContrast(DARK_INK, background) >= wcagContrast(LIGHT_INK, background) ? DARK_INK : LIGHT_INK
}
