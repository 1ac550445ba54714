// The colours a PNG declares without an ICC profile: its gAMA chunk (the exponent its numbers
// were encoded with) and cHRM chunk (its primaries and white). libvips ignores both; Chromium,
// which shows the image in the app, applies them. Here they become the ICC profile they describe,
// built as Chromium builds it (Blink's PNG decoder and skcms), so the pixels go through the same
// conversion as an embedded profile's and the palette has the colours the app shows.
import { crc32 } from 'node:zlib'
import { headFirst, type ReadAt } from './heif-coding'

/** Chunks walked before the picture: the colour chunks must come before PLTE and IDAT. */
const MAX_CHUNKS = 64

/** What a PNG says of its colours, from the chunks before its picture. */
interface ColourChunks {
  /** gAMA: the encoding exponent × 100,000 (45455 is 1/2.2). */
  gamma?: number
  /** cHRM: white x, y, then red, green and blue x, y, each × 100,000. */
  chromaticities?: number[]
  /** An sRGB, iCCP or cICP chunk, any of which Chromium puts before gAMA and cHRM. */
  declared: boolean
}

/** Each chunk's data length as libpng takes it; one of another length is ignored. */
const LENGTHS: Partial<Record<string, number>> = { gAMA: 4, cHRM: 32 }
const DECLARING = new Set(['sRGB', 'iCCP', 'cICP'])

const fourcc = (bytes: Uint8Array, at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4))
const u32 = (bytes: Uint8Array, at: number): number => ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0

/**
 * The chunks before the first PLTE or IDAT, as libpng keeps them: the first of each kind, and
 * gAMA and cHRM only whole (their length and CRC right). Only their headers are read, and gAMA's
 * and cHRM's few bytes.
 */
async function readColourChunks(read: ReadAt): Promise<ColourChunks> {
  const found: ColourChunks = { declared: false }
  for (let at = 8, i = 0; i < MAX_CHUNKS; i++) {
    const header = await read(at, 8)
    if (header.length < 8) break
    const [length, type] = [u32(header, 0), fourcc(header, 4)]
    if (type === 'PLTE' || type === 'IDAT' || type === 'IEND') break
    if (DECLARING.has(type)) found.declared = true
    if (LENGTHS[type] === length) {
      // The type, the data and the CRC over both.
      const body = await read(at + 4, length + 8)
      const whole = body.length === length + 8 && crc32(body.subarray(0, length + 4)) === u32(body, length + 4)
      const values = Array.from({ length: length / 4 }, (_, k) => u32(body, 4 + 4 * k))
      if (whole && type === 'gAMA') found.gamma ??= values[0]
      if (whole && type === 'cHRM') found.chromaticities ??= values
    }
    at += 12 + length
  }
  return found
}

type Matrix = number[][]

const multiply = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0].map((_, j) => row.reduce((sum, v, k) => sum + v * b[k][j], 0)))
const apply = (m: Matrix, v: number[]): number[] => m.map((row) => row.reduce((sum, x, k) => sum + x * v[k], 0))
const diagonal = (v: number[]): Matrix => v.map((x, i) => v.map((_, j) => (i === j ? x : 0)))

/** The inverse of a 3 × 3 matrix, or undefined where it has none (primaries on one line). */
function invert(m: Matrix): Matrix | undefined {
  const [[a, b, c], [d, e, f], [g, h, i]] = m
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
  if (!Number.isFinite(det) || Math.abs(det) < 1e-9) return undefined
  const adjugate = [
    [e * i - f * h, c * h - b * i, b * f - c * e],
    [f * g - d * i, a * i - c * g, c * d - a * f],
    [d * h - e * g, b * g - a * h, a * e - b * d]
  ]
  return adjugate.map((row) => row.map((v) => v / det))
}

/** The white of ICC profiles' connection space, XYZ. */
const D50 = [0.9642, 1, 0.8249]
const BRADFORD = [
  [0.8951, 0.2664, -0.1614],
  [-0.7502, 1.7135, 0.0367],
  [0.0389, -0.0685, 1.0296]
]
/** sRGB's primaries and white (D65): what Chromium assumes when a PNG has gAMA but no cHRM. */
const SRGB_CHROMATICITIES = [31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000]

/**
 * RGB to XYZ under D50, from the primaries and white (cHRM's order, × 100,000), as skcms's
 * skcms_PrimariesToXYZD50 makes it: the white adapted to D50 by Bradford. Undefined for what
 * libpng or skcms refuse: a value out of range, or primaries that span no colours.
 */
