// GIMP palette (.gpl), UTF-8 text, as GIMP writes it:
//   GIMP Palette
//   Name: <title>          (Krita refuses a file without it on line 2)
//   Columns: <n>
//   #
//   <R> <G> <B>\t<name>    (each number right-aligned in 3 columns: "%3d %3d %3d\t%s")
// GPL has no groups: groups are written one after another, each introduced by a comment.
// What other readers need beyond GIMP's own rules:
// - Inkscape reads each line into a 1024-byte buffer (fgets) and refuses the whole palette when a
//   longer line comes in two pieces ("Invalid line"), as GIMP before 2.10 misread it: every line is
//   kept to 1023 bytes, newline included, so a name (title, group) longer than about 1,000 bytes of
//   UTF-8 is cut there, at a whole character.
// - Krita refuses a file shorter than 50 bytes ("Illegal Gimp palette file"): a palette that small
//   (no colours, or one colour with a short name) gets a "# Made with Palette Studio" comment.
// Aseprite adds `Channels: RGBA` to palettes with alpha, and then a fourth number (alpha) before
// each name; the reader takes such files and drops the alpha, since swatches here are opaque.
import type { Rgb } from '../../shared/palette'
import { badSwatchFile } from './bad-file'
import { normaliseName } from '../../shared/names'
import type { NamedColour, SwatchFile } from './swatch-file'

const HEADER = 'GIMP Palette'
const DEFAULT_TITLE = 'Palette Studio'
/** GIMP's own limit on `Columns:`. */
const MAX_COLUMNS = 256
/** Inkscape's line buffer is 1024 bytes, its C string's NUL included. */
const MAX_GPL_LINE_BYTES = 1023
/** Krita's smallest palette file. */
const MIN_FILE_LENGTH = 50
const NAME_PREFIX = 'Name: '
const GROUP_PREFIX = '# '
/** "%3d %3d %3d\t" */
const COLOUR_PREFIX_BYTES = 12

export function writeGpl(file: SwatchFile): string {
  const widest = Math.max(file.loose.length, ...file.groups.map((g) => g.swatches.length))
  const lines = [
    HEADER,
    NAME_PREFIX + fitLine(normaliseName(file.name ?? '') || DEFAULT_TITLE, NAME_PREFIX.length),
    `Columns: ${Math.min(MAX_COLUMNS, Math.max(1, widest))}`,
    '#',
    ...file.loose.map(colourLine)
  ]
  for (const group of file.groups) {
    lines.push(GROUP_PREFIX + fitLine(normaliseName(group.name), GROUP_PREFIX.length), ...group.swatches.map(colourLine))
  }
  const text = lines.join('\n') + '\n'
  // Counted in UTF-16 units, never more than the UTF-8 bytes Krita counts.
  if (text.length >= MIN_FILE_LENGTH) return text
  lines.splice(4, 0, '# Made with Palette Studio')
  return lines.join('\n') + '\n'
}

function colourLine(colour: NamedColour): string {
  const [r, g, b] = colour.rgb.map((c) => String(c).padStart(3, ' '))
  return `${r} ${g} ${b}\t${fitLine(normaliseName(colour.name), COLOUR_PREFIX_BYTES)}`
}

/**
 * `text` (normalised), cut at a whole code point so that a line of `prefixBytes` ASCII bytes, then
 * `text`, then its newline stays within MAX_GPL_LINE_BYTES of UTF-8.
 */
function fitLine(text: string, prefixBytes: number): string {
  const room = MAX_GPL_LINE_BYTES - prefixBytes - 1
  if (Buffer.byteLength(text, 'utf8') <= room) return text
  let bytes = 0
  let end = 0
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8')
    if (bytes > room) break
    end += char.length
  }
  return normaliseName(text.slice(0, end))
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
const windows1252 = new TextDecoder('windows-1252')
/** Numbers on a colour line: R G B, or R G B A under Aseprite's `Channels: RGBA`. */
type ChannelCount = 3 | 4
// `s`: a name may hold U+2028/U+2029 (other writers leave them in), which `.` alone does not match.
const COLOUR_LINES: Record<ChannelCount, RegExp> = {
  3: /^\s*(\S+)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/s,
  4: /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/s
}
/**
 * GIMP reads any integer and clamps it into 0..255 (with a warning); so do we. Scripts that write
 * "12.0" or "34.6" get their numbers rounded (GIMP's atoi would cut them at the point).
 */
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/

