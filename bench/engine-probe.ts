// Runs in a fresh process, bundled like the app's engine process: prints one JSON line per
// palette, so the parent can time the cold start (process start to first palette) and, at
// the end, the process's peak resident memory.
import { extractPalette } from '../src/main/engine'
import type { Method } from '../src/shared/palette'

async function main(): Promise<void> {
  const [method, ...files] = process.argv.slice(2)
  for (const file of files) {
    const result = await extractPalette(file, { method: method as Method })
    process.stdout.write(JSON.stringify({ file, ms: result.timings.total, provider: result.provider }) + '\n')
  }
  // maxRSS is in kilobytes.
  process.stdout.write(JSON.stringify({ peakRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
