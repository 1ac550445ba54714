// Loading an image: one sharp decode, shrunk on load to the smallest size any stage needs,
// oriented as Chromium orients it, converted to sRGB through the embedded profile (or the one a
// PNG's gAMA and cHRM describe), 8-bit straight-alpha RGBA.
import type { FileHandle } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename } from 'node:path'
import { crc32, deflateSync } from 'node:zlib'
import sharp, { type Channels, type Metadata, type Sharp } from 'sharp'
import { MAX_IMAGE_BYTES } from '../../shared/media-types'
import { type BmpHeader, bmpFileBytes, bmpProfile, damagedBmp, decodeBmp, readBmpHeader, unreadableBmp } from './bmp'
import { RleDataError } from './bmp-rle'
import { labToSrgb } from './cielab'
import { EngineError, type EngineErrorOptions } from './errors'
import { readHeifCoding } from './heif-coding'
import type { RgbaImage } from './image'
import { withIoReason } from './io-messages'
import { permissionDenied, withOpenFile } from './open-file'
import { pngGammaProfile } from './png-gamma'
import { pathToOpen, RENAME_HINT } from './raw-path'
import { describeFormat, gifFirstFrame, type SniffedFormat, sniffFormat } from './sniff'
import { readTiffDirectory, type TiffDirectory } from './tiff-directory'

/**
 * libvips threads per image. sharp drops to 1 on glibc (to limit heap fragmentation); 2 measured
 * faster for what does not shrink on load, with the same throughput and memory for a folder
 * (bench, load ~8 on 2 cores: 3 MP PNG 129 -> 81 ms, 6 MP JPEG with ICC 72 -> 60 ms; 24 MP JPEG,
 * one thread of Huffman decoding either way, 158 -> 160 ms). Checked on every decode, not once:
 * the setting is global to libvips, and any later load of sharp (its ESM build, which Color Thief
 * imports, is a second instance) sets it back to 1.
 */
export const decodeThreads = (): number => Math.min(2, availableParallelism())

function ensureDecodeThreads(): void {
  if (sharp.concurrency() < decodeThreads()) sharp.concurrency(decodeThreads())
}

/**
 * libvips' loaders for the formats sniff.ts lets through (BMP is bmp.ts's). Every other loader is
 * blocked, for the whole process: sniffing refuses the rest before sharp sees a byte, and this
 * keeps it so should a file get past. sharp ships SVG (librsvg: seconds to minutes for a small
 * file, and it reads the files an <image> names beside it) and libvips' own .v format.
 */
const READ_LOADERS = ['Jpeg', 'Png', 'Webp', 'Tiff', 'Nsgif', 'Heif'].map((name) => `VipsForeignLoad${name}`)

function allowOnlyReadLoaders(): void {
  sharp.block({ operation: ['VipsForeignLoad'] })
  sharp.unblock({ operation: READ_LOADERS })
}

/** Long side of the decoded image: the analysis image (256) and the network input derive from it. */
export const DECODE_MAX_SIDE = 512
/** About 268 megapixels (16384²), sharp's own default: refuses decompression bombs. */
const DEFAULT_PIXEL_LIMIT = 0x3fff * 0x3fff
/**
 * Most bytes an image that libvips cannot stream may make it hold (512 MiB: 8192² 16-bit RGBA),
 * AVIF and HEIF aside: shrink-on-load does not help these, their cost follows the whole picture, and a folder at
 * extractFolder's default concurrency decodes several at once (batch.ts). Measured (docs/decoding.md): a 2 MB 16000² 16-bit RGBA interlaced PNG took
 * 12.5 s and 2.3 GB where the same picture not interlaced took 0.5 s and 124 MB; a 16000²
 * progressive JPEG took 7.9 s and 0.94 GB (4:2:0), or 1.6 GB from a 3 MB file (4:4:4), where the
 * baseline one took 1.7 s and 0.22 GB.
 */
const WHOLE_IMAGE_BYTE_LIMIT = 512 * 1024 * 1024
/**
 * AVIF and HEIF's own budget, twice the others': libheif holds every one whole, at 18–26 bytes a
 * pixel, so 512 MiB would refuse a 24 MP 10-bit AVIF (an HDR export of an ordinary camera photo).
 * 1 GiB opens 8-bit ones up to about 53 MP and 10- or 12-bit ones up to about 41 MP, peaking at
 * 1.0–1.1 GB, and still refuses a few-KB file claiming 16000² (a 1 KB 8000² AVIF took 3–10 s and 1.2 GB).
 */
const HEIF_BYTE_LIMIT = 1024 * 1024 * 1024

export interface DecodeOptions {
  /** Long side of the returned image, at most; smaller images are not enlarged. */
  maxSide?: number
  /** Images with more pixels than this are refused with TOO_LARGE before any pixel is decoded. */
  limitInputPixels?: number
  /** What the user calls an image given as bytes (a dropped or pasted file), for messages; a path names itself. */
  name?: string
  /** The bytes of a path's name as the walk that found it already looked up (raw-path.ts), so its folder is not listed again. */
  opens?: Buffer
}

export interface SourceInfo {
  /** Size as displayed, after EXIF orientation (turnsByExif). */
  width: number
  height: number
  /** sharp's name for the container: jpeg, png, webp, heif (AVIF and HEIF), tiff, gif, ... */
  format: string
  hasAlpha: boolean
  /** Colour space as stored: srgb, cmyk, b-w, rgb16, ... */
  space: string
  bitsPerSample: number
  hasProfile: boolean
  /** EXIF orientation applied: the tag, or 1 when absent or not applied (turnsByExif). */
  orientation: number
  /** Frames in an animation (only the first is read), 1 otherwise. */
  pages: number
}

export interface DecodedImage {
  image: RgbaImage
  source: SourceInfo
}

export async function decodeImage(input: string | Buffer, opts: DecodeOptions = {}): Promise<DecodedImage> {
  ensureDecodeThreads()
  allowOnlyReadLoaders()
  if (typeof input !== 'string') return decode(input, opts, opts.name || 'The image', undefined)
  const label = basename(input)
  const real = opts.opens ?? (await pathToOpen(input))
  // sharp takes a path only as a string: a file whose name is not valid UTF-8 is read here and
  // decoded as bytes, still named (and its errors still filed) by the path as given.
  return decode(typeof real === 'string' ? real : await readWholeFile(real, label, input, MAX_IMAGE_BYTES), opts, label, input)
}

