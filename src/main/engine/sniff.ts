// Recognising an image format from its first bytes, so that a file sharp refuses can be told
// apart: a real image in a format we can't read (UNSUPPORTED), a damaged image of a format we
// do read (CORRUPT), or not an image at all (NOT_AN_IMAGE).
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
  pdf: 'a PDF document'
}

export const describeFormat = (name: string): string => NAMES[name] ?? `a ${name} file`

const startsWith = (bytes: Uint8Array, magic: number[], at = 0): boolean => magic.every((b, i) => bytes[at + i] === b)
const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to))

/**
 * The format the file's first bytes tell; `coding`, when the caller has read further for it
 * (readHeifCoding), is a HEIF's codec, which the bytes may not reach.
 */
export function sniffFormat(bytes: Uint8Array, coding = heifCoding(bytes)): SniffedFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { name: 'jpeg', readable: true }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { name: 'png', readable: true }
  if (ascii(bytes, 0, 4) === 'GIF8') return { name: 'gif', readable: true }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return { name: 'webp', readable: true }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return { name: 'tiff', readable: true }
  // AV1-coded HEIF sharp reads; HEVC-coded its prebuilt libheif cannot decode.
  if (coding === 'av1') return { name: 'avif', readable: true }
  if (coding === 'hevc') return { name: 'heic', readable: false }
  if (ascii(bytes, 0, 2) === 'BM') return { name: 'bmp', readable: true }
  if (ascii(bytes, 0, 4) === '8BPS') return { name: 'psd', readable: false }
  if (startsWith(bytes, [0xff, 0x0a]) || ascii(bytes, 4, 8) === 'JXL ') return { name: 'jxl', readable: false }
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return { name: 'ico', readable: false }
  if (ascii(bytes, 0, 5) === '%PDF-') return { name: 'pdf', readable: false }
  return undefined
}
