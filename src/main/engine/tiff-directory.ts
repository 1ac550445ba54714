// What a TIFF's first directory says of how its first picture is laid out, where sharp's metadata
// does not tell: how libvips reads it (a row at a time, or whole strips or rows of tiles) and what
// its colours are stored as.
import { headFirst, type ReadAt } from './heif-coding'

export interface TiffDirectory {
  /** PhotometricInterpretation: 2 RGB, 6 YCbCr, 9 ICC Lab, ... */
  photometric?: number
  /** Compression 7: JPEG. */
  jpeg: boolean
  /** PlanarConfiguration 2: each channel in planes of its own. */
  planar: boolean
  /** RowsPerStrip of a stripped picture, as stored (2³² − 1, one strip, when absent); undefined for a tiled one. */
  rowsPerStrip?: number
  /** Tile size of a tiled picture. */
  tile?: { width: number; height: number }
}

/** Most directory entries read; a real TIFF has a few dozen. */
const MAX_ENTRIES = 1024

const TAGS = { compression: 259, photometric: 262, rowsPerStrip: 278, planar: 284, tileWidth: 322, tileHeight: 323 }
/** Bytes of a value by its type: SHORT, LONG, LONG8 (BigTIFF). */
const VALUE_SIZES: Partial<Record<number, number>> = { 3: 2, 4: 4, 16: 8 }

/**
 * The first directory of a TIFF (classic or BigTIFF, either byte order), or undefined where it
 * cannot be read (libvips then says what is wrong). Only its entries are read, and only one-value
 * SHORT, LONG and LONG8 ones are kept: the tags sought are all such.
 */
export async function readTiffDirectory(head: Uint8Array, read: ReadAt): Promise<TiffDirectory | undefined> {
  const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const little = head[0] === 0x49
  const big = head.length >= 16 && view(head).getUint16(2, little) === 43
  const number = (bytes: Uint8Array, at: number, size: number): number => {
    const v = view(bytes)
    if (size === 2) return v.getUint16(at, little)
    return size === 4 ? v.getUint32(at, little) : Number(v.getBigUint64(at, little))
  }
  const readAt = headFirst(head, read)
  const [offsetSize, countSize, entrySize] = big ? [8, 8, 20] : [4, 2, 12]
  const directory = await readAt(big ? 8 : 4, offsetSize)
  if (directory.length < offsetSize) return undefined
  const at = number(directory, 0, offsetSize)
  const countBytes = await readAt(at, countSize)
  if (countBytes.length < countSize) return undefined
  const count = number(countBytes, 0, countSize)
  if (count > MAX_ENTRIES) return undefined
  const entries = await readAt(at + countSize, count * entrySize)
  const values = new Map<number, number>()
  for (let e = 0; e + entrySize <= entries.length; e += entrySize) {
    const [tag, type] = [number(entries, e, 2), number(entries, e + 2, 2)]
    const size = VALUE_SIZES[type]
    if (size && number(entries, e + 4, big ? 8 : 4) === 1) values.set(tag, number(entries, e + (big ? 12 : 8), size))
  }
  const [tileWidth, tileHeight] = [values.get(TAGS.tileWidth), values.get(TAGS.tileHeight)]
  const tiled = tileWidth !== undefined && tileHeight !== undefined
  return {
    photometric: values.get(TAGS.photometric),
    jpeg: values.get(TAGS.compression) === 7,
    planar: values.get(TAGS.planar) === 2,
    ...(tiled ? { tile: { width: tileWidth, height: tileHeight } } : { rowsPerStrip: values.get(TAGS.rowsPerStrip) ?? 2 ** 32 - 1 })
  }
}