async function decode(input: string | Buffer, opts: DecodeOptions, label: string, file: string | undefined): Promise<DecodedImage> {
  const maxSide = opts.maxSide ?? DECODE_MAX_SIDE
  const limit = opts.limitInputPixels ?? DEFAULT_PIXEL_LIMIT
  // A path goes to sharp as a path: libvips reads only what shrink-on-load needs, and a 24 MP
  // JPEG's 7+ MB never pass through JavaScript. The first bytes name the format on failure.
  const head = typeof input === 'string' ? await readImageHead(input, label) : input
  if (head.length === 0) throw new EngineError('NOT_AN_IMAGE', `${quote(label)} is empty (0 bytes).`, { file })
  const sniffed = sniffFormat(head, await readHeifCoding(head, reader(input, label)))
  if (!sniffed?.readable) throw unreadableFormat(sniffed, label, { file })
  if (sniffed.name === 'bmp') return decodeBmpImage(input, head, { label, file, maxSide, limit })

  // Read first: libvips refuses some TIFFs from their header, and the message names their layout.
  const directory = sniffed.name === 'tiff' ? await readTiffDirectory(head, reader(input, label)) : undefined
  const meta = await readMetadata(input, sniffed, label, file, directory)
  const source = { ...sourceInfo(meta), ...(meta.format === 'png' ? { pages: apngFrames(head) } : {}) }
  const frame = meta.format === 'gif' ? gifFirstFrame(head) : undefined
  if (frame && (frame.width === 0 || frame.height === 0)) throw emptyGif(label, frame, file)
  if (source.width * source.height > limit) throw tooLarge(label, source, limit, file)
  const whole = HELD_WHOLE[meta.format]
  if (whole && whole.bytes(meta) > whole.limit && (await whole.applies(meta, reader(input, label)))) throw tooLargeWhole(label, meta, whole, file)
  const band = directory && tiffBand(meta, directory)
  if (band && band.bytes > WHOLE_IMAGE_BYTE_LIMIT) throw tooLargeBand(label, band, file)
  if (wideRowBytes(meta) > WHOLE_IMAGE_BYTE_LIMIT) throw tooWide(label, meta, file)
  const layout = unreadableLayout(meta, directory)
  if (layout) throw unsupportedLayout(label, meta.format, layout, { file })
  const later = await laterProfile(meta, head, reader(input, label))

  try {
    return { image: await decodePixels(input, source, maxSide, limit, later), source }
  } catch (error) {
    const ended = meta.format === 'jpeg' && !isProgressive(meta) && /premature end of JPEG image/.test(String(error))
    const whole = ended ? await withEndMarker(input, label, file) : undefined
    if (!whole) throw classifySharpError(error, sniffed, label, file)
    try {
      return { image: await decodePixels(whole, source, maxSide, limit, later), source }
    } catch {
      throw classifySharpError(error, sniffed, label, file)
    }
  }
}

const JPEG_END = Buffer.from([0xff, 0xd9])

/**
 * A JPEG whose picture is whole but whose end marker (FF D9) is missing, with the marker added;
 * undefined when it has one. Browsers and ffmpeg show such a file whole, while libjpeg says
 * "premature end" as for one cut mid-picture. With the marker added, one cut mid-picture still
 * fails at 'warning' (libjpeg meets the marker inside the picture data). Not for progressive
 * JPEGs: one cut between scans would then decode blurred or grey without a warning. Also
 * undefined for a file over the bytes the app reads whole: it is not retried, and stays damaged
 * (which it is, lacking at least its end marker) rather than becoming too large to open.
 */
async function withEndMarker(input: string | Buffer, label: string, file: string | undefined): Promise<Buffer | undefined> {
  const bytes =
    typeof input === 'string'
      ? await withFile(input, label, file ?? input, async (handle, size) => (size > MAX_IMAGE_BYTES ? undefined : handle.readFile()))
      : input
  return !bytes || bytes.subarray(-2).equals(JPEG_END) ? undefined : Buffer.concat([bytes, JPEG_END])
}

/**
 * Pixels are read at libvips' strictest level, 'warning': below it, libjpeg paints garbled scan
 * data grey and libtiff fills the strips of a cut-off TIFF with black, and neither is an error.
 * Some cameras leave one of these warnings on pictures that are whole; an image whose only
 * complaints are these is read again at 'error'.
 */
const HARMLESS_WARNINGS = [
  // Samsung phone cameras set progressive-only fields in sequential JPEGs (lovell/sharp#1578).
  /^VipsJpeg: Invalid SOS parameters for sequential JPEG$/,
  // Padding between segments, before restart markers or the end (DJI drones, Brother scanners, CCTV
  // cameras). Garbled scan data shows first as a bad Huffman code or a segment ending early.
  /^VipsJpeg: Corrupt JPEG data: \d+ extraneous bytes before marker 0x[0-9a-f]{2}$/
]

/** `later` is the profile the pixels go through after they are read (readPixels), if any. */
async function decodePixels(input: string | Buffer, source: SourceInfo, maxSide: number, limit: number, later?: Buffer): Promise<RgbaImage> {
  try {
    return await readPixels(input, source, maxSide, limit, 'warning', later)
  } catch (error) {
    if (!onlyHarmlessWarnings(error)) throw error
    // 'error' still refuses what is broken beyond a warning, such as a TIFF cut inside a strip.
    return readPixels(input, source, maxSide, limit, 'error', later)
  }
}

function onlyHarmlessWarnings(error: unknown): boolean {
  const lines = (error instanceof Error ? error.message : '').split('\n').filter((line) => line !== '')
  return lines.length > 0 && lines.every((line) => HARMLESS_WARNINGS.some((warning) => warning.test(line)))
}

async function rawRgba(s: Sharp): Promise<RgbaImage> {
  const { data, info } = await s.raw().toBuffer({ resolveWithObject: true })
  if (info.channels !== 4) throw new Error(`expected 4 channels, got ${info.channels}`)
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }
}

