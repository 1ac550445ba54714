// Small timing helpers: a warm-up, then the median of several runs.

export async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn() // warm-up: first-call costs (JIT, caches, lazy sessions) are cold start, measured apart
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  return median(times)
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

export const ms = (v: number | undefined): string => (v === undefined ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(0))
