// Train/val/test is decided per SOURCE image from a hash of its package and path, so every crop
// of one image lands in the same split and the split never changes when sources are added.
import { createHash } from 'node:crypto'
import { sourceKey } from './heldout'

export const SPLITS = ['train', 'val', 'test'] as const
export type Split = (typeof SPLITS)[number]

/** A stable 12-hex-digit id of a source. */
export function sourceId(pkg: string, path: string): string {
  return createHash('sha1').update(sourceKey(pkg, path)).digest('hex').slice(0, 12)
}

/** 80 % train, 10 % val, 10 % test. */
export function splitOf(pkg: string, path: string): Split {
  const h = createHash('sha256').update(`split:${sourceKey(pkg, path)}`).digest()
  const u = h.readUInt32BE(0) / 2 ** 32
  return u < 0.8 ? 'train' : u < 0.9 ? 'val' : 'test'
}