/** 8-bit pixels of any number of channels. */
type Samples = RgbaImage & { channels: Channels }

/**
 * The 16-bit samples `s` makes, rounded to 8 bits here: libvips' own 16- to 8-bit step drops the
 * low byte, which makes 255 (0.99 of a level) 0 and 65280 (254.01) 255.
 */
async function rounded16(s: Sharp): Promise<Samples> {
  const { data, info } = await s.raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true })
  // Native byte order on both sides: libvips writes ushort samples as the machine stores them.
  const wide = new Uint16Array(data.buffer, data.byteOffset, data.length / 2)
  const narrow = new Uint8Array(wide.length)
  for (let i = 0; i < wide.length; i++) narrow[i] = Math.round(wide[i] / 257)
  return { width: info.width, height: info.height, channels: info.channels, data: narrow }
}

/**
 * Enough of the file to recognise any format sniffFormat knows, and most HEIFs by the items in
 * their meta box, which usually comes first and is a few KB even for a phone's grid of tiles
 * (readHeifCoding reads further for one that does not).
 */
const HEAD_BYTES = 64 * 1024

/** The first bytes of the file, with a designer-readable error when it cannot be read. */
const readImageHead = (path: string, label: string): Promise<Buffer> => readFileAt(path, label, 0, HEAD_BYTES)

/** Reads the image's bytes where it lies: in memory, or in the file (with readFileAt's errors). */
function reader(input: string | Buffer, label: string): ReadAt {
  if (typeof input === 'string') return (offset, length) => readFileAt(input, label, offset, length)
  return (offset, length) => Promise.resolve(input.subarray(offset, offset + length))
}

function readFileAt(path: string, label: string, offset: number, length: number): Promise<Buffer> {
  return withFile(path, label, path, async (handle) => {
    // A folder opens on Linux; reading it is what fails (EISDIR), as with readFile.
    const bytes = Buffer.alloc(length)
    const { bytesRead } = await handle.read(bytes, 0, length, offset)
    return bytes.subarray(0, bytesRead)
  })
}

/**
 * The bytes of a BMP file its picture can use (bmpFileBytes): what follows them is not read. Those
 * before the pixels count too: a damaged header can place 20 × 10 pixels a gigabyte into the file.
 */
function readBmpFile(path: string, label: string, header: BmpHeader): Promise<Buffer> {
  return withFile(path, label, path, (handle, size) => {
    const reach = bmpFileBytes(header, size)
    if (bmpBytes(header, reach) > WHOLE_IMAGE_BYTE_LIMIT) throw tooLargeBmp(label, header, path, reach)
    return readStart(handle, reach)
  })
}

/** The file's first `length` bytes, or all of it where shorter. */
async function readStart(handle: FileHandle, length: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(length)
  let filled = 0
  // One read may return less than asked (Linux reads at most about 2 GB at once).
  while (filled < length) {
    const { bytesRead } = await handle.read(bytes, filled, length - filled, filled)
    if (bytesRead === 0) break
    filled += bytesRead
  }
  return bytes.subarray(0, filled)
}

/** The whole file, refused when over `maxBytes` before any of it is read. */
function readWholeFile(path: string | Buffer, label: string, file: string, maxBytes: number): Promise<Buffer> {
  return withFile(path, label, file, async (handle, size) => {
    if (size > maxBytes) throw tooLargeRaw(label, size, maxBytes, file)
    return handle.readFile()
  })
}

/** Runs `read` on the open file (a regular file or a folder), with designer-readable errors; `file` names it in them. */
async function withFile<T>(path: string | Buffer, label: string, file: string, read: (handle: FileHandle, size: number) => Promise<T>): Promise<T> {
  try {
    return await withOpenFile(path, (handle, info) => {
      if (!info.isFile() && !info.isDirectory()) {
        throw new EngineError('NOT_AN_IMAGE', `${quote(label)} is not a file but a pipe or a device: save the image to a file and open that.`, { file })
      }
      return read(handle, info.size)
    })
  } catch (error) {
    throw error instanceof EngineError ? error : fileError(error, file, label)
  }
}

function fileError(error: unknown, path: string, label: string): EngineError {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new EngineError('NOT_FOUND', `Can't find ${quote(label)}. It may have been moved, renamed or deleted.`, {
      cause: error,
      file: path
    })
  }
  if (code === 'EISDIR') return new EngineError('NOT_AN_IMAGE', `${quote(label)} is a folder, not an image.`, { cause: error, file: path })
  const denied = permissionDenied(error, quote(label))
  if (denied) return new EngineError('NOT_FOUND', denied, { cause: error, file: path })
  // The app's own words for the disk's complaint (EIO, ELOOP, ...), after the name of the file.
  return new EngineError('INTERNAL', withIoReason(`${quote(label)} could not be read`, code), { cause: error, file: path })
}

async function readMetadata(
  input: string | Buffer,
  sniffed: SniffedFormat,
  label: string,
  file: string | undefined,
  directory: TiffDirectory | undefined
): Promise<Metadata> {
  // Reading the header decodes no pixels, so the size checks cost nothing even for a bomb.
  let meta: Metadata
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata()
  } catch (error) {
    throw classifySharpError(error, sniffed, label, file, directory)
  }
  if (!meta.format || !meta.width || !meta.height) throw classifySharpError(new Error('no size in header'), sniffed, label, file)
  return meta
}

/**
 * Whether an image of this format is turned by its EXIF orientation, as Chromium (which shows it in
 * the app) does: not a WebP, whose EXIF Chromium ignores (measured), so that the palette, the batch
 * previews and the app's view show it alike.
 */
const turnsByExif = (format: string): boolean => format !== 'webp'

/** The EXIF orientation the image is shown with: 1 where it has none, or it is not applied. */
const appliedOrientation = (meta: Metadata): number => (turnsByExif(meta.format) ? (meta.orientation ?? 1) : 1)

