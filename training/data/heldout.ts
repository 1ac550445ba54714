// The held-out evaluation images (../shared/heldout-sources.tsv) must never be read for training,
// validation or tuning. `HeldOut.refuses` is asked with a package and a path BEFORE the file is opened,
// so a held-out image is never decoded, hashed or even stat'ed by the data pipeline.
import { existsSync, readFileSync } from 'node:fs'
import { basename, extname, join } from 'node:path'

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
  stem = stem.replace(/[-_](l|d|light|dark|day|night|morning|evening|blur(red)?|lock|login)$/, '')
  // A name that says nothing (a bare size or number) belongs to its folder.
  if (/^\d*$/.test(stem) && parts.length > 1) return parts[parts.length - 2]
  return stem
}

export class HeldOut {
  readonly keys: ReadonlySet<string>
  readonly stems: ReadonlySet<string>

  constructor(entries: readonly (readonly [pkg: string, path: string])[]) {
    this.keys = new Set(entries.map(([p, f]) => sourceKey(p, f)))
    this.stems = new Set(entries.map(([, f]) => familyStem(f)))
  }

  static load(file = HELDOUT_TSV): HeldOut {
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
  refuses(pkg: string, path: string): 'heldout' | 'heldout-sibling' | null {
    const p = normalisePath(path)
    if (this.keys.has(sourceKey(pkg, p))) return 'heldout'
    if (this.stems.has(familyStem(p))) return 'heldout-sibling'
    return null
  }
}

/** Paths are compared relative to the package root, without a leading slash or `./`. */
export function normalisePath(path: string): string {
  return path.replace(/^\.?\/+/, '')
}
