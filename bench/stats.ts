// Small timing helpers: a warm-up, then the median of several runs.

interface TurnTimes<K extends string> {
  /** Median wall-clock ms of each contender. */
  wall: Record<K, number>
  /**
   * Median CPU ms of the whole process (every thread, libvips' and libuv's too) while each ran.
   * Waiting for a core is not counted, so on a loaded machine this is the steadier comparison.
   */
  cpu: Record<K, number>
}

/**
 * Times several contenders in turns (a, b, c, b, c, a, ...) after one warm-up each, and returns
 * each one's medians. Taking turns matters on a shared machine: load that comes and goes then
 * slows every contender alike instead of whichever happened to run at the time.
 */
export async function timeInTurns<K extends string>(runs: number, contenders: Record<K, () => Promise<unknown>>): Promise<TurnTimes<K>> {
  const names = Object.keys(contenders) as K[]
  // Warm-up: first-call costs (JIT, caches, lazy sessions) are cold start, measured apart.
  for (const name of names) await contenders[name]()
  const wall = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>
  const cpu = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>
  for (let i = 0; i < runs; i++) {
    for (const name of turnOrder(names, i)) {
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      await contenders[name]()
      wall[name].push(performance.now() - t0)
      const used = process.cpuUsage(c0)
      cpu[name].push((used.user + used.system) / 1000)
    }
  }
  const medians = (t: Record<K, number[]>): Record<K, number> => Object.fromEntries(names.map((n) => [n, median(t[n])])) as Record<K, number>
  return { wall: medians(wall), cpu: medians(cpu) }
}

/**
 * Round `round`'s order: a row of a Williams design (a balanced Latin square). Over n rounds (2n
 * for an odd n, the second n running the first n's orders backwards) each contender runs equally
 * often in each place and, within a round, right after each other contender equally often. So no
 * contender always follows the same one: a peer that leaves the garbage collector busy would
 * otherwise slow whoever comes next, every time. (A plain rotation keeps each one's predecessor;
 * one run backwards on alternate rounds can put a contender in only half the places.)
 */
function turnOrder<T>(names: readonly T[], round: number): T[] {
  const n = names.length
  // The design's first row of indices: 0, 1, n−1, 2, n−2, …; each round adds its number to them.
  const row = names.map((_, j) => ((j % 2 ? (j + 1) / 2 : n - j / 2) + round) % n)
  if (Math.floor(round / n) % 2 === 1) row.reverse()
  return row.map((index) => names[index])
}

function median(values: number[]): number {
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