function sourceInfo(meta: Metadata): SourceInfo {
  const turned = turnsByExif(meta.format) ? meta.autoOrient : undefined
  return {
    width: turned?.width ?? meta.width,
    height: turned?.height ?? meta.pageHeight ?? meta.height,
    format: meta.format,
    hasAlpha: meta.hasAlpha ?? false,
    space: meta.space ?? 'srgb',
    bitsPerSample: meta.bitsPerSample ?? 8,
    hasProfile: meta.hasProfile ?? false,
    orientation: appliedOrientation(meta),
    pages: meta.pages ?? 1
  }
}

/**
 * Frames of an animated PNG (its acTL chunk, before the picture data), which sharp does not
 * count; 1 for a still PNG or one whose acTL lies past `head`.
 */
function apngFrames(head: Buffer): number {
  for (let at = 8; at + 12 <= head.length; ) {
    const length = head.readUInt32BE(at)
    const type = head.toString('latin1', at + 4, at + 8)
    if (type === 'IDAT') break
    if (type === 'acTL') return Math.max(1, head.readUInt32BE(at + 8))
    at += 12 + length
  }
  return 1
}

/** Bytes libvips holds for the whole decoded image: 16-bit samples take two. */
const decodedBytes = (meta: Metadata): number => meta.width * meta.height * bytesPerPixel(meta)

/**
 * Bytes libjpeg holds for a progressive JPEG: every DCT coefficient of the picture, two bytes a
 * sample, however small the output (shrink-on-load scales only the last step). libvips reports any
 * chroma subsampling as "4:2:0"; it is counted as 4:2:2, the two colour channels at half width
 * (one sample a pixel fewer), the least subsampled scheme encoders write, so for the usual schemes
 * the estimate is never low (4:2:0 comes out a third high). Measured peaks were this plus 0.1–0.2 GB.
 */
const jpegCoefficientBytes = (meta: Metadata): number =>
  meta.width * meta.height * 2 * ((meta.channels ?? 3) - (meta.chromaSubsampling?.startsWith('4:2:0') ? 1 : 0))

/*
 * Decoders that hold the whole picture, however small the output. Bytes a pixel as measured
 * (docs/decoding.md: peak memory over the idle process, 20 to 96 megapixels, where the limits
 * fall), rounded up past the highest, so the estimate is not low.
 */
/** libheif, for an AVIF (or any HEIF sharp reads): 18.3–19.2 at 8 bits, 24.5–25.7 at 10 and 12, with or without alpha or subsampling. */
const heifDecodeBytes = (meta: Metadata): number => meta.width * meta.height * ((meta.bitsPerSample ?? 8) > 8 ? 26 : 20)
/** libwebp, for a lossless WebP, still or animated: 4.0, its ARGB picture (the file itself is mapped, not copied). */
const webpLosslessBytes = (meta: Metadata): number => meta.width * meta.height * 5
/** A GIF's first frame, still or animated: 5.2–6.5. */
const gifBytes = (meta: Metadata): number => meta.width * meta.height * 7

/**
 * Bytes libvips holds to shrink an image that streams: whole rows, however small the output.
 * Measured (8-bit RGB and 16-bit RGBA PNGs, 8-bit RGB TIFF, 100,000 to 1,000,000 pixels wide):
 * about one copy of up to some 600 rows, plus what the shrink holds for about 250 more, rounded
 * up so the estimate is not low. A 1,000,000 × 200 PNG peaked at 1.27 GB where the same pixels
 * 200 × 1,000,000 peaked at 108 MB; a 16,000² one needs 60 MB.
 */
const WIDE_ROWS_HELD = 640
const WIDE_ROWS_SHRINK = 256
const wideRowBytes = (meta: Metadata): number =>
  meta.width * bytesPerPixel(meta) * (Math.min(meta.height, WIDE_ROWS_HELD) + WIDE_ROWS_SHRINK)
const bytesPerPixel = (meta: Metadata): number => (meta.channels ?? 4) * ((meta.bitsPerSample ?? 8) > 8 ? 2 : 1)

/** What libvips reads of a TIFF at once, however small the output: the bytes it holds, and in words. */
interface TiffBand {
  bytes: number
  /** "a JPEG-compressed TIFF of … pixels in one strip has to be read a whole strip at a time" */
  what: string
  fix: string
}

/**
 * The most libvips holds at once to read a TIFF (tiff-directory.ts), or undefined where it reads a
 * row at a time. It reads a strip whole where the pixels are YCbCr (as JPEG-compressed TIFFs are
 * stored: chroma subsampling spans rows) or each channel lies in planes of its own, and keeps rows
 * of tiles. Measured (8-bit RGB, 8000² to 16000², one strip or square tiles): a YCbCr JPEG strip
 * held 2.1–2.3 times its pixels' bytes from 48 MP up (a 1.5 MB 16000² file peaked at 1.7 GB), planes
 * 1.4–1.6 times all their strips', and tiles of 4096 and more 2.4–2.8 rows of them (4096² tiles of a
 * 16000² picture: 0.65 GB); counted as 2.4, 1.7 and 3 so the estimate is not low.
 */
function tiffBand(meta: Metadata, directory: TiffDirectory): TiffBand | undefined {
  const size = `${meta.width.toLocaleString('en-US')} × ${meta.height.toLocaleString('en-US')} pixels`
  const { tile, rowsPerStrip = meta.height } = directory
  if (tile) {
    const across = Math.ceil(meta.width / tile.width) * tile.width
    return {
      bytes: 3 * across * tile.height * bytesPerPixel(meta),
      what: `a TIFF of ${size} in tiles of ${tile.width.toLocaleString('en-US')} × ${tile.height.toLocaleString('en-US')} has to be read whole rows of tiles at a time`,
      fix: 'Save it again with smaller tiles (such as 512 × 512) or without tiles, and try again.'
    }
  }
  const ycbcr = directory.photometric === 6
  if (!ycbcr && !directory.planar) return undefined
  const rows = Math.min(rowsPerStrip, meta.height)
  const strips = rows === meta.height ? 'one strip' : `strips of ${rows.toLocaleString('en-US')} rows`
  const bytes = meta.width * rows * bytesPerPixel(meta) * (ycbcr ? 2.4 : 1.7)
  if (ycbcr) {
    return {
      bytes,
      what: `${directory.jpeg ? 'a JPEG-compressed' : 'a YCbCr'} TIFF of ${size} in ${strips} has to be read a whole strip at a time`,
      fix: 'Save it again with LZW or ZIP compression, or tiled, and try again.'
    }
  }
  return {
    bytes,
    what: `a TIFF of ${size} with each channel stored apart, in ${strips}, has to be read a whole strip at a time`,
    fix: 'Save it again with its channels interleaved (Photoshop: Pixel Order Interleaved) and try again.'
  }
}

