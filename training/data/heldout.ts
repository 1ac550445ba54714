// The held-out evaluation images (../shared/heldout-sources.tsv) must never be read for training,
// validation or tuning. `HeldOut.refuses` is asked with a package and a path BEFORE the file is opened,
// so a held-out image is never decoded, hashed or even stat'ed by the data pipeline.
import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'

/** The list lives in the shared folder beside the repository (a checkout or CI's clone alike). */
const BESIDE_REPO = join(import.meta.dirname, '..', '..', '..', 'shared', 'heldout-sources.tsv')
export const HELDOUT_TSV =
  process.env.PALETTE_HELDOUT_TSV ?? (existsSync(BESIDE_REPO) ? BESIDE_REPO : '/work/shared/heldout-sources.tsv')

/** `package<TAB>path`, the identity of a source file everywhere in the pipeline. */
export const sourceKey = (pkg: string, path: string): string => `${pkg}\t${path}`

/**
 * The name of an image with its variant and size marks removed, so that siblings of a held-out
 * image (its dark/light or other-resolution versions, or the same file shipped by another package)
 * are refused too: near-duplicates of an evaluation image would leak it into training. We cannot
 * compare pixels with the held-out files without reading them, hence this name rule.
 */
export function familyStem(path: string): string {
  const parts = normalisePath(path).toLowerCase().split('/')
  // KDE-style wallpaper packages: <Name>/contents/images/<W>x<H>.jpg — the family is <Name>.
  const contents = parts.lastIndexOf('contents')
  if (contents > 0) return parts[contents - 1]
  const file = parts[parts.length - 1]
  let stem = basename(file, extname(file))
  stem = stem.replace(/[-_.]?\d{3,5}x\d{3,5}$/, '') // size suffix, e.g. _1920x1080
  // …and the other eye of a stereo pair (motorcycle_left, motorcycle_right).
  stem = stem.replace(/[-_](l|d|light|dark|day|night|morning|evening|blur(red)?|lock|login|left|right)$/, '')
  // A name that says nothing (a bare size or number) belongs to its folder.
  if (/^\d*$/.test(stem) && parts.length > 1) return parts[parts.length - 2]
  return stem
}

/** Colour words: packages ship recolourings of one picture under names that differ only by one. */
const COLOUR_WORDS =
  /^(red|green|blue|yellow|cyan|magenta|orange|purple|violet|pink|brown|black|white|gr[ae]y|gold|silver|teal|dark|light)$/

/**
 * A looser name key for pictures in the same folder: cut at the first dot (`flower.png.q85.jpg`),
 * without size marks, colour words, separators or a trailing number, so that re-encodes, crops,
 * recolourings and numbered siblings of a held-out picture (`title_wide`, `flower_cropped`,
 * `rocky-green-00` beside `rocky-airless-00`, `concert2` beside `concert1`) share its start.
 */
export function looseStem(path: string): string {
  const words = basename(normalisePath(path))
    .toLowerCase()
    .split('.')[0]
    .replace(/\d{3,5}x\d{3,5}/g, ' ')
    .split(/[^a-z0-9]+/)
  return words
    .filter((w) => w !== '' && !COLOUR_WORDS.test(w))
    .join('')
    .replace(/\d+$/, '')
}

/** Shorter loose stems than this say too little to call two names one picture. */
const MIN_LOOSE_STEM = 4

/** Two names of one picture by the loose rule: in one folder, one loose stem starts the other. */
export function looseSiblings(a: string, b: string): boolean {
  if (folderOf(a) !== folderOf(b)) return false
  const [x, y] = [looseStem(a), looseStem(b)].sort((p, q) => p.length - q.length)
  return x.length >= MIN_LOOSE_STEM && y.startsWith(x)
}

/** The words of a file's name, before its first dot: `kalenz_young.png` → kalenz, young. */
const nameWords = (path: string): string[] =>
  basename(normalisePath(path))
    .toLowerCase()
    .split('.')[0]
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '')

