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
import { isUtf8 } from 'node:buffer'
import type { Rgb } from '../../shared/palette'
import { badSwatchFile } from './bad-file'
import { normaliseName, shortened } from '../../shared/names'
import type { NamedColour, ReadOptions, SwatchFile } from './swatch-file'

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

/**
 * Windows-1252's characters for bytes 0x80–0x9F, where it differs from Latin-1 (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ
 * Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ; the five bytes it leaves unassigned keep their code points, as the
 * WHATWG decoder keeps them). Mapped here: Node's TextDecoder('windows-1252') has decoded these bytes
 * as Latin-1's C1 controls since 20.18.3 and 22.13.0 (nodejs/node#60888), which turned a Windows
 * tool's “quotes”, dashes, € and ™ into invisible control characters.
 */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'
/** Text split as Latin-1 (one character per byte) read as Windows-1252. */
const fromWindows1252 = (latin1: string): string => latin1.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80])

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
const NUMBER = /^[-+]?(\d+(?:\.\d*)?|\.\d+)$/
/** A line with nothing to read: blank, or a comment. */
const SKIPPED = /^\s*(?:#|$)/
const HEADER_LINE = /^(Name|Columns|Channels):\s*(.*)$/s
// Sticky patterns, tried where the reader is, so that most of a large file is passed over
// without cutting it into millions of strings (which alone takes seconds on 16 MB).
/** Blank lines, as many as follow one another, and the next line's indent (one regex loop, never a group repeated a million times, which overflows). */
const BLANK = /\s*/y
const COMMENT_LINE = /[^\S\r\n]*#[^\r\n]*(?:\r\n|\r|\n|$)/y
const LINE_BODY = /[^\r\n]*/y
const SPACE = String.raw`[^\S\r\n]`
const NUMBER_AT = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)`
/** A whole plain colour line with its break: a fast check of those past `maxColours` (any other is checked as it is read). */
const PLAIN_COLOUR: Record<ChannelCount, RegExp> = {
  3: plainColour(3),
  4: plainColour(4)
}
function plainColour(channels: ChannelCount): RegExp {
  const numbers = Array<string>(channels).fill(NUMBER_AT).join(`${SPACE}+`)
  return new RegExp(`${SPACE}*${numbers}(?:${SPACE}[^\\r\\n]*)?(?:\\r\\n|\\r|\\n|$)`, 'y')
}
/** Characters some writers pad the end with: NULs, and the Ctrl-Z that ended a DOS text file. */
const END_PADDING = new Set([0, 0x1a])

/**
 * Decode a GIMP palette into loose colours (GPL has no groups). Tolerates what GIMP and
 * other writers vary on: CRLF, a BOM, Latin-1 names (even among UTF-8 ones), UTF-16 text, no `Name:` or `Columns:`,
 * a `Columns:` that is not a whole number (GIMP ignores it too), NULs or a DOS Ctrl-Z after the
 * last line, Aseprite's `Channels: RGBA`, comments and blank lines anywhere, unnamed colours,
 * integers outside 0..255 (clamped as GIMP clamps them, and listed in `clamped` for the import to
 * report). Refuses anything else with `EngineError('BAD_SWATCH_FILE')`. Lines past `maxColours`
 * colours are checked and counted (in `leftOut`) but not decoded, so a file of a million colours
 * that the import would cut to a few hundred reads in a blink.
 */
export function readGpl(data: Buffer | string, { maxColours = Infinity }: ReadOptions = {}): SwatchFile {
  const lines = typeof data === 'string' ? new LineReader(data) : decodeLines(data)
  if (lines.next().trim() !== HEADER) throw badSwatchFile('GIMP palette', 'the first line is not "GIMP Palette"')
  const file: SwatchFile = { groups: [], loose: [] }
  let channels: ChannelCount = 3
  let leftOut = 0
  while (lines.skipBlank()) {
    const full = file.loose.length >= maxColours
    if (full && lines.skip(PLAIN_COLOUR[channels])) {
      leftOut++
      continue
    }
    const lineNo = lines.lineNo()
    const line = lines.next()
    if (SKIPPED.test(line)) continue
    const header = HEADER_LINE.exec(line)
    if (header?.[1] === 'Channels') channels = readChannels(header[2].trim(), lineNo)
    else if (header) readHeader(file, header[1], header[2].trim())
    else if (!full) addColour(file, parseColourLine(line, lineNo, channels), lineNo)
    else leftOut += checkColourLine(line, lineNo, channels).length > 0 ? 1 : 0
  }
  if (leftOut > 0) file.leftOut = leftOut
  return file
}

function readHeader(file: SwatchFile, key: string, value: string): void {
  // `Columns:` only lays out GIMP's grid: GIMP reads a bad one as 0 and opens the palette, so do we.
  // An empty `Name:` is no title: left unset, the app names the palette after its file instead.
  if (key === 'Name' && value) file.name = value
}

function readChannels(value: string, lineNo: number): ChannelCount {
  if (value === 'RGB') return 3
  if (value === 'RGBA') return 4
  throw badSwatchFile('GIMP palette', `line ${lineNo} has a "Channels:" that is neither RGB nor RGBA`)
}

const LF = 0x0a
const CR = 0x0d
const isBreak = (c: number): boolean => c === LF || c === CR

/**
 * A file's lines, ended as any system ends them, read one after another, without a leading
 * byte-order mark or trailing padding. The text is split where the reader is, never all at once;
 * `decode` turns a line's characters into its text (for a file read as Latin-1, see decodeLines).
 */
class LineReader {
  private readonly text: string
  private pos = 0
  /** Line numbers are counted only when asked for, from where they were last counted to. */
  private counted = 0
  private line = 1

  constructor(
    text: string,
    private readonly decode: (raw: string) => string = (raw) => raw
  ) {
    let end = text.length
    while (end > 0 && END_PADDING.has(text.charCodeAt(end - 1))) end--
    this.text = text.slice(text.charCodeAt(0) === 0xfeff ? 1 : 0, end)
  }

  /** Passes over blank lines and comments to the start of the next line; false at the end of the file. */
  skipBlank(): boolean {
    do {
      const start = this.pos
      this.skip(BLANK)
      // Back to the start of the line the blanks end in (its indent is part of it), never past them.
      while (this.pos > start && !isBreak(this.text.charCodeAt(this.pos - 1))) this.pos--
    } while (this.skip(COMMENT_LINE) && this.pos < this.text.length)
    return this.pos < this.text.length
  }

  /** Passes over what the sticky `pattern` matches here, if it does. */
  skip(pattern: RegExp): boolean {
    pattern.lastIndex = this.pos
    if (!pattern.test(this.text)) return false
    this.pos = pattern.lastIndex
    return true
  }

  /** The line that starts here, decoded; the reader moves past it and its line break. */
  next(): string {
    const start = this.pos
    LINE_BODY.lastIndex = start
    LINE_BODY.test(this.text)
    const end = LINE_BODY.lastIndex
    const crlf = this.text.charCodeAt(end) === CR && this.text.charCodeAt(end + 1) === LF
    this.pos = Math.min(this.text.length, end + (crlf ? 2 : 1))
    return this.decode(this.text.slice(start, end))
  }

  /** The 1-based number of the line that starts here. */
  lineNo(): number {
    for (; this.counted < this.pos; this.counted++) {
      const c = this.text.charCodeAt(this.counted)
      if (c === LF || (c === CR && this.text.charCodeAt(this.counted + 1) !== LF)) this.line++
    }
    return this.line
  }
}

/**
 * The file's lines: UTF-8, as GIMP writes it; UTF-16 with its byte-order mark, as Windows editors
 * save; otherwise each line on its own, as GIMP converts each name: UTF-8 where it is, else
 * Windows-1252 (Latin-1), as older GIMP and Windows tools wrote names such as "Café". One such
 * name added by hand to a UTF-8 file must not garble every other name in it. The whole file is
 * checked once; a line is decoded on its own only when the file is not all UTF-8 and it is read.
 */
function decodeLines(data: Buffer): LineReader {
  if (data[0] === 0xff && data[1] === 0xfe) return new LineReader(new TextDecoder('utf-16le').decode(data))
  if (data[0] === 0xfe && data[1] === 0xff) return new LineReader(new TextDecoder('utf-16be').decode(data))
  if (isUtf8(data)) return new LineReader(data.toString('utf8'))
  // Line breaks are the same single bytes in both encodings, and never inside a UTF-8 character:
  // split the bytes (as Latin-1, one character per byte), then decode each line read.
  return new LineReader(data.toString('latin1'), decodeLine)
}

/** A line split as Latin-1, decoded as UTF-8 where its bytes are UTF-8, else as Windows-1252. */
function decodeLine(raw: string): string {
  if (!/[^\p{ASCII}]/u.test(raw)) return raw
  const bytes = Buffer.from(raw, 'latin1')
  const text = isUtf8(bytes) ? bytes.toString('utf8') : fromWindows1252(raw)
  // The BOM of a UTF-8 file whose later lines are not UTF-8 is still on its first line.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
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
  const fields = checkColourLine(line, lineNo, channels)
  // Alpha, if any, is dropped (so never reported as clamped): the first three numbers are the colour.
  const values = fields.slice(0, 3).map((f) => Math.round(Number(f)))
  const rgb = values.map((v) => Math.min(255, Math.max(0, v))) as unknown as Rgb
  return {
    colour: { name: (fields[channels] ?? '').trim(), rgb },
    clamped: values.some((v, i) => v !== rgb[i])
  }
}

/** The line's numbers and then its name, if any; a line that is no colour refuses the file. */
function checkColourLine(line: string, lineNo: number, channels: ChannelCount): string[] {
  const match = COLOUR_LINES[channels].exec(line)
  const fields = match ? match.slice(1) : []
  if (!match || !fields.slice(0, channels).every((f) => NUMBER.test(f))) {
    // Its first 40 characters and "…": a line of a million digits makes no message of a megabyte.
    const shown = shortened(line, 41)
    const numbers = channels === 3 ? 'three numbers 0–255' : 'four numbers 0–255 (RGBA)'
    throw badSwatchFile('GIMP palette', `line ${lineNo} ("${shown}") is not ${numbers} followed by a name`)
  }
  return fields
}