/** Most chunks walked to find a WebP's picture (an extended WebP puts its profile, EXIF or XMP first). */
const WEBP_MAX_CHUNKS = 64

/**
 * Whether a WebP may be lossless: lossy ones ('VP8 ', with or without an 'ALPH' chunk before it)
 * stream, still or animated (docs/decoding.md). Its chunks are walked to the first picture, past
 * an ICC profile (often kilobytes), EXIF or XMP, and into an animation's first frame; one whose
 * picture is not found counts as lossless.
 */
async function mayBeLosslessWebp(read: ReadAt): Promise<boolean> {
  let at = 12 // past 'RIFF', the file's length and 'WEBP'
  for (let i = 0; i < WEBP_MAX_CHUNKS; i++) {
    const header = await read(at, 8)
    if (header.length < 8) return true
    const fourcc = header.toString('latin1', 0, 4)
    if (fourcc === 'VP8 ' || fourcc === 'VP8L') return fourcc === 'VP8L'
    const size = header.readUInt32LE(4)
    // An animation frame's own chunks follow its 16-byte header, inside it.
    at += fourcc === 'ANMF' ? 8 + 16 : 8 + size + (size & 1)
  }
  return true
}

/** Up to `length` bytes of the image from `offset` (fewer at its end). */
type ReadAt = (offset: number, length: number) => Promise<Buffer>

/** An image layout libvips has to hold whole, how to tell its size, and how the designer avoids it. */
interface HeldWhole {
  what: string
  /** Whether this file is laid out so. */
  applies: (meta: Metadata, read: ReadAt) => boolean | Promise<boolean>
  bytes: (meta: Metadata) => number
  /** Most `bytes` this layout may take. */
  limit: number
  fix: string
}

/** sharp's word for interlaced too. */
const isProgressive = (meta: Metadata): boolean => meta.isProgressive ?? false

/** By format. */
const HELD_WHOLE: Partial<Record<string, HeldWhole>> = {
  png: {
    what: 'an interlaced PNG',
    applies: isProgressive,
    bytes: decodedBytes,
    limit: WHOLE_IMAGE_BYTE_LIMIT,
    fix: 'Save it again with interlacing off and try again.'
  },
  jpeg: {
    what: 'a progressive JPEG',
    applies: isProgressive,
    bytes: jpegCoefficientBytes,
    limit: WHOLE_IMAGE_BYTE_LIMIT,
    fix: 'Save it again as a baseline (standard) JPEG, not progressive, and try again.'
  },
  heif: {
    what: 'an AVIF or HEIF image',
    // HEVC (HEIC proper) never gets here: sniffing refuses it as unsupported, not too large.
    applies: () => true,
    bytes: heifDecodeBytes,
    limit: HEIF_BYTE_LIMIT,
    fix: 'Export it again as a JPEG or PNG, or as a smaller AVIF, and try again.'
  },
  webp: {
    what: 'a lossless WebP',
    applies: (_meta, read) => mayBeLosslessWebp(read),
    bytes: webpLosslessBytes,
    limit: WHOLE_IMAGE_BYTE_LIMIT,
    fix: 'Save it again as a JPEG, a PNG or a lossy WebP and try again.'
  },
  gif: { what: 'a GIF', applies: () => true, bytes: gifBytes, limit: WHOLE_IMAGE_BYTE_LIMIT, fix: 'Save it again as a PNG and try again.' }
}

/** A way of storing pixels that decodes without error but not to the picture, and what to do instead. */
interface UnreadableLayout {
  /** Follows "“name” is a TIFF image". */
  detail: string
  fix: string
}

const SAVE_8_OR_16_BIT = 'Save it as an 8- or 16-bit image and try again.'
const SAVE_RGB = 'Save it as RGB and try again.'

/** Words for the PhotometricInterpretation of TIFF colours that libvips reads as plain numbers ('multiband'). */
const PHOTOMETRIC_WORDS: Partial<Record<number, string>> = { 9: 'ICC Lab', 10: 'ITU Lab' }

/** Colour channels of each space sharp reports (3 for the rest); past these and one alpha, a channel is extra. */
const COLOUR_CHANNELS: Partial<Record<string, number>> = { 'b-w': 1, grey16: 1, cmyk: 4 }

/** Words for the sample formats the pipeline does not turn into colours (sharp's names). */
const SAMPLE_WORDS: Partial<Record<string, string>> = {
  char: 'signed integer',
  short: 'signed integer',
  int: 'signed integer',
  uint: 'integer',
  float: 'floating-point',
  double: 'floating-point',
  complex: 'complex',
  dpcomplex: 'complex'
}

/**
 * Layouts, read from the header, that TIFFs allow and the pipeline cannot show as they look.
 * Samples must be 8- or 16-bit unsigned, or floating-point RGB, which libvips reads as linear
 * light (scRGB, as Photoshop's 32-bit files are), or 16-bit Lab (libvips' signed 'labs', which
 * cielab.ts converts). Floating-point greyscale has no agreed range (libvips writes 0–255,
 * Photoshop and scientific tools 0–1, and came out black); signed and 32-bit integers came out
 * clipped, white, or wholly see-through (an empty palette). Channels past the colours and one
 * alpha (a Photoshop selection or spot colour) ended in "damaged", and would be premultiplied with
 * the last one taken for alpha. A 16-bit Lab image's alpha is read as signed too, so more than
 * half opaque came out see-through.
 */
