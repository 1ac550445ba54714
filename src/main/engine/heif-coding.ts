// Which codec a HEIF file's picture is in: AV1 (an AVIF, which sharp reads) or HEVC (a HEIC,
// which sharp's prebuilt libheif cannot decode). Brands are only what a file claims to conform to:
// a generic 'mif1' major brand, or both 'heic' and 'avif' listed, say nothing certain (and sharp
// reports an AVIF whose major brand is 'mif1' as 'hevc'-compressed). The items in the meta box
// are what the file holds, so they decide; brands only where no meta box is at hand.

type HeifCoding = 'hevc' | 'av1'

/** Coded item types and codec configuration properties, by codec. */
const CODINGS: Partial<Record<string, HeifCoding>> = { hvc1: 'hevc', hvcC: 'hevc', av01: 'av1', av1C: 'av1' }

// Brands naming a codec; 'mif1', 'msf1' and 'miaf' are generic HEIF and name none.
const AV1_BRANDS = new Set(['avif', 'avis'])
const HEVC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis'])

/** Most boxes looked at in one box, or items in iinf: a phone's grid of tiles is under 200. */
const MAX_CHILDREN = 1024

export interface Box {
  type: string
  /** Where its content starts (past its header) and ends, both within the bytes. */
  start: number
  end: number
}

const fourcc = (bytes: Uint8Array, at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4))
const u32 = (bytes: Uint8Array, at: number): number => ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0
const u16 = (bytes: Uint8Array, at: number): number => (bytes[at] << 8) | bytes[at + 1]

/**
 * The boxes laid end to end from `from` to `to`. A size is never trusted: one that is too small
 * ends the walk, and one that runs past `to` (a file cut short, or the head read of a long one)
 * is cut to it.
 */
export function children(bytes: Uint8Array, from: number, to: number): Box[] {
  const boxes: Box[] = []
  for (let at = from; at + 8 <= to && boxes.length < MAX_CHILDREN; ) {
    const size = u32(bytes, at)
    // 1: a 64-bit size follows the type; 0: the box runs to the end of the file.
    const large = size === 1 && at + 16 <= to ? u32(bytes, at + 8) * 2 ** 32 + u32(bytes, at + 12) : undefined
    const header = size === 1 ? 16 : 8
    const length = size === 0 ? to - at : (large ?? size)
    if (length < header) break
    boxes.push({ type: fourcc(bytes, at + 4), start: at + header, end: Math.min(at + length, to) })
    at += length
  }
  return boxes
}

export const find = (boxes: Box[], type: string): Box | undefined => boxes.find((box) => box.type === type)

/** A full box's children, past its version and flags. */
const fullBoxChildren = (bytes: Uint8Array, box: Box, skip = 0): Box[] => children(bytes, box.start + 4 + skip, box.end)

/** The primary item's ID (pitm), if the box holds one. */
function primaryItem(bytes: Uint8Array, pitm: Box | undefined): number | undefined {
  if (!pitm) return undefined
  const wide = bytes[pitm.start] !== 0
  if (pitm.start + (wide ? 8 : 6) > pitm.end) return undefined
  return wide ? u32(bytes, pitm.start + 4) : u16(bytes, pitm.start + 4)
}

/** Item types by item ID, from the infe boxes (versions 2 and 3 carry a type) of an iinf. */
function itemTypes(bytes: Uint8Array, iinf: Box | undefined): Map<number, string> {
  const types = new Map<number, string>()
  if (!iinf) return types
  const countBytes = bytes[iinf.start] === 0 ? 2 : 4
  for (const infe of fullBoxChildren(bytes, iinf, countBytes)) {
    const version = bytes[infe.start]
    if (infe.type !== 'infe' || version < 2) continue
    const idBytes = version === 2 ? 2 : 4
    const typeAt = infe.start + 4 + idBytes + 2 // past the version, the ID and the protection index
    if (typeAt + 4 > infe.end) continue
    types.set(idBytes === 2 ? u16(bytes, infe.start + 4) : u32(bytes, infe.start + 4), fourcc(bytes, typeAt))
  }
  return types
}

/**
 * The coding the meta box's items tell: the primary item's type, or, where that is derived from
 * others (a phone's grid of tiles), the one codec that any item or property is coded in.
 */
