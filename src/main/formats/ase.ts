// Adobe Swatch Exchange 1.0 (.ase), big-endian throughout:
//   header  "ASEF", u16 major = 1, u16 minor = 0, u32 block count
//   block   u16 type, u32 length of the body that follows, body
//     0xC001 group start  body: u16 name length (UTF-16 units, counting the NUL), UTF-16BE name, 0x0000
//     0xC002 group end    empty body
//     0x0001 colour       body: name as above, 4-byte model ("RGB ", "CMYK", "LAB ", "Gray"),
//                         float32 values (RGB/CMYK/Gray 0..1; LAB L 0..1, a and b as-is),
//                         u16 colour type (0 global, 1 spot, 2 normal)
// The block count counts every block, group ends included.
import type { Rgb } from '../../shared/palette'
import { badSwatchFile } from './bad-file'
import { aseLabToRgb, cmykToRgb, grayToRgb } from './colour-models'
import {
  fitName,
  unitToByte,
  type ColourType,
  type NamedColour,
  type ReadOptions,
  type SourceModel,
  type SwatchFile,
  type SwatchGroup
} from './swatch-file'

const SIGNATURE = 'ASEF'
const GROUP_START = 0xc001
const GROUP_END = 0xc002
const COLOUR = 0x0001
const HEADER_BYTES = 12
const BLOCK_HEADER_BYTES = 6
/** The u16 name length counts the NUL, so a name holds at most 65534 UTF-16 units. */
const MAX_NAME_UNITS = 0xffff - 1

/** ASE's colour type codes, 0, 1 and 2 in this order (the file's order, not the app's list). */
const ASE_COLOUR_TYPES: readonly ColourType[] = ['global', 'spot', 'normal']
const MODEL_VALUES: Record<SourceModel, number> = { RGB: 3, CMYK: 4, LAB: 3, Gray: 1 }
const MODEL_TAGS: Record<string, SourceModel> = { 'RGB ': 'RGB', CMYK: 'CMYK', 'LAB ': 'LAB', Gray: 'Gray' }

// ---------------------------------------------------------------- writing

/** Encode a swatch file as ASE: loose colours first, then each group. Colours are written as RGB. */
export function writeAse(file: SwatchFile): Buffer {
  const blocks: Buffer[] = file.loose.map(colourBlock)
  for (const group of file.groups) {
    blocks.push(block(GROUP_START, nameBytes(group.name)))
    blocks.push(...group.swatches.map(colourBlock))
    blocks.push(block(GROUP_END, Buffer.alloc(0)))
  }
  const header = Buffer.alloc(HEADER_BYTES)
  header.write(SIGNATURE, 0, 'latin1')
  header.writeUInt16BE(1, 4)
  header.writeUInt16BE(0, 6)
  header.writeUInt32BE(blocks.length, 8)
  return Buffer.concat([header, ...blocks])
}

function block(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(BLOCK_HEADER_BYTES)
  head.writeUInt16BE(type, 0)
  head.writeUInt32BE(body.length, 2)
  return Buffer.concat([head, body])
}

function colourBlock(colour: NamedColour): Buffer {
  const tail = Buffer.alloc(4 + 3 * 4 + 2)
  tail.write('RGB ', 0, 'latin1')
  colour.rgb.forEach((channel, i) => tail.writeFloatBE(channel / 255, 4 + 4 * i))
  tail.writeUInt16BE(ASE_COLOUR_TYPES.indexOf(colour.type ?? 'global'), 16)
  return block(COLOUR, Buffer.concat([nameBytes(colour.name), tail]))
}

/** u16 length (units + NUL), UTF-16BE units, NUL. Over-long names are cut at a whole character. */
function nameBytes(name: string): Buffer {
  const text = fitName(name, MAX_NAME_UNITS)
  const units = text.length
  const out = Buffer.alloc(2 + 2 * (units + 1))
  out.writeUInt16BE(units + 1, 0)
  for (let i = 0; i < units; i++) out.writeUInt16BE(text.charCodeAt(i), 2 + 2 * i)
  return out
}

// ---------------------------------------------------------------- reading

// Not fatal: a lone surrogate (half an emoji, cut by a buggy writer) reads as U+FFFD, as
// normaliseName makes it, and as other apps open such files, instead of refusing the whole file.
const utf16be = new TextDecoder('utf-16be')

