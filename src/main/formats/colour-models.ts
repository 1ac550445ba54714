// Conversions from the colour models ASE files may hold to the sRGB bytes the app shows.
// They are for display only: a CMYK or Lab swatch read from a file is shown, not printed.
import { converter } from 'culori'
import type { Rgb } from '../../shared/palette'
import { unitToByte } from './swatch-file'

const toRgb = converter('rgb')

export function grayToRgb(gray: number): Rgb {
  // ASE stores gray as 0 = black, 1 = white.
  const v = unitToByte(gray)
  return [v, v, v]
}

/**
 * Naive CMYK → RGB (R = 255·(1−C)·(1−K), likewise G from M and B from Y). Without the
 * document's press profile nothing better is possible; Adobe apps show the same colours
 * differently, most for rich blacks and saturated blues. Channels are 0..1.
 */
export function cmykToRgb(c: number, m: number, y: number, k: number): Rgb {
  const ink = (v: number) => Math.min(1, Math.max(0, v))
  const black = 1 - ink(k)
  return [unitToByte((1 - ink(c)) * black), unitToByte((1 - ink(m)) * black), unitToByte((1 - ink(y)) * black)]
}

/**
 * CIELAB (D50, as Adobe uses) → sRGB, out-of-gamut colours clamped per channel.
 * ASE stores L as 0..1 (meaning 0..100) and a, b as-is.
 */
export function aseLabToRgb(l: number, a: number, b: number): Rgb {
  const rgb = toRgb({ mode: 'lab', l: l * 100, a, b })
  return [unitToByte(rgb.r), unitToByte(rgb.g), unitToByte(rgb.b)]
}