function unreadableLayout(meta: Metadata, directory: TiffDirectory | undefined): UnreadableLayout | undefined {
  // Colours libvips has no name for (ICC Lab, ITU Lab, a camera's colour filter array) ended in
  // "damaged": it has no conversion from them to sRGB.
  if (meta.space === 'multiband') return { detail: unnamedColours(directory?.photometric), fix: SAVE_RGB }
  const depth = meta.depth ?? 'uchar'
  const colours = COLOUR_CHANNELS[meta.space ?? 'srgb'] ?? 3
  const lab = depth === 'short' && meta.space === 'labs'
  if (depth !== 'uchar' && depth !== 'ushort' && !(depth === 'float' && meta.space === 'scrgb') && !lab) {
    const bits = meta.bitsPerSample ? `${meta.bitsPerSample}-bit ` : ''
    const words = `${bits}${SAMPLE_WORDS[depth] ?? depth}${colours === 1 ? ' greyscale' : ''}`
    return { detail: `whose pixels are ${words} values`, fix: SAVE_8_OR_16_BIT }
  }
  if (lab && meta.hasAlpha) return { detail: 'whose colours are stored as Lab, with transparency', fix: SAVE_RGB }
  const extra = (meta.channels ?? 0) - colours - (meta.hasAlpha ? 1 : 0)
  if (extra <= 0) return undefined
  return {
    detail: `with ${extra} extra channel${extra === 1 ? '' : 's'} besides its colours and transparency (such as a saved selection or a spot colour)`,
    fix: 'Save a copy without extra channels and try again.'
  }
}

function unnamedColours(photometric: number | undefined): string {
  const words = photometric === undefined ? undefined : PHOTOMETRIC_WORDS[photometric]
  if (words) return `whose colours are stored as ${words}`
  return `whose colours are stored in an unusual way${photometric === undefined ? '' : ` (PhotometricInterpretation ${photometric})`}`
}

/**
 * Tiles libvips does not read: over about 100 MB each (a 16000² picture in one tile, or tiles of
 * 8192² or 6000² pixels, which some scanning and GIS tools write), or not a multiple of 16 pixels
 * a side. It says "tile size out of range", which ended in "damaged".
 */
const unreadableTiles = ({ width, height }: { width: number; height: number }): UnreadableLayout => ({
  detail: `stored in tiles of ${width.toLocaleString('en-US')} × ${height.toLocaleString('en-US')} pixels`,
  fix: 'Save it again without tiles, or with tiles of 512 × 512 pixels, and try again.'
})

/** What libvips says of a whole file stored in a way it does not read at all, in our words. */
const UNREADABLE_LAYOUT_ERRORS: { error: RegExp; layout: UnreadableLayout }[] = [
  // libtiff hands libvips 12-bit or 64-bit samples (numpy and tifffile write 64-bit floats).
  {
    error: /tiff2vips: (samples out of range|samples_per_pixel not a whole number of bytes)/,
    layout: { detail: 'stored with an unusual number of bits a sample', fix: SAVE_8_OR_16_BIT }
  },
  // An 8-bit CIELab TIFF (Photoshop's Lab mode) loads as LabQ, which sharp does not take in.
  { error: /bad labq format/, layout: { detail: 'whose colours are stored as Lab', fix: SAVE_RGB } }
]

function unsupportedLayout(label: string, format: string, layout: UnreadableLayout, options: EngineErrorOptions): EngineError {
  return new EngineError(
    'UNSUPPORTED',
    `${quote(label)} is ${describeFormat(format)} ${layout.detail}, which Palette Studio can't read. ${layout.fix}`,
    options
  )
}

/**
 * The resize comes first so that sharp shrinks on load and converts colour on the small image.
 * Linear, not Lanczos: Lanczos overshoots at edges and invents colours no pixel has.
 */
const shrink = (s: Sharp, maxSide: number): Sharp =>
  s.resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true, kernel: 'linear' })

/** sharp's spaces for 16-bit samples, which are shrunk in 16 bits and rounded to 8 (rounded16). */
const SIXTEEN_BIT = new Set(['rgb16', 'grey16'])
const GREY = new Set(['b-w', 'grey16'])

/**
 * The profile an image's pixels go through after they are read at their own numbers, rather than
 * in sharp's own conversion. sharp converts 16-bit RGB with a profile into Display P3, clipping
 * what lies outside it (Adobe RGB greens, ProPhoto purples), and skips the profile of 16-bit
 * greyscale; and libvips' 16-bit conversions to sRGB go through a grid that misses clipped colours
 * by up to 6 levels (P3 red came out 253,6,6), where 8-bit ones are exact (measured: see
 * decode.test.ts). A PNG's gAMA and cHRM are no profile to sharp at all (png-gamma.ts).
 */
async function laterProfile(meta: Metadata, head: Buffer, read: ReadAt): Promise<Buffer | undefined> {
  if (SIXTEEN_BIT.has(meta.space ?? '') && meta.icc) return meta.icc
  return meta.format === 'png' && !meta.icc ? pngGammaProfile(head, read) : undefined
}

async function readPixels(
  input: string | Buffer,
  source: SourceInfo,
  maxSide: number,
  limit: number,
  failOn: 'warning' | 'error',
  later: Buffer | undefined
): Promise<RgbaImage> {
  const deep = SIXTEEN_BIT.has(source.space)
  const image = sharp(input, { failOn, limitInputPixels: limit, page: 0, pages: 1, ignoreIcc: later !== undefined })
  const s = shrink(turnsByExif(source.format) ? image.autoOrient() : image, maxSide)
  if (source.space === 'labs') return labPixels(s)
  if (!later) return deep ? rgba(await rounded16(s.toColourspace('rgb16').ensureAlpha())) : rawRgba(s.toColourspace('srgb').ensureAlpha())
  // The pixels, in their own space still and rounded to 8 bits, go through the conversion an 8-bit
  // PNG carrying the profile gets.
  const grey = GREY.has(source.space)
  const own = deep
    ? await pngOf(await rounded16(s.toColourspace(grey ? 'grey16' : 'rgb16').ensureAlpha()), grey)
    : await s.toColourspace(grey ? 'b-w' : 'srgb').ensureAlpha().png({ compressionLevel: 0 }).toBuffer()
  return readPixels(withIccChunk(own, later), { ...source, space: grey ? 'b-w' : 'srgb', bitsPerSample: 8 }, maxSide, limit, failOn, undefined)
}

