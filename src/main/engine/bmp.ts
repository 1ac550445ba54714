// Reading a BMP: sharp's prebuilt libvips has no BMP loader, so bmp-ts decodes the pixels and
// decode.ts hands them to sharp raw. The header is read here first, so that the size limits
// apply before anything is allocated, and so that what bmp-ts decodes wrongly is refused.
// Checked (ffmpeg's bgr24, bgra, pal8, gray, monob and rgb555le, a top-down 24-bit one and a V4
// BITFIELDS one with alpha): fast-bmp, the other maintained decoder, returned the indices of an
// 8-bit palette image as grey, and failed on top-down and on 32-bit BI_RGB ones.
import { decode } from 'bmp-ts'

export interface BmpHeader {
  width: number
  /** Always positive; a negative height in the file means rows stored top-down. */
  height: number
  bitsPerPixel: number
  compression: number
  headerSize: number
  /** Where the pixels start. */
  offset: number
  /** Where bmp-ts takes them to start: past the header, the masks it reads and the colour table. */
  tableEnd: number
  /** Bytes of pixel data the header implies (rows padded to 4 bytes). */
  pixelBytes: number
  /** Which bits of a 16- or 32-bit pixel hold alpha; 0 for a picture without. */
  alphaMask: number
}

/** The file header (14 bytes) and the smallest info header (40). */
const HEADERS_BYTES = 54
/** BITMAPINFOHEADER and its V2–V5 successors; OS/2's (12, 16, 64) lay the fields out otherwise. */
const INFO_HEADER_SIZES = [40, 52, 56, 108, 124]
const BI_RGB = 0
const BI_BITFIELDS = 3
const BI_ALPHABITFIELDS = 6

/** The header's fields, or undefined when the file is too short to hold them. */
export function readBmpHeader(head: Buffer): BmpHeader | undefined {
  if (head.length < HEADERS_BYTES) return undefined
  const width = head.readInt32LE(18)
  const height = Math.abs(head.readInt32LE(22))
  const bitsPerPixel = head.readUInt16LE(28)
  const compression = head.readUInt32LE(30)
  const headerSize = head.readUInt32LE(14)
  const rowBytes = Math.ceil((Math.max(width, 0) * bitsPerPixel) / 32) * 4
  const colours = head.readUInt32LE(46)
  const tableColours = bitsPerPixel <= 8 || colours > 0 ? colours || 2 ** bitsPerPixel : 0
  return {
    width,
    height,
    bitsPerPixel,
    compression,
    headerSize,
    offset: head.readUInt32LE(10),
    tableEnd: 14 + masksEnd(headerSize, compression) + tableColours * 4,
    pixelBytes: rowBytes * height,
    alphaMask: alphaMask(head, headerSize, compression)
  }
}

/** Only BITFIELDS pictures have masks; the alpha one follows red, green and blue, in a V3+ header or after a 40-byte one. */
function alphaMask(head: Buffer, headerSize: number, compression: number): number {
  const hasMask = compression === BI_ALPHABITFIELDS || (compression === BI_BITFIELDS && headerSize >= 56)
  return hasMask && head.length >= 70 ? head.readUInt32LE(66) : 0
}

/** Where bmp-ts stops reading the info header: a 40-byte one is followed by the masks that BITFIELDS needs. */
function masksEnd(headerSize: number, compression: number): number {
  const masks = compression === BI_ALPHABITFIELDS ? 16 : compression === BI_BITFIELDS ? 12 : 0
  if (headerSize === 40) return 40 + masks
  return headerSize === 52 && compression === BI_ALPHABITFIELDS ? 56 : headerSize
}

/** Compressions BMP allows that bmp-ts does not decode (its RLE8 comes out scrambled), in words. */
const COMPRESSION_WORDS: Partial<Record<number, string>> = {
  1: 'compressed with RLE',
  2: 'compressed with RLE',
  4: 'holding a JPEG',
  5: 'holding a PNG'
}

/** Follows "“name” is a BMP image" when the header describes a kind of BMP this module does not read. */
export function unreadableBmp(header: BmpHeader): string | undefined {
  const { compression, bitsPerPixel: bits } = header
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    return COMPRESSION_WORDS[compression] ?? `stored with an unusual compression (${compression})`
  }
  if (!INFO_HEADER_SIZES.includes(header.headerSize)) return 'with an old OS/2 header'
  const depths = compression === BI_RGB ? [1, 4, 8, 16, 24, 32] : [16, 32]
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

export interface BmpPixels {
  width: number
  height: number
  /** 3 (RGB) for an opaque picture, 4 (RGBA, straight alpha) for one with transparency. */
  channels: 3 | 4
  data: Buffer
}

/** The picture as 8-bit RGB or RGBA, top row first. The header must have passed unreadableBmp and damagedBmp. */
export function decodeBmp(bytes: Buffer, header: BmpHeader): BmpPixels {
  const bmp = decode(withDefaultMasks(withoutGap(bytes, header), header))
  // bmp-ts gives ABGR; its alpha means something only where the header has an alpha mask.
  const abgr = bmp.data
  const alpha = header.alphaMask !== 0 && hasVisibleAlpha(abgr)
  const channels = alpha ? 4 : 3
  const data = Buffer.alloc(header.width * header.height * channels)
  for (let i = 0, o = 0; i < abgr.length; i += 4, o += channels) {
    data[o] = abgr[i + 3]
    data[o + 1] = abgr[i + 2]
    data[o + 2] = abgr[i + 1]
    if (alpha) data[o + 3] = abgr[i]
  }
  return { width: header.width, height: header.height, channels, data }
}

/**
 * An alpha channel of zeros is a writer that left the fourth byte empty, not an invisible
 * picture: Chromium shows such a BMP opaque too.
 */
function hasVisibleAlpha(abgr: Buffer): boolean {
  for (let i = 0; i < abgr.length; i += 4) if (abgr[i] !== 0) return true
  return false
}

/** bmp-ts reads the pixels right after the colour table, not from the header's offset: a copy without the bytes between. */
function withoutGap(bytes: Buffer, header: BmpHeader): Buffer {
  if (header.tableEnd === header.offset) return bytes
  return Buffer.concat([bytes.subarray(0, header.tableEnd), bytes.subarray(header.offset)])
}

/**
 * bmp-ts reads colour masks from any header longer than 40 bytes, but an uncompressed (BI_RGB)
 * picture's are meaningless there and often zero, which it would decode as black: a copy with the
 * standard masks written in.
 */
function withDefaultMasks(bytes: Buffer, header: BmpHeader): Buffer {
  if (header.compression !== BI_RGB || header.headerSize <= 40 || header.bitsPerPixel < 16) return bytes
  const copy = Buffer.from(bytes)
  const masks = header.bitsPerPixel === 16 ? [0x7c00, 0x03e0, 0x001f, 0] : [0xff0000, 0xff00, 0xff, 0]
  // A 52-byte header holds no alpha mask.
  masks.slice(0, header.headerSize === 52 ? 3 : 4).forEach((mask, i) => copy.writeUInt32LE(mask, 54 + i * 4))
  return copy
}
