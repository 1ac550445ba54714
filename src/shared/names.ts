// Names that cross the IPC boundary (swatch, group and suggested file names) have one limit, one
// way of being cut to it, and one way of being made a line a file can hold, in the page and in
// main alike.

/** Longest swatch or group name a message carries, in UTF-16 units (what a string's length counts). */
export const MAX_NAME = 200

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * `text` cut to at most `maxUnits` UTF-16 units where one character as a reader sees it ends, so
 * no emoji, accent or surrogate pair is split. A lone character longer than that (a letter with
 * hundreds of marks) is cut between code points rather than dropped whole.
 */
export function cutToUnits(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text
  // The character the cut falls in, looked up where it is: walking V8's segments up to it took
  // 21 s over an ASE name's 65,533 units. The cut goes before it.
  const { index } = graphemes.segment(text).containing(maxUnits) ?? { index: maxUnits }
  return index > 0 ? text.slice(0, index) : cutToCodePoint(text, maxUnits)
}

/**
 * The longest start of `text` within `maxBytes` of UTF-8 (a file name's limit), cut between whole
 * characters as cutToUnits cuts. Walks the text: for names, a few hundred bytes at most.
 */
export function cutToBytes(text: string, maxBytes: number): string {
  const encoder = new TextEncoder()
  let end = 0
  let bytes = 0
  for (const { segment } of graphemes.segment(text)) {
    bytes += encoder.encode(segment).length
    if (bytes > maxBytes) break
    end += segment.length
  }
  return text.slice(0, end)
}

/** The end of `text` within `maxBytes` of UTF-8, cut between graphemes as cutToBytes cuts its start. */
export function endWithinBytes(text: string, maxBytes: number): string {
  const encoder = new TextEncoder()
  const segments = [...graphemes.segment(text)]
  let start = text.length
  let bytes = 0
  for (let i = segments.length - 1; i >= 0; i--) {
    bytes += encoder.encode(segments[i].segment).length
    if (bytes > maxBytes) break
    start = segments[i].index
  }
  return text.slice(start)
}

/**
 * `text` as a message quotes it: whole when it is within `maxUnits` UTF-16 units (at least 1),
 * else its start, cut as cutToUnits cuts, and "…", the two within `maxUnits`. A space before the
 * "…" is dropped: "Deep sea…", not "Deep sea …".
 */
export function shortened(text: string, maxUnits: number): string {
  return text.length <= maxUnits ? text : `${cutToUnits(text, maxUnits - ELLIPSIS.length).trimEnd()}${ELLIPSIS}`
}

const ELLIPSIS = '…'

const cutToCodePoint = (text: string, maxUnits: number): string =>
  text.slice(0, /[\ud800-\udbff]/.test(text[maxUnits - 1] ?? '') ? maxUnits - 1 : maxUnits)

/**
 * `name` within MAX_NAME, with `end` kept whole after it (a film frame's time, "-strip"): the
 * name gives way, since the end tells names made from it apart.
 */
export function clipName(name: string, end = ''): string {
  const kept = cutToUnits(end, MAX_NAME)
  return cutToUnits(name, MAX_NAME - kept.length) + kept
}

/** 'IMG_2024.01.05.png' → 'IMG_2024.01.05'; a name that is only an extension gives `fallback`. */
export const withoutExtension = (name: string, fallback = 'palette'): string => name.replace(/\.[^.]+$/, '') || fallback

/**
 * Names as every format can store them: well-formed Unicode (lone surrogates become U+FFFD)
 * with control characters (newlines, tabs, NUL) turned into spaces and the ends trimmed.
 * Writers apply this, so what a reader gets back is exactly `normaliseName(name)`.
 */
export function normaliseName(name: string): string {
  return name.replace(LONE_SURROGATE, '\ufffd').replace(CONTROL, ' ').trim()
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
// Control characters and the Unicode line breaks (NEL, LS, PS): a name is one line in GPL and
// CSS, and a reader's line-based parsing must see it whole.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g
