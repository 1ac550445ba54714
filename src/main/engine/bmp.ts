// Reading a BMP: sharp's prebuilt libvips has no BMP loader, so the pixels are decoded here and
// decode.ts hands them to sharp raw. The header is read first, so that the size limits apply
// before anything is allocated. Every kind is decoded by our own modules, straight from where the
// header says the pixels start: the npm decoders checked fell short. bmp-ts got RLE and 16-bit
// ones wrong and took 0.9–1.6 s over a 12 MP 24-bit one, where this code takes 0.1 s;
// fast-bmp returned the indices of an 8-bit palette image as grey, and failed on top-down and on
// 32-bit BI_RGB ones.
import { decodeBitfields } from './bmp-bitfields'
import { unpackIndices } from './bmp-indexed'
import { expandRle } from './bmp-rle'
import { decodeRgb24 } from './bmp-rgb'

export interface BmpHeader {
  width: number
  /** Always positive; a negative height in the file means rows stored top-down. */
  height: number
  topDown: boolean
  bitsPerPixel: number
  compression: number
  headerSize: number
  /** Where the pixels start. */
  offset: number
  /** Entries in the colour table. */
  colours: number
  /** Where the colour table ends: it follows the info header, and BITFIELDS' masks after a 40-byte one. */
  tableEnd: number
  /** Bytes of pixel data the header implies (rows padded to 4 bytes); 0 for RLE, whose length varies. */
  pixelBytes: number
  /** Which bits of a 16- or 32-bit pixel hold red, green, blue and alpha; alpha 0 for a picture without. */
  masks: readonly [number, number, number, number]
  /** Where a V5 header's embedded ICC profile lies in the file, as the header claims. */
  profile?: { start: number; size: number }
}

/** The file header (14 bytes) and the smallest info header (40). */
const HEADERS_BYTES = 54
/** BITMAPINFOHEADER and its V2–V5 successors; OS/2's (12, 16, 64) lay the fields out otherwise. */
const INFO_HEADER_SIZES = [40, 52, 56, 108, 124]
const BI_RGB = 0
const BI_RLE8 = 1
const BI_RLE4 = 2
const BI_BITFIELDS = 3
const BI_ALPHABITFIELDS = 6
/** bV5CSType of a V5 header whose colour profile is in the file ('MBED'). */
const PROFILE_EMBEDDED = 0x4d424544

/** The header's fields, or undefined when the file is too short to hold them. */
export function readBmpHeader(head: Buffer): BmpHeader | undefined {
  if (head.length < HEADERS_BYTES) return undefined
  const width = head.readInt32LE(18)
  const signedHeight = head.readInt32LE(22)
  const height = Math.abs(signedHeight)
  const bitsPerPixel = head.readUInt16LE(28)
  const compression = head.readUInt32LE(30)
  const headerSize = head.readUInt32LE(14)
  const rowBytes = Math.ceil((Math.max(width, 0) * bitsPerPixel) / 32) * 4
  const colours = head.readUInt32LE(46)
  const tableColours = bitsPerPixel <= 8 || colours > 0 ? colours || 2 ** bitsPerPixel : 0
  const rle = compression === BI_RLE8 || compression === BI_RLE4
  return {
    width,
    height,
    topDown: signedHeight < 0,
    bitsPerPixel,
    compression,
    headerSize,
    offset: head.readUInt32LE(10),
    colours: tableColours,
    tableEnd: 14 + masksEnd(headerSize, compression) + tableColours * 4,
    pixelBytes: rle ? 0 : rowBytes * height,
    masks: masks(head, headerSize, compression, bitsPerPixel),
    profile: embeddedProfile(head, headerSize)
  }
}

/**
 * BITFIELDS pictures have masks; the alpha one follows red, green and blue, in a V3+ header or
 * after a 40-byte one. An uncompressed (BI_RGB) picture's are fixed, whatever the header holds
 * (often zeros): 5-5-5 for 16 bits, 8-8-8 for 32, without alpha.
 */
