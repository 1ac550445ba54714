// How a film strip names its frames and its files. The page names a strip's exports so, and main
// names the frames of a strip's own JSON file so when it is imported: a strip opens with the same
// names whichever format it was saved in.
import { clipName, withoutExtension } from './names'

/** 83.4 → "01:23.400"; with hours when the film is that long; dashes for a length not known (yet). */
export function formatTime(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--.---'
  const ms = Math.round(seconds * 1000)
  const h = Math.floor(ms / 3_600_000)
  const m = Math.floor((ms % 3_600_000) / 60_000)
  const s = Math.floor((ms % 60_000) / 1000)
  const rest = ms % 1000
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${h > 0 ? `${two(h)}:` : ''}${two(m)}:${two(s)}.${String(rest).padStart(3, '0')}`
}

/** The film's name without its extension, for the names of files made from it. */
const filmStem = (filmName: string): string => withoutExtension(filmName, 'film')

/** The name of the strip's files and of the palette they hold ("film-strip"), within what an export carries. */
export const stripName = (filmName: string): string => clipName(filmStem(filmName), '-strip')

/** A frame's swatch group, named like its board column's exports ("film @ 01:23.400"): a long film name gives way, not the time. */
export const frameGroupName = (filmName: string, time: number): string => clipName(filmStem(filmName), ` @ ${formatTime(time)}`)
