// 16-bit CIELab pixels (a TIFF in Photoshop's Lab mode, 16 bits) to sRGB. libvips converts Lab as
// relative to a D65 white; a TIFF's Lab is relative to D50 (Adobe's TIFF technical note, which
// libtiff follows for a file without a WhitePoint tag), so a stored L 50, a 20, b −30 came out
// 127,109,170 where Photoshop and culori show 133,108,170.
import type { RgbaImage } from './image'
import { gamma } from './oklab'

/** The D50 white, XYZ. */
const WHITE = [0.9642, 1, 0.8249]
/** XYZ under D50 to linear sRGB, through Bradford's adaptation to D65 (Bruce Lindbloom's matrix). */
const XYZ_D50_TO_SRGB = [
  [3.1338561, -1.6168667, -0.4906146],
  [-0.9787684, 1.9161415, 0.033454],
  [0.0719453, -0.2289914, 1.4052427]
]

const EPSILON = 6 / 29
/** CIE's inverse of the Lab companding function. */
const uncompand = (t: number): number => (t > EPSILON ? t * t * t : 3 * EPSILON * EPSILON * (t - 4 / 29))

/** Opaque 8-bit sRGB of pixels given as L, a, b floats (three a pixel, L 0–100), relative to D50. */
export function labToSrgb(lab: Float32Array, width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4)
  for (let i = 0, o = 0; i + 2 < lab.length; i += 3, o += 4) {
    const fy = (lab[i] + 16) / 116
    const xyz = [uncompand(fy + lab[i + 1] / 500), uncompand(fy), uncompand(fy - lab[i + 2] / 200)].map((v, c) => v * WHITE[c])
    for (let c = 0; c < 3; c++) {
      const [x, y, z] = XYZ_D50_TO_SRGB[c]
      data[o + c] = Math.round(Math.min(1, Math.max(0, gamma(x * xyz[0] + y * xyz[1] + z * xyz[2]))) * 255)
    }
    data[o + 3] = 255
  }
  return { width, height, data }
}