function toXyzD50(chromaticities: number[]): Matrix | undefined {
  const [wx, wy, rx, ry, gx, gy, bx, by] = chromaticities.map((v) => v / 100_000)
  const points = [
    [wx, wy],
    [rx, ry],
    [gx, gy],
    [bx, by]
  ]
  if (points.some(([x, y]) => x < 0 || y < 0 || x + y > 1) || wy < 0.00005) return undefined
  const primaries = [
    [rx, gx, bx],
    [ry, gy, by],
    [1 - rx - ry, 1 - gx - gy, 1 - bx - by]
  ]
  const inverse = invert(primaries)
  if (!inverse) return undefined
  const white = [wx / wy, 1, (1 - wx - wy) / wy]
  const toXyz = multiply(primaries, diagonal(apply(inverse, white)))
  const [source, target] = [apply(BRADFORD, white), apply(BRADFORD, D50)]
  const adapt = multiply(invert(BRADFORD)!, multiply(diagonal(target.map((v, i) => v / source[i])), BRADFORD))
  return multiply(adapt, toXyz)
}

const s15Fixed16 = (v: number): Buffer => {
  const out = Buffer.alloc(4)
  out.writeInt32BE(Math.round(v * 65536))
  return out
}
const xyzTag = (xyz: number[]): Buffer => Buffer.concat([Buffer.from('XYZ \0\0\0\0', 'latin1'), ...xyz.map(s15Fixed16)])
/** A parametric curve of function type 0, a plain power: Y = X^exponent. */
const powerCurve = (exponent: number): Buffer => Buffer.concat([Buffer.from('para\0\0\0\0\0\0\0\0', 'latin1'), s15Fixed16(exponent)])

/** An ICC v4 display profile of `space` ('RGB ' or 'GRAY') with these tags, each padded to 4 bytes. */
function displayProfile(space: 'RGB ' | 'GRAY', tags: [string, Buffer][]): Buffer {
  const table = Buffer.alloc(4 + 12 * tags.length)
  table.writeUInt32BE(tags.length)
  let at = 128 + table.length
  const bodies = tags.map(([signature, body], i) => {
    table.write(signature, 4 + 12 * i, 'latin1')
    table.writeUInt32BE(at, 8 + 12 * i)
    table.writeUInt32BE(body.length, 12 + 12 * i)
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)])
    at += padded.length
    return padded
  })
  const header = Buffer.alloc(128)
  header.writeUInt32BE(at, 0)
  header.writeUInt32BE(0x04200000, 8)
  header.write(`mntr${space}XYZ `, 12, 'latin1')
  header.write('acsp', 36, 'latin1')
  Buffer.concat(D50.map(s15Fixed16)).copy(header, 68)
  return Buffer.concat([header, table, ...bodies])
}

/**
 * Chromium takes a gAMA within 5% of 1/2.2 without cHRM for sRGB, as libpng's gamma threshold
 * does (measured: 1/2.1 shows as stored, 1/2.0 does not).
 */
const nearSrgb = (gamma: number): boolean => Math.abs(gamma * 2.2e-5 - 1) < 0.05

/**
 * The ICC profile a PNG's gAMA and cHRM chunks describe, or undefined where Chromium shows its
 * numbers as sRGB: an sRGB, iCCP or cICP chunk decides instead; no usable gAMA (cHRM alone is
 * ignored); gAMA near 1/2.2 without cHRM; a cHRM out of range, which drops the gAMA too. `head`
 * is the file's first bytes, which serve the reads they cover.
 */
export async function pngGammaProfile(head: Uint8Array, read: ReadAt): Promise<Buffer | undefined> {
  const { gamma, chromaticities, declared } = await readColourChunks(headFirst(head, read))
  // libpng refuses a gAMA outside these as out of range.
  if (declared || gamma === undefined || gamma < 16 || gamma > 625_000_000) return undefined
  if (!chromaticities && nearSrgb(gamma)) return undefined
  const matrix = toXyzD50(chromaticities ?? SRGB_CHROMATICITIES)
  if (!matrix) return undefined
  const curve = powerCurve(100_000 / gamma)
  // IHDR's colour type (0 or 4): grey has no primaries, and keeps its greys grey whatever they are.
  const grey = (head[25] & 2) === 0
  if (grey) return displayProfile('GRAY', [['wtpt', xyzTag(D50)], ['kTRC', curve]])
  const columns = [0, 1, 2].map((c) => matrix.map((row) => row[c]))
  return displayProfile('RGB ', [
    ['wtpt', xyzTag(D50)],
    ['rXYZ', xyzTag(columns[0])],
    ['gXYZ', xyzTag(columns[1])],
    ['bXYZ', xyzTag(columns[2])],
    ['rTRC', curve],
    ['gTRC', curve],
    ['bTRC', curve]
  ])
}