/** A 16-bit Lab image's pixels, as L, a, b floats converted by cielab.ts rather than by libvips. */
async function labPixels(s: Sharp): Promise<RgbaImage> {
  const { data, info } = await s.toColourspace('lab').raw({ depth: 'float' }).toBuffer({ resolveWithObject: true })
  if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`)
  return labToSrgb(new Float32Array(data.buffer, data.byteOffset, data.length / 4), info.width, info.height)
}

/** 8-bit samples as an uncompressed PNG, greyscale or RGB. */
function pngOf({ width, height, channels, data }: Samples, grey: boolean): Promise<Buffer> {
  return sharp(data, { raw: { width, height, channels } }).toColourspace(grey ? 'b-w' : 'srgb').png({ compressionLevel: 0 }).toBuffer()
}

function rgba({ width, height, channels, data }: Samples): RgbaImage {
  if (channels !== 4) throw new Error(`expected 4 channels, got ${channels}`)
  return { width, height, data }
}

interface BmpTask {
  label: string
  file: string | undefined
  maxSide: number
  limit: number
}

/**
 * A BMP, which sharp cannot read: the header is checked against the limits first, then the file is
 * read as far as its picture reaches and bmp.ts decodes the whole picture, which goes through the
 * same resize and conversion as any image.
 */
async function decodeBmpImage(input: string | Buffer, head: Buffer, task: BmpTask): Promise<DecodedImage> {
  const { label, file } = task
  const header = readBmpHeader(head)
  if (!header) throw damaged(label, { file })
  const unreadable = unreadableBmp(header)
  if (unreadable) throw unsupportedLayout(label, 'bmp', { detail: unreadable, fix: SAVE_PNG_OR_JPEG }, { file })
  if (header.width * header.height > task.limit) throw tooLarge(label, header, task.limit, file)
  if (bmpBytes(header) > WHOLE_IMAGE_BYTE_LIMIT) throw tooLargeBmp(label, header, file)
  const bytes = typeof input === 'string' ? await readBmpFile(input, label, header) : input
  if (damagedBmp(header, bytes.length)) throw damaged(label, { file })
  let pixels
  try {
    pixels = decodeBmp(bytes, header)
  } catch (error) {
    if (error instanceof RleDataError) throw new EngineError('CORRUPT', `${quote(label)} is damaged: its ${error.message}.`, { cause: error, file })
    throw damaged(label, { cause: error, file })
  }
  const { width, height, channels, data } = pixels
  const profile = bmpProfile(bytes, header)
  const source = bmpSource(width, height, channels === 4, profile !== undefined)
  const raw = sharp(data, { raw: { width, height, channels } })
  if (!profile) return { image: await rawRgba(shrink(raw, task.maxSide).toColourspace('srgb').ensureAlpha()), source }
  // sharp takes no input profile for raw pixels: they go in a PNG carrying it, which then goes
  // through the very conversion a PNG with that profile gets.
  const png = withIccChunk(await raw.png({ compressionLevel: 0 }).toBuffer(), profile)
  return { image: await decodePixels(png, source, task.maxSide, task.limit), source }
}

const bmpSource = (width: number, height: number, hasAlpha: boolean, hasProfile: boolean): SourceInfo => ({
  width,
  height,
  format: 'bmp',
  hasAlpha,
  space: 'srgb',
  bitsPerSample: 8,
  hasProfile,
  orientation: 1,
  pages: 1
})

/** A PNG with an iCCP chunk (the profile, deflated) after its IHDR, which the PNG format puts first. */
function withIccChunk(png: Buffer, profile: Buffer): Buffer {
  const IHDR_END = 8 + 25
  const body = Buffer.concat([Buffer.from('iCCP', 'latin1'), Buffer.from('bmp\0\0', 'latin1'), deflateSync(profile)])
  const chunk = Buffer.alloc(body.length + 8)
  chunk.writeUInt32BE(body.length - 4, 0)
  body.copy(chunk, 4)
  chunk.writeUInt32BE(crc32(body), body.length + 4)
  return Buffer.concat([png.subarray(0, IHDR_END), chunk, png.subarray(IHDR_END)])
}

/**
 * Bytes a BMP holds while read: the `read` bytes of the file (its pixels at least, decoded where
 * they lie, without a copy), then up to 8 bytes a pixel for what they are decoded to (a 16- or
 * 32-bit picture's RGBA and the RGB taken from it, the most any kind needs); with a profile, the
 * PNG they go through too.
 */
const bmpBytes = (header: BmpHeader, read = header.pixelBytes): number =>
  read + header.width * header.height * (header.profile ? 12 : 8)

const SAVE_PNG_OR_JPEG = 'Save it as PNG or JPEG and try again.'

/** Bytes in binary megabytes, as the limits are set (512 MiB), so that a figure and its limit compare. */
const mib = (n: number): string => `${Math.round(n / 2 ** 20).toLocaleString('en-US')} MiB`

/**
 * A GIF whose first frame has no pixels: libvips made a 0 × 0 one a black pixel, and painted an
 * empty frame on a larger screen opaque black, where Chromium shows nothing. A frame with pixels on
 * a 0 × 0 screen is read, as Chromium reads it.
 */
function emptyGif(label: string, frame: { width: number; height: number }, file?: string): EngineError {
  return new EngineError(
    'CORRUPT',
    `${quote(label)} is damaged: its first frame is ${frame.width} × ${frame.height} pixels, so it has no picture. Try an undamaged copy.`,
    { file }
  )
}

function damaged(label: string, options: EngineErrorOptions): EngineError {
  return new EngineError('CORRUPT', `${quote(label)} is damaged or incomplete; it may have been cut off while it was copied or downloaded.`, options)
}

function tooLargeBmp(label: string, header: BmpHeader, file?: string, read?: number): EngineError {
  return new EngineError(
    'TOO_LARGE',
    `${quote(label)} is too large to open safely: a BMP of ${header.width.toLocaleString('en-US')} × ` +
      `${header.height.toLocaleString('en-US')} pixels has to be read whole (${mib(bmpBytes(header, read))}; the limit is ` +
      `${mib(WHOLE_IMAGE_BYTE_LIMIT)}). ${SAVE_PNG_OR_JPEG}`,
    { file }
  )
}

/** A file read whole because its name is not valid UTF-8 (decodeImage), over the bytes the app takes whole. */
function tooLargeRaw(label: string, size: number, maxBytes: number, file: string): EngineError {
  return new EngineError(
    'TOO_LARGE',
    `${quote(label)} is too large to open safely: its name is not valid UTF-8, so it has to be read whole (${mib(size)}; the limit is ${mib(maxBytes)}). ${RENAME_HINT}`,
    { file }
  )
}

function tooLarge(label: string, source: { width: number; height: number }, limit: number, file?: string): EngineError {
  const mp = (n: number): string => `${Math.round(n / 1e6).toLocaleString('en-US')} megapixels`
  return new EngineError(
    'TOO_LARGE',
    `${quote(label)} is too large to open safely: ${source.width.toLocaleString('en-US')} × ` +
      `${source.height.toLocaleString('en-US')} pixels (${mp(source.width * source.height)}; the limit is ${mp(limit)}).`,
    { file }
  )
}

function tooLargeWhole(label: string, meta: Metadata, whole: HeldWhole, file?: string): EngineError {
  return new EngineError(
    'TOO_LARGE',
    `${quote(label)} is too large to open safely: ${whole.what} of ${meta.width.toLocaleString('en-US')} × ` +
      `${meta.height.toLocaleString('en-US')} pixels has to be read whole (${mib(whole.bytes(meta))}; the limit is ` +
      `${mib(whole.limit)}). ${whole.fix}`,
    { file }
  )
}

/** A TIFF of which libvips would hold too much at once (tiffBand). */
function tooLargeBand(label: string, band: TiffBand, file?: string): EngineError {
  return new EngineError(
    'TOO_LARGE',
    `${quote(label)} is too large to open safely: ${band.what} (${mib(band.bytes)}; the limit is ${mib(WHOLE_IMAGE_BYTE_LIMIT)}). ${band.fix}`,
    { file }
  )
}

/**
 * An image whose rows are too wide to shrink a few at a time (wideRowBytes), with the widest it
 * may be. The rows are the stored ones: one that EXIF orientation 5–8 stands on its side looks
 * tall, so its message names the picture as shown and asks for it saved upright.
 */
function tooWide(label: string, meta: Metadata, file?: string): EngineError {
  const size = (width: number, height: number): string => `${width.toLocaleString('en-US')} × ${height.toLocaleString('en-US')} pixels`
  const cost = `(${mib(wideRowBytes(meta))}; the limit is ${mib(WHOLE_IMAGE_BYTE_LIMIT)})`
  const start = `${quote(label)} is too large to open safely: ${describeFormat(meta.format)} of`
  if (appliedOrientation(meta) >= 5) {
    return new EngineError(
      'TOO_LARGE',
      `${start} ${size(meta.height, meta.width)} is stored on its side, as ${size(meta.width, meta.height)} that its EXIF orientation turns, ` +
        `and its stored rows are too wide to read a few at a time ${cost}. Save it again upright, with the turn applied to its pixels, and try again.`,
      { file }
    )
  }
  const widest = Math.floor((WHOLE_IMAGE_BYTE_LIMIT / wideRowBytes(meta)) * meta.width)
  return new EngineError(
    'TOO_LARGE',
    `${start} ${size(meta.width, meta.height)} is too wide to read a few rows at a time ${cost}. ` +
      `Crop or scale it to at most ${widest.toLocaleString('en-US')} pixels wide, or turn it a quarter turn, and try again.`,
    { file }
  )
}

/** How to get a picture out of a format sniffed but not read, where saving it as PNG or JPEG is not the words. */
const UNREADABLE_FIXES: Partial<Record<string, string>> = {
  svg: 'Export it as PNG from the app that drew it, and open that.',
  svgz: 'Export it as PNG from the app that drew it, and open that.'
}

/** A file that is not in a format the engine reads: one it recognises is named, anything else is not an image. */
function unreadableFormat(sniffed: SniffedFormat | undefined, label: string, options: EngineErrorOptions): EngineError {
  if (!sniffed) {
    return new EngineError(
      'NOT_AN_IMAGE',
      `${quote(label)} is not an image Palette Studio recognises. It reads JPEG, PNG, WebP, AVIF, HEIF, TIFF, GIF and BMP.`,
      options
    )
  }
  const fix = UNREADABLE_FIXES[sniffed.name] ?? SAVE_PNG_OR_JPEG
  return new EngineError('UNSUPPORTED', `${quote(label)} is ${describeFormat(sniffed.name)}, which Palette Studio can't read. ${fix}`, options)
}

