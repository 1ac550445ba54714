// sRGB ⇄ OKLab for k-means, the same formulas and constants as culori 4 (its lrgb and oklab
// converters), written out so that the hot loop allocates nothing and the engine does not load
// culori's every colour space to start. test/main/engine/oklab.test.ts holds them to culori.

/** Linear-light value of each 8-bit sRGB level (culori's convertRgbToLrgb at v / 255). */
const LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)
})

/** Writes the OKLab l, a, b of an 8-bit sRGB colour into `out` at `at`. */
export function srgbBytesToOklab(r8: number, g8: number, b8: number, out: Float64Array, at: number): void {
  const r = LINEAR[r8]
  const g = LINEAR[g8]
  const b = LINEAR[b8]
  const L = Math.cbrt(0.412221469470763 * r + 0.5363325372617348 * g + 0.0514459932675022 * b)
  const M = Math.cbrt(0.2119034958178252 * r + 0.6806995506452344 * g + 0.1073969535369406 * b)
  const S = Math.cbrt(0.0883024591900564 * r + 0.2817188391361215 * g + 0.6299787016738222 * b)
  out[at] = 0.210454268309314 * L + 0.7936177747023054 * M - 0.0040720430116193 * S
  // Greys are exactly achromatic (culori does the same), so they never lean towards a hue.
  const grey = r8 === g8 && g8 === b8
  out[at + 1] = grey ? 0 : 1.9779985324311684 * L - 2.4285922420485799 * M + 0.450593709617411 * S
  out[at + 2] = grey ? 0 : 0.0259040424655478 * L + 0.7827717124575296 * M - 0.8086757549230774 * S
}

/** sRGB in 0..1 (not clamped) of an OKLab colour. */
export function oklabToSrgb(l: number, a: number, b: number): [number, number, number] {
  const L = Math.pow(l + 0.3963377773761749 * a + 0.2158037573099136 * b, 3)
  const M = Math.pow(l - 0.1055613458156586 * a - 0.0638541728258133 * b, 3)
  const S = Math.pow(l - 0.0894841775298119 * a - 1.2914855480194092 * b, 3)
  return [
    gamma(4.0767416360759574 * L - 3.3077115392580616 * M + 0.2309699031821044 * S),
    gamma(-1.2684379732850317 * L + 2.6097573492876887 * M - 0.3413193760026573 * S),
    gamma(-0.0041960761386756 * L - 0.7034186179359362 * M + 1.7076146940746117 * S)
  ]
}

function gamma(c: number): number {
  const abs = Math.abs(c)
  return abs > 0.0031308 ? (Math.sign(c) || 1) * (1.055 * Math.pow(abs, 1 / 2.4) - 0.055) : c * 12.92
}