function masks(head: Buffer, headerSize: number, compression: number, bits: number): BmpHeader['masks'] {
  if (compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    return bits === 16 ? [0x7c00, 0x03e0, 0x001f, 0] : [0xff0000, 0xff00, 0xff, 0]
  }
  const hasAlpha = compression === BI_ALPHABITFIELDS || headerSize >= 56
  const at = (i: number): number => (head.length >= 58 + i * 4 ? head.readUInt32LE(54 + i * 4) : 0)
  return [at(0), at(1), at(2), hasAlpha ? at(3) : 0]
}

/** A V5 header's profile: bV5ProfileData counts from the start of the info header. */
function embeddedProfile(head: Buffer, headerSize: number): BmpHeader['profile'] {
  if (headerSize !== 124 || head.length < 14 + 124 || head.readUInt32LE(70) !== PROFILE_EMBEDDED) return undefined
  return { start: 14 + head.readUInt32LE(126), size: head.readUInt32LE(130) }
}

/** Where the colour table starts: past the info header, and the masks that follow a 40-byte one for BITFIELDS. */
function masksEnd(headerSize: number, compression: number): number {
  const masks = compression === BI_ALPHABITFIELDS ? 16 : compression === BI_BITFIELDS ? 12 : 0
  if (headerSize === 40) return 40 + masks
  return headerSize === 52 && compression === BI_ALPHABITFIELDS ? 56 : headerSize
}

/** Compressions BMP allows that are not decoded, in words. */
const COMPRESSION_WORDS: Partial<Record<number, string>> = {
  4: 'holding a JPEG',
  5: 'holding a PNG'
}

/** Bits a pixel each compression read here allows. */
const DEPTHS: Partial<Record<number, number[]>> = {
  [BI_RGB]: [1, 4, 8, 16, 24, 32],
  [BI_RLE8]: [8],
  [BI_RLE4]: [4],
  [BI_BITFIELDS]: [16, 32],
  [BI_ALPHABITFIELDS]: [16, 32]
}

/** Follows "“name” is a BMP image" when the header describes a kind of BMP this module does not read. */
export function unreadableBmp(header: BmpHeader): string | undefined {
  const { compression, bitsPerPixel: bits } = header
  const depths = DEPTHS[compression]
  if (!depths) return COMPRESSION_WORDS[compression] ?? `stored with an unusual compression (${compression})`
  if (!INFO_HEADER_SIZES.includes(header.headerSize)) return 'with an old OS/2 header'
  if (!depths.includes(bits)) return `with ${bits} bits a pixel`
  return undefined
}

/**
 * Whether the header's size and layout are impossible (a colour table running into the pixels),
 * or the file ends before its pixels do. Checked before decoding, so that nothing a damaged header
 * claims is allocated.
 */
export const damagedBmp = (header: BmpHeader, fileBytes: number): boolean =>
  header.width <= 0 || header.height === 0 || header.tableEnd > header.offset || header.offset + header.pixelBytes > fileBytes

const isRle = (header: BmpHeader): boolean => header.compression === BI_RLE8 || header.compression === BI_RLE4

/**
 * Most bytes of RLE data a picture can take, however encoded: each command moves past at least
 * one pixel, row end or the bitmap's end, and the longest (a delta) is 4 bytes. Only a delta
 * that moves nowhere, or runs past a row's right edge, could take more, which no writer emits.
 */
const rleBytes = (header: BmpHeader): number => (Math.max(header.width, 0) * header.height + header.height + 1) * 4

/**
 * The bytes of the file the picture can use, at most: its headers, colour table and pixels as the
 * header places them (for RLE, rleBytes of data), and an embedded profile that lies past them.
 * Whatever follows (junk a tool left, or gigabytes of it) is never read.
 */
export function bmpFileBytes(header: BmpHeader, fileBytes: number): number {
  const pixelsEnd = header.offset + (isRle(header) ? rleBytes(header) : header.pixelBytes)
  return Math.min(fileBytes, Math.max(pixelsEnd, profileRange(header, fileBytes)?.end ?? 0))
}

export interface BmpPixels {
  width: number
  height: number
  /** 3 (RGB) for an opaque picture, 4 (RGBA, straight alpha) for one with transparency. */
  channels: 3 | 4
  data: Buffer
}

