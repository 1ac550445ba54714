// Layout of the feature cache: training/.work/cache/<split>/shard-XXXX/, each shard a fixed
// run of sources (in manifest order) so the layout is the same on every run and resumable.
import { appendFileSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { WORK_DIR, type SourceRow } from './manifest'
import type { Split } from './split'

export const CACHE_DIR = process.env.PALETTE_CACHE_DIR ?? join(WORK_DIR, 'cache')
const PROGRESS_LOG = join(CACHE_DIR, 'progress.log')
export const SEED = 20261126
const SHARD_CROPS = 1000
export const DONE_MARK = 'DONE'

export interface Shard {
  split: Split
  index: number
  dir: string
  sources: SourceRow[]
}

export function cropsPerSource(sourceCount: number, target = Number(process.env.PALETTE_TARGET_CROPS ?? 50_000)): number {
  return Math.max(1, Math.min(50, Math.ceil(target / sourceCount)))
}

export function planShards(rows: readonly SourceRow[], perSource: number, splits: readonly Split[]): Shard[] {
  const perShard = Math.max(1, Math.floor(SHARD_CROPS / perSource))
  const out: Shard[] = []
  for (const split of splits) {
    const sources = rows.filter((r) => r.split === split)
    for (let i = 0; i * perShard < sources.length; i++) {
      const name = `shard-${String(i).padStart(4, '0')}`
      out.push({ split, index: i, dir: join(CACHE_DIR, split, name), sources: sources.slice(i * perShard, (i + 1) * perShard) })
    }
  }
  return out
}

export function logProgress(line: string): void {
  mkdirSync(CACHE_DIR, { recursive: true })
  const stamped = `${new Date().toISOString()} ${line}`
  appendFileSync(PROGRESS_LOG, stamped + '\n')
  console.error(stamped)
}

export const isDone = (dir: string): boolean => existsSync(join(dir, DONE_MARK))