/**
 * Decode a GIMP palette into loose colours (GPL has no groups). Tolerates what GIMP and
 * other writers vary on: CRLF, a BOM, Latin-1 names (even among UTF-8 ones), UTF-16 text, no `Name:` or `Columns:`, Aseprite's `Channels: RGBA`,
 * comments and blank lines anywhere, unnamed colours, integers outside 0..255 (clamped as GIMP
 * clamps them, and listed in `clamped` for the import to report). Refuses anything else with
 * `EngineError('BAD_SWATCH_FILE')`.
 */
export function readGpl(data: Buffer | string): SwatchFile {
  const lines = typeof data === 'string' ? splitLines(data) : decodeLines(data)
  if (lines[0]?.trim() !== HEADER) throw badSwatchFile('GIMP palette', 'the first line is not "GIMP Palette"')
  const file: SwatchFile = { groups: [], loose: [] }
  let channels: ChannelCount = 3
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const header = /^(Name|Columns|Channels):\s*(.*)$/s.exec(line)
    if (!header) addColour(file, parseColourLine(line, i + 1, channels), i + 1)
    else if (header[1] === 'Channels') channels = readChannels(header[2].trim(), i + 1)
    else readHeader(file, header[1], header[2].trim(), i + 1)
  }
  return file
}

function readHeader(file: SwatchFile, key: string, value: string, lineNo: number): void {
  if (key === 'Columns') {
    if (!/^\d+$/.test(value)) throw badSwatchFile('GIMP palette', `line ${lineNo} has a "Columns:" that is not a number`)
  } else if (value) {
    // An empty `Name:` is no title: left unset, the app names the palette after its file instead.
    file.name = value
  }
}

function readChannels(value: string, lineNo: number): ChannelCount {
  if (value === 'RGB') return 3
  if (value === 'RGBA') return 4
  throw badSwatchFile('GIMP palette', `line ${lineNo} has a "Channels:" that is neither RGB nor RGBA`)
}

/** Lines of `text`, ended as any system ends them, without a leading byte-order mark. */
function splitLines(text: string): string[] {
  return text.replace(/^\ufeff/, '').split(/\r\n|\n|\r/)
}

/**
 * The file's lines: UTF-8, as GIMP writes it; UTF-16 with its byte-order mark, as Windows editors
 * save; otherwise each line on its own, as GIMP converts each name: UTF-8 where it is, else
 * Windows-1252 (Latin-1), as older GIMP and Windows tools wrote names such as "Café". One such
 * name added by hand to a UTF-8 file must not garble every other name in it.
 */
function decodeLines(data: Buffer): string[] {
  if (data[0] === 0xff && data[1] === 0xfe) return splitLines(new TextDecoder('utf-16le').decode(data))
  if (data[0] === 0xfe && data[1] === 0xff) return splitLines(new TextDecoder('utf-16be').decode(data))
  const text = strictUtf8(data)
  if (text !== undefined) return splitLines(text)
  // Line breaks are the same single bytes in both encodings, and never inside a UTF-8 character:
  // split the bytes (as Latin-1, one character per byte), then decode each line.
  return splitLines(data.toString('latin1')).map((line) => {
    const bytes = Buffer.from(line, 'latin1')
    return strictUtf8(bytes) ?? windows1252.decode(bytes)
  })
}

/** `bytes` as UTF-8, or undefined where they are not. */
function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes)
  } catch {
    return undefined
  }
}

function addColour(file: SwatchFile, { colour, clamped }: ColourLine, lineNo: number): void {
  file.loose.push(colour)
  if (clamped) (file.clamped ??= []).push({ name: colour.name, line: lineNo })
}

interface ColourLine {
  colour: NamedColour
  /** Some of its RGB values were outside 0..255. */
  clamped: boolean
}

function parseColourLine(line: string, lineNo: number, channels: ChannelCount): ColourLine {
  const match = COLOUR_LINES[channels].exec(line)
  const fields = match ? match.slice(1, channels + 1) : []
  if (!match || !fields.every((f) => NUMBER.test(f))) {
    const shown = line.length > 40 ? `${line.slice(0, 40)}…` : line
    const numbers = channels === 3 ? 'three numbers 0–255' : 'four numbers 0–255 (RGBA)'
    throw badSwatchFile('GIMP palette', `line ${lineNo} ("${shown}") is not ${numbers} followed by a name`)
  }
  // Alpha, if any, is dropped (so never reported as clamped): the first three numbers are the colour.
  const values = fields.slice(0, 3).map((f) => Math.round(Number(f)))
  const rgb = values.map((v) => Math.min(255, Math.max(0, v))) as unknown as Rgb
  return {
    colour: { name: (match[channels + 1] ?? '').trim(), rgb },
    clamped: values.some((v, i) => v !== rgb[i])
  }
}
