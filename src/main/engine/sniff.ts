// Recognising an image format from its first bytes. Only a format we read goes on to a decoder
// (libvips would also render SVG and read its own .v files); the rest is told apart: a real image
// in a format we can't read (UNSUPPORTED), a damaged image of a format we do read (CORRUPT), or
// not an image at all (NOT_AN_IMAGE), and among those, sound with no picture in it. Whether a GIF
// moves is told here too: the command line samples an animated one's frames when asked to.
import { constants, gunzipSync } from 'node:zlib'
import { MAX_IMAGE_BYTES } from '../../shared/media-types'
import { EngineError } from './errors'
import { children, find, heifCoding, readTopLevelBox, type Box, type ReadAt } from './heif-coding'
import { withOpenFile } from './open-file'

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

/** What an ISO media file (MP4, MOV, M4A, 3GP) holds, by the handlers of its tracks. */
interface MediaTracks {
  video: boolean
  sound: boolean
}

/** Largest moov box read for its tracks: an hour of sound is indexed in about a megabyte. */
const MAX_MOOV_BYTES = 16 * 1024 * 1024

/**
 * The tracks of an ISO media file, in memory or at a path (as bytes for a name not valid UTF-8),
 * from its moov box wherever it lies (a file written as it was recorded has it after the media).
 * Undefined for any other file, and for one whose moov box is missing, too large or unreadable.
 * Cover art is no track (an item of the file's tags), so a song with its cover holds only sound.
 */
export async function mediaTracks(from: { bytes: Uint8Array } | { path: string | Buffer }): Promise<MediaTracks | undefined> {
  if ('bytes' in from) return tracksIn((offset, length) => Promise.resolve(from.bytes.subarray(offset, offset + length)))
  const readFrom = withOpenFile(from.path, (handle) =>
    tracksIn(async (offset, length) => {
      const bytes = Buffer.alloc(length)
      const { bytesRead } = await handle.read(bytes, 0, length, offset)
      return bytes.subarray(0, bytesRead)
    })
  )
  return readFrom.catch(() => undefined)
}

async function tracksIn(read: ReadAt): Promise<MediaTracks | undefined> {
  if (ascii(await read(4, 4), 0, 4) !== 'ftyp') return undefined
  const moov = await readTopLevelBox(read, 'moov', MAX_MOOV_BYTES)
  const box = moov && children(moov, 0, moov.length)[0]
  if (!moov || !box) return undefined
  const handlers = children(moov, box.start, box.end)
    .filter((child) => child.type === 'trak')
    .map((trak) => handlerType(moov, trak))
  return { video: handlers.includes('vide'), sound: handlers.includes('soun') }
}

/** A track's handler type, in its media box's hdlr: 'vide', 'soun', 'text', 'hint'… */
function handlerType(bytes: Uint8Array, trak: Box): string | undefined {
  const mdia = find(children(bytes, trak.start, trak.end), 'mdia')
  const hdlr = mdia && find(children(bytes, mdia.start, mdia.end), 'hdlr')
  // Past the full box's version and flags, and a field that is always 0.
  return hdlr && hdlr.start + 12 <= hdlr.end ? ascii(bytes, hdlr.start + 8, hdlr.start + 12) : undefined
}

/**
 * Said of a media file with no picture in it, whether named as a film, named as anything else or
 * piped in: `subject` is the file's quoted name or "What was piped in".
 */
export function noVideoTrack(subject: string, sound: boolean, file?: string): EngineError {
  const holds = sound ? ': it holds only sound' : ''
  return new EngineError('UNSUPPORTED', `${subject} has no video track${holds}, so there is no picture to take a palette from.`, file === undefined ? {} : { file })
}

/**
 * Whether the file at `path` (as bytes for a name not valid UTF-8) is a GIF of more than one
 * frame: false for any other file, and for one that cannot be read or is larger than any image read.
 */
export async function isAnimatedGif(path: string | Buffer): Promise<boolean> {
  const read = withOpenFile(path, async (handle, info) => (info.isFile() && info.size <= MAX_IMAGE_BYTES ? handle.readFile() : undefined))
  const bytes = await read.catch(() => undefined)
  return bytes !== undefined && gifFrameStarts(bytes, 2).length === 2
}

/**
 * The size of a GIF's first frame as its image descriptor says (which may differ from its logical
 * screen's), or undefined where no frame starts within `bytes`.
 */
export function gifFirstFrame(bytes: Uint8Array): { width: number; height: number } | undefined {
  const [at] = gifFrameStarts(bytes, 1)
  if (at === undefined || at + 9 > bytes.length) return undefined
  const u16 = (from: number): number => bytes[from] | (bytes[from + 1] << 8)
  return { width: u16(at + 5), height: u16(at + 7) }
}

/** Where the frames (image descriptors) of a GIF start, up to `upTo` of them; none for bytes that are no GIF. */
function gifFrameStarts(bytes: Uint8Array, upTo: number): number[] {
  if (bytes.length < 13 || ascii(bytes, 0, 4) !== 'GIF8') return []
  // A colour table's size is in the low bits of a packed byte whose high bit says it is there.
  const tableBytes = (packed: number): number => (packed & 0x80 ? 3 << ((packed & 7) + 1) : 0)
  const starts: number[] = []
  // Past the header and logical screen descriptor (13 bytes) and the global colour table.
  for (let at = 13 + tableBytes(bytes[10]); at < bytes.length && starts.length < upTo; ) {
    if (bytes[at] === 0x2c) {
      starts.push(at)
      // The image descriptor (10 bytes), its local colour table, the LZW code size, then the picture's sub-blocks.
      at = subBlocksEnd(bytes, at + 10 + tableBytes(bytes[at + 9]) + 1)
    } else if (bytes[at] === 0x21) {
      // An extension (a frame's delay, a comment, the loop count): its label, then its sub-blocks.
      at = subBlocksEnd(bytes, at + 2)
    } else {
      // The trailer, or damage: nothing more to count either way.
      break
    }
  }
  return starts
}

/** Where a run of sub-blocks starting at `at` ends, past the empty block that closes it. */
function subBlocksEnd(bytes: Uint8Array, at: number): number {
  while (at < bytes.length && bytes[at] !== 0) at += bytes[at] + 1
  return at + 1
}
