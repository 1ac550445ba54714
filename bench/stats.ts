// Small timing helpers: a warm-up, then the median of several runs.

/**
 * Times several contenders in turns (a, b, c, a, b, c, ...) after one warm-up each, and returns
 * each one's median. Taking turns matters on a shared machine: load that comes and goes then
 * slows every contender alike instead of whichever happened to run at the time.
 */
export async function timeInTurns<K extends string>(runs: number, contenders: Record<K, () => Promise<unknown>>): Promise<Record<K, number>> {
  const names = Object.keys(contenders) as K[]
  // Warm-up: first-call costs (JIT, caches, lazy sessions) are cold start, measured apart.
  for (const name of names) await contenders[name]()
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      const t0 = performance.now()
      await contenders[name]()
      times[name].push(performance.now() - t0)
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(times[n])])) as Record<K, number>
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Median of each named stage over several results' timing tables. */
export function medianStages(tables: Record<string, number>[]): Record<string, number> {
  const names = new Set(tables.flatMap((t) => Object.keys(t)))
  return Object.fromEntries([...names].map((n) => [n, median(tables.map((t) => t[n] ?? 0))]))
}

export const ms = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(0))