/** Turns a sharp/libvips failure into an error a designer can act on; `directory` is a TIFF's, for words on its layout. */
function classifySharpError(error: unknown, sniffed: SniffedFormat, label: string, file: string | undefined, directory?: TiffDirectory): EngineError {
  if (error instanceof EngineError) return error
  const text = error instanceof Error ? error.message : String(error)
  const options = { cause: error, file }
  if (/pixel limit/i.test(text)) return new EngineError('TOO_LARGE', `${quote(label)} is too large to open safely.`, options)
  if (/tiff2vips: tile size out of range/.test(text) && directory?.tile) return unsupportedLayout(label, sniffed.name, unreadableTiles(directory.tile), options)
  const unreadable = UNREADABLE_LAYOUT_ERRORS.find(({ error: known }) => known.test(text))
  if (unreadable) return unsupportedLayout(label, sniffed.name, unreadable.layout, options)
  // A cut-off JPEG's garbage reads as corrupt data too: the cut is the better explanation.
  if (/Corrupt JPEG data/.test(text) && !/premature end/i.test(text)) {
    return new EngineError(
      'CORRUPT',
      `${quote(label)} is damaged: part of its picture data is garbled, so its colours cannot be trusted. Try an undamaged copy.`,
      options
    )
  }
  return damaged(label, options)
}

/** The name the command line gives an image piped in (`extract -`): a subject, as "The image" is, not a file's name to quote. */
export const PIPED_IN = 'What was piped in'

const quote = (label: string): string => (label === 'The image' || label === PIPED_IN ? label : `“${label}”`)
