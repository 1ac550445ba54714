// How large a board is once written as JSON, measured without writing it: the page sends a board by
// structured clone, which keeps shared, circular and holey references, so a small message can
// stand for a vast or endless JSON text that JSON.stringify, or z.json(), would hang on.

/** Levels of nesting a board may have (the renderer's own is about six deep). */
const MAX_BOARD_DEPTH = 64
/** Largest board file main reads back (handlers/project.ts), its wrapper included. */
export const MAX_PROJECT_FILE_BYTES = 64 * 1024 * 1024
/**
 * Largest board to save, as UTF-8 JSON, leaving the wrapper room: a larger one would be saved and
 * then never open again.
 */
export const MAX_BOARD_BYTES = MAX_PROJECT_FILE_BYTES - 1024 * 1024

const utf8 = new TextEncoder()
/**
 * Bytes of a string in a JSON text, at least: UTF-8 and its quotes (base64 thumbnails take the quick
 * way). UTF-8 takes at least a byte a UTF-16 unit, so a string longer than a board may be is not encoded.
 */
const jsonTextBytes = (text: string): number =>
  2 + (text.length > MAX_BOARD_BYTES || /^[ -~]*$/.test(text) ? text.length : utf8.encode(text).byteLength)

const isPlain = (value: object): boolean => Array.isArray(value) || [Object.prototype, null].includes(Object.getPrototypeOf(value))

/** A value that is JSON by itself (not an array or object): what z.json() takes. */
const isJsonLeaf = (value: unknown): boolean =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))

interface Measure {
  size: number
  height: number
}

/**
 * Why a board cannot be saved, or '' when it can. A shared object is measured once and counted each
 * time. An array is measured by its length, not by the items it holds, so a holey array of millions
 * is refused by its length alone; the walk stops at the first thing that is no JSON (a hole, a typed
 * array, a date…), which is never written out to be measured.
 */
export function boardProblem(board: unknown): string {
  const measured = new Map<object, Measure>()
  let circular = false
  let foreign = false
  const measure = (value: unknown, depth: number): Measure => {
    if (typeof value === 'string') return { size: jsonTextBytes(value), height: 0 }
    if (typeof value !== 'object' || value === null || !isPlain(value)) {
      if (!isJsonLeaf(value)) foreign = true
      return { size: isJsonLeaf(value) ? String(value).length : 0, height: 0 }
    }
    const known = measured.get(value)
    if (known) return known
    if (depth >= MAX_BOARD_DEPTH) return { size: 0, height: 1 } // too deep already: below is not walked
    // Each item takes a byte and a comma at least: a longer array is too large, whatever it holds.
    if (Array.isArray(value) && 2 * value.length + 1 > MAX_BOARD_BYTES) return { size: 2 * value.length + 1, height: 1 }
    measured.set(value, { size: Infinity, height: Infinity }) // met again while inside it: circular
    const own = { size: 2, height: 1 }
    const add = (inner: Measure, keyBytes: number): boolean => {
      own.size += inner.size + keyBytes + 1
      own.height = Math.max(own.height, inner.height + 1)
      if (inner.size === Infinity) circular = true
      return foreign || own.size > MAX_BOARD_BYTES || depth + own.height > MAX_BOARD_DEPTH
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) if (add(measure(value[i], depth + 1), 0)) break
    } else {
      for (const [key, child] of Object.entries(value)) if (add(measure(child, depth + 1), jsonTextBytes(key))) break
    }
    measured.set(value, own)
    return own
  }
  const { size, height } = measure(board, 0)
  if (circular) return 'circular: it holds itself'
  if (height > MAX_BOARD_DEPTH) return `nested deeper than ${MAX_BOARD_DEPTH} levels`
  if (size > MAX_BOARD_BYTES) return `larger than ${MAX_BOARD_BYTES / 2 ** 20} MB, too large to open again once saved`
  if (foreign) return 'not JSON: it holds something JSON cannot (an empty slot in a list, a date, raw bytes…)'
  return ''
}