/** The picture as 8-bit RGB or RGBA, top row first. The header must have passed unreadableBmp and damagedBmp. */
export function decodeBmp(bytes: Buffer, header: BmpHeader): BmpPixels {
  const { width, height, offset, topDown } = header
  if (isRle(header)) {
    const bitsPerPixel = header.compression === BI_RLE8 ? 8 : 4
    const indices = expandRle(bytes.subarray(offset), { width, height, bitsPerPixel })
    return { width, height, channels: 3, data: fromIndices(bytes, header, indices) }
  }
  if (header.bitsPerPixel === 1 || header.bitsPerPixel === 4 || header.bitsPerPixel === 8) {
    const indices = unpackIndices(bytes, { width, height, bitsPerPixel: header.bitsPerPixel, offset })
    return { width, height, channels: 3, data: fromIndices(bytes, header, indices) }
  }
  if (header.bitsPerPixel === 16 || header.bitsPerPixel === 32) {
    const { masks } = header
    const rgba = decodeBitfields(bytes, { width, height, bitsPerPixel: header.bitsPerPixel, offset, topDown, masks })
    const alpha = masks[3] !== 0 && hasVisibleAlpha(rgba)
    return alpha ? { width, height, channels: 4, data: rgba } : { width, height, channels: 3, data: rgbOf(rgba) }
  }
  return { width, height, channels: 3, data: decodeRgb24(bytes, { width, height, offset, topDown }) }
}

/**
 * An alpha channel of zeros is a writer that left the fourth byte empty, not an invisible
 * picture: Chromium shows such a BMP opaque too.
 */
function hasVisibleAlpha(rgba: Buffer): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 0) return true
  return false
}

function rgbOf(rgba: Buffer): Buffer {
  const rgb = Buffer.alloc((rgba.length / 4) * 3)
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) rgb.set(rgba.subarray(i, i + 3), o)
  return rgb
}

/**
 * RGB, top row first, of palette indices in stored row order (RLE-expanded or unpacked alike). An
 * index past the colour table, which only a damaged or odd file holds, is black.
 */
function fromIndices(bytes: Buffer, header: BmpHeader, indices: Uint8Array): Buffer {
  const { width, height } = header
  const palette = paletteOf(bytes, header)
  const rgb = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    const stored = (header.topDown ? y : height - 1 - y) * width
    for (let x = 0, o = y * width * 3; x < width; x++, o += 3) {
      const at = indices[stored + x] * 3
      rgb[o] = palette[at]
      rgb[o + 1] = palette[at + 1]
      rgb[o + 2] = palette[at + 2]
    }
  }
  return rgb
}

/** RGB of all 256 indices a byte can hold, the table's BGRX entries first and black past them. */
function paletteOf(bytes: Buffer, header: BmpHeader): Uint8Array {
  const table = header.tableEnd - header.colours * 4
  const palette = new Uint8Array(256 * 3)
  for (let i = 0; i < Math.min(header.colours, 256); i++) {
    palette[i * 3] = bytes[table + i * 4 + 2]
    palette[i * 3 + 1] = bytes[table + i * 4 + 1]
    palette[i * 3 + 2] = bytes[table + i * 4]
  }
  return palette
}

/**
 * The V5 header's embedded ICC profile, or undefined where there is none, or where it claims
 * bytes past the end of the file or inside the header: the colours are then taken as sRGB, as
 * sharp takes those of a PNG or JPEG whose profile it cannot read.
 */
export function bmpProfile(bytes: Buffer, header: BmpHeader): Buffer | undefined {
  const range = profileRange(header, bytes.length)
  return range && bytes.subarray(range.start, range.end)
}

/** Where the profile bmpProfile takes lies in a file of `fileBytes`, or undefined where it takes none. */
function profileRange(header: BmpHeader, fileBytes: number): { start: number; end: number } | undefined {
  const { profile } = header
  if (!profile || profile.size === 0 || profile.start < 14 + header.headerSize) return undefined
  const end = profile.start + profile.size
  return end <= fileBytes ? { start: profile.start, end } : undefined
}