/**
 * A picture of the held-out one's package whose name starts with the held-out name's words and says
 * more (`portraits/kalenz_young.png` beside a held-out `story/characters/kalenz.png`: one portrait on
 * two backgrounds, in another folder, so the variant rule misses it). On the manifest of 2026-11-28
 * this refuses that one source and nothing else.
 */
export function namesake(heldOutPath: string, path: string): boolean {
  const [held, words] = [nameWords(heldOutPath), nameWords(path)]
  return held.join('').length >= MIN_LOOSE_STEM && words.length > held.length && held.every((w, i) => words[i] === w)
}

/**
 * Sources that show a held-out picture under a name no rule ties to it, each found by comparing
 * thumbnails of the manifest with the held-out images (the audit of 2026-11-28): refused by name.
 */
const TWINS: readonly { pkg: string; path: string; shows: string }[] = [
  // Kalenz's portrait on another background.
  {
    pkg: 'wesnoth-1.16-low',
    path: 'usr/share/games/wesnoth/1.16/data/campaigns/Legend_of_Wesmere/images/campaign_image.png',
    shows: 'usr/share/games/wesnoth/1.16/data/campaigns/Legend_of_Wesmere/images/story/characters/kalenz.png'
  }
]

export class HeldOut {
  readonly keys: ReadonlySet<string>
  readonly stems: ReadonlySet<string>
  /** Held-out paths by folder (any package), for the loose sibling rule. */
  readonly byFolder: ReadonlyMap<string, readonly string[]>
  /** Held-out paths by package, for the namesake rule. */
  readonly byPackage: ReadonlyMap<string, readonly string[]>

  constructor(entries: readonly (readonly [pkg: string, path: string])[]) {
    this.keys = new Set(entries.map(([p, f]) => sourceKey(p, f)))
    this.stems = new Set(entries.map(([, f]) => familyStem(f)))
    const byFolder = new Map<string, string[]>()
    for (const [, f] of entries) byFolder.set(folderOf(f), [...(byFolder.get(folderOf(f)) ?? []), f])
    this.byFolder = byFolder
    const byPackage = new Map<string, string[]>()
    for (const [p, f] of entries) byPackage.set(p, [...(byPackage.get(p) ?? []), f])
    this.byPackage = byPackage
  }

  static load(file = HELDOUT_TSV): HeldOut {
    // Without the list nothing could be refused: stop, saying where it is looked for.
    if (!existsSync(file)) {
      throw new Error(
        `the held-out list ${file} is missing: the data scripts refuse the evaluation images it names and cannot run without it. ` +
          'Put heldout-sources.tsv in the shared folder beside the repository (../shared), or name it with PALETTE_HELDOUT_TSV.'
      )
    }
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => line.split('\t'))
      .filter((cols) => cols.length >= 2)
      .map((cols) => [cols[0].trim(), normalisePath(cols[1].trim())] as const)
    if (rows.length === 0) throw new Error(`no held-out sources in ${file}`)
    return new HeldOut(rows)
  }

  /** Why this source may not be used, or null when it may. Decided from the name alone. */
  refuses(
    pkg: string,
    path: string
  ): 'heldout' | 'heldout-sibling' | 'heldout-variant' | 'heldout-namesake' | 'heldout-twin' | null {
    const p = normalisePath(path)
    if (this.keys.has(sourceKey(pkg, p))) return 'heldout'
    if (TWINS.some((t) => t.pkg === pkg && t.path === p && this.keys.has(sourceKey(pkg, t.shows)))) return 'heldout-twin'
    if (this.stems.has(familyStem(p))) return 'heldout-sibling'
    if ((this.byFolder.get(folderOf(p)) ?? []).some((h) => looseSiblings(h, p))) return 'heldout-variant'
    if ((this.byPackage.get(pkg) ?? []).some((h) => namesake(h, p))) return 'heldout-namesake'
    return null
  }
}

const folderOf = (path: string): string => dirname(normalisePath(path)).toLowerCase()

/** Paths are compared relative to the package root, without a leading slash or `./`. */
function normalisePath(path: string): string {
  return path.replace(/^\.?\/+/, '')
}
