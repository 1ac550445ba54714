// The arguments of `npm run eval`, checked before any work starts.
import { parseArgs } from 'node:util'
import { parsing, positiveInteger, UsageError } from '../bench/script'
import { SPLITS, type Split } from '../training/data/split'

export const EVAL_USAGE = `usage: npm run eval -- [--split ${SPLITS.join('|')}] [--limit N]   (defaults: test, 1000 crops)`

export function parseEvalArgs(args: string[]): { split: Split; limit: number } {
  const { values, positionals } = parsing(() =>
    parseArgs({ args, allowPositionals: true, options: { split: { type: 'string', default: 'test' }, limit: { type: 'string', default: '1000' } } })
  )
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`)
  const split = values.split
  if (!(SPLITS as readonly string[]).includes(split)) throw new UsageError(`--split must be one of ${SPLITS.join(', ')}, not "${split}"`)
  return { split: split as Split, limit: positiveInteger('limit', values.limit) }
}
