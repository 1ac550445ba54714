// Colour conversions for the swatch editor. culori does the colour science; this module only
// turns its floating-point results into the integer sRGB triples the palette types use.
import { clampChroma, converter, formatHex, parse, wcagContrast } from 'culori'
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

/** Parses `#rgb`, `#rrggbb` (with or without `#`) or any CSS colour; undefined when it is not one. */
export function parseColor(text: string): Rgb | undefined {
  const trimmed = text.trim()
  const candidate = /^[0-9a-f]{3}([0-9a-f]{3})?$/i.test(trimmed) ? `#${trimmed}` : trimmed
  const parsed = parse(candidate)
  if (!parsed) return undefined
  const rgb = toRgbMode(parsed)
  return [channel(rgb.r), channel(rgb.g), channel(rgb.b)]
}

export function rgbToHsl([r, g, b]: Rgb): Hsl {
  const hsl = toHslMode({ mode: 'rgb', r: r / 255, g: g / 255, b: b / 255 })
  return { h: round(hsl.h ?? 0, 1), s: round(hsl.s * 100, 1), l: round(hsl.l * 100, 1) }
}

export function hslToRgb({ h, s, l }: Hsl): Rgb {
  const rgb = toRgbMode({ mode: 'hsl', h, s: s / 100, l: l / 100 })
  return [channel(rgb.r), channel(rgb.g), channel(rgb.b)]
}

export function rgbToOklch([r, g, b]: Rgb): Oklch {
  const c = toOklchMode({ mode: 'rgb', r: r / 255, g: g / 255, b: b / 255 })
  return { l: round(c.l, 4), c: round(c.c, 4), h: round(c.h ?? 0, 2) }
}

/** OKLCH to sRGB; colours outside sRGB keep their lightness and hue and lose chroma. */
export function oklchToRgb({ l, c, h }: Oklch): Rgb {
  const direct = toRgbMode({ mode: 'oklch', l, c, h })
  // Within a rounding step of the sRGB cube (what the rounded fields of a real sRGB colour give),
  // clamp the channels; further out, reduce chroma instead so hue and lightness survive.
  const slack = 1 / 255
  const nearGamut = [direct.r, direct.g, direct.b].every((v) => v >= -slack && v <= 1 + slack)
  const rgb = nearGamut ? direct : toRgbMode(clampChroma({ mode: 'oklch', l, c, h }, 'oklch'))
  return [channel(rgb.r), channel(rgb.g), channel(rgb.b)]
}

/** Full-range YCbCr (JPEG / BT.601), the colour space of the paper's RL lightness action. */
export interface YCbCr {
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

export function yCbCrToRgb({ y, cb, cr }: YCbCr): Rgb {
  const clamp = (v: number): number => Math.min(255, Math.max(0, Math.round(v)))
  return [
    clamp(y + 1.402 * (cr - 128)),
    clamp(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128)),
    clamp(y + 1.772 * (cb - 128))
  ]
}

/** Step of one lightness nudge, in Y units (0..255). */
export const LIGHTNESS_STEP = 8

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