/** Bounds-checked big-endian reads: every length is checked against the bytes left before use. */
class Cursor {
  constructor(
    private readonly buf: Buffer,
    public pos: number,
    private readonly end: number,
    private readonly what: string
  ) {}

  get left(): number {
    return this.end - this.pos
  }

  need(bytes: number, detail: string): void {
    if (bytes > this.left) throw badSwatchFile('ASE', `${detail} runs past the end of ${this.what} (the file is truncated or damaged)`)
  }

  u16(detail: string): number {
    this.need(2, detail)
    const v = this.buf.readUInt16BE(this.pos)
    this.pos += 2
    return v
  }

  u32(detail: string): number {
    this.need(4, detail)
    const v = this.buf.readUInt32BE(this.pos)
    this.pos += 4
    return v
  }

  f32(detail: string): number {
    this.need(4, detail)
    const v = this.buf.readFloatBE(this.pos)
    this.pos += 4
    return v
  }

  bytes(n: number, detail: string): Buffer {
    this.need(n, detail)
    const v = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return v
  }

  /** The next `n` bytes as Latin-1, without moving; shorter near the end. */
  peek(n: number): string {
    return this.buf.toString('latin1', this.pos, Math.min(this.pos + n, this.end))
  }

  /** UTF-16 units from here through the first NUL unit, or undefined when none is left. */
  unitsThroughNul(): number | undefined {
    for (let at = this.pos; at + 2 <= this.end; at += 2) {
      if (this.buf.readUInt16BE(at) === 0) return (at - this.pos) / 2 + 1
    }
    return undefined
  }
}

/**
 * Decode an ASE file, every colour of it (a group's own length tells how many an import leaves
 * out). Throws `EngineError('BAD_SWATCH_FILE')` naming the problem.
 */
export function readAse(buf: Buffer, { maxColours = Infinity }: ReadOptions = {}): SwatchFile {
  if (buf.length < HEADER_BYTES || buf.toString('latin1', 0, 4) !== SIGNATURE) {
    throw badSwatchFile('ASE', 'it does not start with the "ASEF" signature of an Adobe Swatch Exchange file')
  }
  const major = buf.readUInt16BE(4)
  if (major !== 1) throw badSwatchFile('ASE', `it is version ${major}.${buf.readUInt16BE(6)}, and only version 1 exists`)
  const count = buf.readUInt32BE(8)
  // Each block takes at least 6 bytes: refuse a count the file cannot hold before looping on it.
  const room = Math.floor((buf.length - HEADER_BYTES) / BLOCK_HEADER_BYTES)
  if (count > room) throw badSwatchFile('ASE', `it claims ${count} blocks but has room for at most ${room} (truncated or damaged)`)

  const state: ReadState = { file: { groups: [], loose: [] }, maxColours }
  const cursor = new Cursor(buf, HEADER_BYTES, buf.length, 'the file')
  for (let i = 0; i < count; i++) readBlock(buf, cursor, i, state)
  // Some writers leave group ends out of the count (an old `swatch` did), which would drop the
  // last colours: whole blocks after the counted ones are read too, up to the first that is not.
  // A block changes the file only once it has been read whole, so one that fails changes nothing.
  for (let i = count; cursor.left >= BLOCK_HEADER_BYTES && KNOWN_BLOCKS.has(buf.readUInt16BE(cursor.pos)); i++) {
    try {
      readBlock(buf, cursor, i, state)
    } catch {
      break
    }
  }
  return state.file
}

const KNOWN_BLOCKS = new Set([GROUP_START, GROUP_END, COLOUR])

interface ReadState {
  file: SwatchFile
  /** The group a colour goes in; loose colours when none is open. */
  group?: SwatchGroup
  /** Of each group (and of the loose colours), how many are kept: ReadOptions. */
  maxColours: number
}

