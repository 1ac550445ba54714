// The committed source manifest, training/manifest/sources.tsv: one row per source image.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Split } from './split'

export const REPO = join(import.meta.dirname, '..', '..')
export const WORK_DIR = join(REPO, 'training', '.work')
export const DEBS_DIR = join(WORK_DIR, 'debs')
export const MANIFEST = join(REPO, 'training', 'manifest', 'sources.tsv')

export interface SourceRow {
  id: string
  package: string
  version: string
  /** Path inside the package, relative to its root (as in /work/shared/heldout-sources.tsv). */
  path: string
  licence: string
  split: Split
  /** sha256 of the image file. */
  sha256: string
  width: number
  height: number
}

const COLUMNS = ['id', 'package', 'version', 'path', 'licence', 'split', 'sha256', 'width', 'height'] as const

export function writeManifest(file: string, rows: readonly SourceRow[]): void {
  const clean = (v: string | number): string => String(v).replace(/[\t\n]/g, ' ')
  const lines = rows.map((r) => COLUMNS.map((c) => clean(r[c])).join('\t'))
  writeFileSync(file, [COLUMNS.join('\t'), ...lines].join('\n') + '\n')
}

export function readManifest(file = MANIFEST): SourceRow[] {
  const [header, ...lines] = readFileSync(file, 'utf8').split('\n').filter(Boolean)
  if (header !== COLUMNS.join('\t')) throw new Error(`unexpected manifest header in ${file}`)
  return lines.map((line) => {
    const v = line.split('\t')
    return {
      id: v[0], package: v[1], version: v[2], path: v[3], licence: v[4], split: v[5] as Split,
      sha256: v[6], width: Number(v[7]), height: Number(v[8])
    }
  })
}
