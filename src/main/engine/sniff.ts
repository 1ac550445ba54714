// Recognising an image format from its first bytes. Only a format we read goes on to a decoder
// (libvips would also render SVG and read its own .v files); the rest is told apart: a real image
// in a format we can't read (UNSUPPORTED), a damaged image of a format we do read (CORRUPT), or
// not an image at all (NOT_AN_IMAGE).
import { constants, gunzipSync } from 'node:zlib'
import { heifCoding } from './heif-coding'

export interface SniffedFormat {
  name: string
  /** Whether the engine decodes this format (sharp as we ship it, or bmp.ts for BMP). */
  readable: boolean
}

const NAMES: Record<string, string> = {
  jpeg: 'a JPEG image',
  png: 'a PNG image',
  gif: 'a GIF image',
  webp: 'a WebP image',
  tiff: 'a TIFF image',
  avif: 'an AVIF image',
  heic: 'a HEIC image (HEVC-coded, as iPhones save them)',
  bmp: 'a BMP image',
  psd: 'a Photoshop document',
  jxl: 'a JPEG XL image',
  ico: 'an icon file',
  pdf: 'a PDF document',
  svg: 'an SVG drawing',
  svgz: 'a compressed SVG drawing (SVGZ)',
  heif: 'a HEIF image'
}

export const describeFormat = (name: string): string => NAMES[name] ?? `a ${name} file`

const startsWith = (bytes: Uint8Array, magic: number[], at = 0): boolean => magic.every((b, i) => bytes[at + i] === b)
const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to))

/**
 * The format the file's first bytes tell; `coding`, when the caller has read further for it
 * (readHeifCoding), is a HEIF's codec, which the bytes may not reach.
 */
export function sniffFormat(bytes: Uint8Array, coding = heifCoding(bytes)): SniffedFormat | undefined {
  // Only the start-of-image marker, as libjpeg asks: some cameras pad before the next marker.
  if (startsWith(bytes, [0xff, 0xd8])) return { name: 'jpeg', readable: true }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { name: 'png', readable: true }
  if (ascii(bytes, 0, 4) === 'GIF8') return { name: 'gif', readable: true }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return { name: 'webp', readable: true }
  // Classic TIFF, then BigTIFF (libtiff reads both).
  if (TIFF_MAGIC.some((magic) => startsWith(bytes, magic))) return { name: 'tiff', readable: true }
  // AV1-coded HEIF sharp reads; HEVC-coded its prebuilt libheif cannot decode.
  if (coding === 'av1') return { name: 'avif', readable: true }
  if (coding === 'hevc') return { name: 'heic', readable: false }
  // A HEIF whose items and brands name no codec: libheif decides.
  if (hasGenericHeifBrand(bytes)) return { name: 'heif', readable: true }
  if (ascii(bytes, 0, 2) === 'BM') return { name: 'bmp', readable: true }
  if (ascii(bytes, 0, 4) === '8BPS') return { name: 'psd', readable: false }
  if (startsWith(bytes, [0xff, 0x0a]) || ascii(bytes, 4, 8) === 'JXL ') return { name: 'jxl', readable: false }
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return { name: 'ico', readable: false }
  if (ascii(bytes, 0, 5) === '%PDF-') return { name: 'pdf', readable: false }
  if (isSvg(bytes)) return { name: 'svg', readable: false }
  if (isSvgz(bytes)) return { name: 'svgz', readable: false }
  return undefined
}

const TIFF_MAGIC = [
  [0x49, 0x49, 0x2a, 0x00],
  [0x4d, 0x4d, 0x00, 0x2a],
  [0x49, 0x49, 0x2b, 0x00],
  [0x4d, 0x4d, 0x00, 0x2b]
]

/** Brands of any HEIF, naming no codec. */
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1', 'miaf'])

/** Whether the file opens with an ftyp box whose major or compatible brands include a generic HEIF one. */
function hasGenericHeifBrand(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return false
  const end = Math.min(bytes.length, ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0)
  // The major brand, then (past the minor version) the compatible brands.
  for (let at = 8; at + 4 <= end; at += at === 8 ? 8 : 4) if (GENERIC_HEIF_BRANDS.has(ascii(bytes, at, at + 4))) return true
  return false
}

/** What may come before an XML document's root element: a declaration, comments, a doctype. */
const PROLOG = [
  { open: '<?', close: '?>' },
  { open: '<!--', close: '-->' },
  { open: '<!DOCTYPE', close: '>' }
]

/** Where a doctype's internal subset that opens at `from` closes ("]", spaces, ">"), or -1. */
function subsetEnd(text: string, from: number): number {
  const end = /\]\s*>/g
  end.lastIndex = from
  return end.exec(text)?.index ?? -1
}

/**
 * Whether the bytes are an XML document whose root element is <svg>, past a byte order mark, white
 * space and the prolog; a doctype's internal subset (Illustrator declares entities there) is
 * skipped whole. Each step searches forward only, so a long or hostile file costs one pass.
 */
function isSvg(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
  let at = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0
  for (;;) {
    while (at < text.length && /\s/.test(text[at])) at++
    const part = PROLOG.find(({ open }) => text.startsWith(open, at))
    if (!part) return /^<(?:[\w.-]+:)?svg[\s/>]/.test(text.slice(at, at + 64))
    const subset = part.open === '<!DOCTYPE' ? text.indexOf('[', at) : -1
    // The internal subset ends at "]" then ">": a "]" alone may sit in an entity's quoted value.
    const from = subset >= 0 && subset < text.indexOf('>', at) ? subsetEnd(text, subset) : at + part.open.length
    const close = from < 0 ? -1 : text.indexOf(part.close, from)
    if (close < 0) return false
    at = close + part.close.length
  }
}

/**
 * How much of a gzip stream is inflated to look for an SVG: growing starts of the stream until
 * their text reaches as far as a plain SVG is searched (a long comment or doctype can come before
 * `<svg`, and text written by hand compresses little), each inflated to at most a megabyte however
 * well it compresses.
 */
const SVGZ_PROBE_STARTS = [1024, 8192, 65_536] as const
const SVGZ_TEXT_BYTES = 64 * 1024
const SVGZ_MAX_INFLATED = 1 << 20

/** Whether the bytes are a gzip stream (deflate) whose start inflates to an SVG: an .svgz, whatever its name. */
function isSvgz(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, [0x1f, 0x8b, 0x08])) return false
  for (const start of SVGZ_PROBE_STARTS) {
    let text: Buffer
    try {
      // A sync flush inflates the cut-off start as far as it goes, where a finish would ask for the stream's end.
      text = gunzipSync(bytes.subarray(0, start), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: SVGZ_MAX_INFLATED })
    } catch {
      // A damaged stream, a gzip header longer than the probe, or a bomb: nothing to tell it apart by.
      return false
    }
    if (isSvg(text)) return true
    if (text.length >= SVGZ_TEXT_BYTES || start >= bytes.length) return false
  }
  return false
}