/** One block: a group's start or end, or a colour; other types are skipped by their length. */
function readBlock(buf: Buffer, cursor: Cursor, i: number, state: ReadState): void {
  const type = cursor.u16(`block ${i + 1}`)
  const length = cursor.u32(`block ${i + 1}`)
  const body = new Cursor(buf, cursor.pos, cursor.pos + cursor.bytes(length, `block ${i + 1}'s length`).length, `block ${i + 1}`)
  if (type === GROUP_START) {
    // Groups do not nest in ASE: a second start closes the first.
    state.group = { name: readName(body, groupNameEnds), swatches: [] }
    state.file.groups.push(state.group)
  } else if (type === GROUP_END) {
    state.group = undefined
  } else if (type === COLOUR) {
    const { colour, clamped } = readColour(body)
    const list = state.group ? state.group.swatches : state.file.loose
    // One past those its list keeps is never seen: the import counts it as left out, not as clamped, as GPL's.
    if (clamped && list.length < state.maxColours) (state.file.clamped ??= []).push({ name: colour.name })
    list.push(colour)
  }
}

/**
 * A name: u16 length in UTF-16 units counting the NUL, the units, the NUL. Some writers count
 * characters instead of units (ColorPaletteCodable counts grapheme clusters, Python's `swatch`
 * code points), so a name with emoji or decomposed accents claims fewer units than it holds.
 * When the claimed units neither end in the NUL nor leave `follows` true of what comes next, the
 * name runs through its NUL instead, if that leaves `follows` true.
 */
function readName(body: Cursor, follows: (rest: Cursor) => boolean): string {
  const claimed = body.u16('a name length')
  const start = body.pos
  let raw = body.bytes(2 * claimed, 'a name')
  if (!endsInNul(raw) && !follows(body)) {
    body.pos = start
    const units = body.unitsThroughNul()
    if (units !== undefined) {
      const throughNul = body.bytes(2 * units, 'a name')
      if (follows(body)) raw = throughNul
      else body.pos = start + raw.length
    }
  }
  const text = utf16be.decode(raw)
  const nul = text.indexOf('\u0000')
  return nul === -1 ? text : text.slice(0, nul)
}

const endsInNul = (raw: Buffer) => raw.length >= 2 && raw.readUInt16BE(raw.length - 2) === 0
/** A group's name fills its block; a colour's is followed by its model. */
const groupNameEnds = (rest: Cursor) => rest.left === 0
const colourNameEnds = (rest: Cursor) => Object.hasOwn(MODEL_TAGS, rest.peek(4))

/** A colour, and whether any of its values was outside its range (and clamped into it, as GPL's are). */
function readColour(body: Cursor): { colour: NamedColour; clamped: boolean } {
  const name = readName(body, colourNameEnds)
  const tag = body.bytes(4, `colour "${name}"'s model`).toString('latin1')
  const model = MODEL_TAGS[tag]
  if (!model) throw badSwatchFile('ASE', `colour "${name}" has an unknown colour model "${tag.trim()}"`)
  const values: number[] = []
  for (let i = 0; i < MODEL_VALUES[model]; i++) values.push(body.f32(`colour "${name}"'s values`))
  if (!values.every(Number.isFinite)) throw badSwatchFile('ASE', `colour "${name}" has a value that is not a number`)
  const type = ASE_COLOUR_TYPES[body.u16(`colour "${name}"'s type`)]
  if (!type) throw badSwatchFile('ASE', `colour "${name}" has an unknown colour type`)
  const colour: NamedColour = { name, rgb: toRgb(model, values), type }
  if (model !== 'RGB') colour.sourceModel = model
  return { colour, clamped: outOfRange(model, values) }
}

/**
 * Values a writer stored on another scale (RGB as 0..255, CMYK as percentages) read as far past
 * 0..1 and are clamped to 1: the colour shown is not the one meant, so the import says which.
 * Lab's a and b have no fixed range; its L is 0..1. Float noise within half a step of the range is none.
 */
function outOfRange(model: SourceModel, values: readonly number[]): boolean {
  const ranged = model === 'LAB' ? values.slice(0, 1) : values
  return ranged.some((v) => Math.round(v * 255) < 0 || Math.round(v * 255) > 255)
}

function toRgb(model: SourceModel, v: number[]): Rgb {
  switch (model) {
    case 'RGB':
      return [unitToByte(v[0]), unitToByte(v[1]), unitToByte(v[2])]
    case 'CMYK':
      return cmykToRgb(v[0], v[1], v[2], v[3])
    case 'LAB':
      return aseLabToRgb(v[0], v[1], v[2])
    case 'Gray':
      return grayToRgb(v[0])
  }
}
