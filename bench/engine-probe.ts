// Runs in a fresh process, bundled like the app's engine process: prints one JSON line per
// palette, so the parent can time the cold start (process start to first palette), then works
// through a folder of frames at the engine's own concurrency, as the app does with a folder, and
// at the end prints the process's peak resident memory.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { extractPalette } from '../src/main/engine'
import { defaultConcurrency } from '../src/main/engine'
import type { Method } from '../src/shared/palette'

const say = (line: object): boolean => process.stdout.write(JSON.stringify(line) + '\n')

async function main(): Promise<void> {
  const [method, frames, ...files] = process.argv.slice(2) as [Method, string, ...string[]]
  for (const file of files) {
    const result = await extractPalette(file, { method })
    // performance.now() counts from process start, so this is the cold start seen from inside.
    const cpu = process.cpuUsage() // since process start: boot, module loading and the palettes so far
    say({ file, ms: result.timings.total, timings: result.timings, provider: result.provider, sinceStartMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000 })
  }
  const queue = readdirSync(frames).map((f) => join(frames, f))
  await Promise.all(
    Array.from({ length: defaultConcurrency() }, async () => {
      for (let file = queue.shift(); file; file = queue.shift()) await extractPalette(file, { method })
    })
  )
  say({ peakRssMB: peakRssMB() })
}

/**
 * Peak resident memory of this process in MB. On Linux from VmHWM: getrusage's maxRSS survives
 * exec, so a child of a big parent (the bench, after Color Thief and node-vibrant) reports the
 * parent's peak instead of its own; VmHWM belongs to the new address space alone.
 */
function peakRssMB(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    if (hwm) return Number(hwm[1]) / 1024
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS / 1024 // kilobytes
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