function metaCoding(bytes: Uint8Array, meta: Box): HeifCoding | undefined {
  const boxes = fullBoxChildren(bytes, meta)
  const types = itemTypes(bytes, find(boxes, 'iinf'))
  const primary = primaryItem(bytes, find(boxes, 'pitm'))
  const primaryCoding = primary === undefined ? undefined : CODINGS[types.get(primary) ?? '']
  if (primaryCoding) return primaryCoding
  const iprp = find(boxes, 'iprp')
  const ipco = iprp && find(children(bytes, iprp.start, iprp.end), 'ipco')
  const properties = ipco ? children(bytes, ipco.start, ipco.end).map((box) => box.type) : []
  const codings = new Set([...types.values(), ...properties].flatMap((type) => CODINGS[type] ?? []))
  return codings.size === 1 ? [...codings][0] : undefined
}

/** The first codec-specific brand, major then compatible ones: what the file claims. */
function brandCoding(bytes: Uint8Array, ftyp: Box): HeifCoding | undefined {
  // The major brand, then (past the minor version) the compatible brands.
  for (let at = ftyp.start; at + 4 <= ftyp.end; at += at === ftyp.start ? 8 : 4) {
    const brand = fourcc(bytes, at)
    if (AV1_BRANDS.has(brand)) return 'av1'
    if (HEVC_BRANDS.has(brand)) return 'hevc'
  }
  return undefined
}

/**
 * The codec of a HEIF file's picture, from the bytes given: undefined for a file that is not an
 * ISO-BMFF one, and for one that tells neither (no meta box in the bytes, and only generic brands).
 */
export function heifCoding(bytes: Uint8Array): HeifCoding | undefined {
  const boxes = children(bytes, 0, bytes.length)
  const ftyp = boxes[0]?.type === 'ftyp' ? boxes[0] : undefined
  if (!ftyp) return undefined
  const meta = find(boxes, 'meta')
  return (meta && metaCoding(bytes, meta)) ?? brandCoding(bytes, ftyp)
}

/** Up to `length` bytes of the file from `offset`, fewer at its end. */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>

/** `read`, with the reads that the file's first bytes (`head`, already read) cover served from them. */
export const headFirst =
  (head: Uint8Array, read: ReadAt): ReadAt =>
  (offset, length) =>
    offset + length <= head.length ? Promise.resolve(head.subarray(offset, offset + length)) : read(offset, length)

/** Top-level boxes looked past for the one sought: writers put ftyp, meta or moov, mdat and free or skip there. */
const MAX_TOP_BOXES = 64
/**
 * Largest meta box read for its items. Even a phone's grid of tiles with Exif and XMP in idat is
 * tens of KB; a file claiming more is judged by its brands rather than have megabytes read (and
 * held) only to name its codec.
 */
const MAX_META_BYTES = 4 * 1024 * 1024

/**
 * The codec of a HEIF file's picture, wherever its meta box lies: some writers put a large mdat
 * (or a free box) before it, past the bytes sniffing reads. `head` is the file's first bytes,
 * which serve the reads they cover; only the top-level box headers past them are read, 16 bytes
 * each, and then the meta box.
 */
export async function readHeifCoding(head: Uint8Array, read: ReadAt): Promise<HeifCoding | undefined> {
  const ftyp = children(head, 0, head.length)[0]
  if (ftyp?.type !== 'ftyp') return undefined
  const meta = await readTopLevelBox(headFirst(head, read), 'meta', MAX_META_BYTES)
  const box = meta && children(meta, 0, meta.length)[0]
  return (meta && box && metaCoding(meta, box)) ?? brandCoding(head, ftyp)
}

/**
 * The bytes of the first top-level box of this type, header included, or undefined where there is
 * none, or it is larger than `maxBytes`. Only the headers of the boxes before it are read, 16 bytes each.
 */
export async function readTopLevelBox(read: ReadAt, type: string, maxBytes: number): Promise<Uint8Array | undefined> {
  for (let at = 0, i = 0; i < MAX_TOP_BOXES; i++) {
    const header = await read(at, 16)
    if (header.length < 8) return undefined
    const size = u32(header, 0)
    // 1: a 64-bit size follows the type; 0: the box runs to the end of the file.
    const length = size === 1 && header.length >= 16 ? u32(header, 8) * 2 ** 32 + u32(header, 12) : size
    if (fourcc(header, 4) === type) {
      if (length > maxBytes) return undefined
      return read(at, size === 0 ? maxBytes : length)
    }
    // Nothing follows a box that runs to the end, and a size smaller than a header cannot be walked past.
    if (length < (size === 1 ? 16 : 8)) return undefined
    at += length
  }
  return undefined
}
