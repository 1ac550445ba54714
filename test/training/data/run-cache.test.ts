// training/data/run-cache.sh, the background way to build the cache, must run every pass that
// `npm run data` runs: the shipped split generator needs pass 3's fine histograms.
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const REPO = resolve(__dirname, '..', '..', '..')
const work = mkdtempSync(join(tmpdir(), 'run-cache-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** The passes the script starts, in order, with npx and sleep replaced by stand-ins that only log. */
function passesOfRunCache(): string[] {
  mkdirSync(join(work, 'training', 'data'), { recursive: true })
  const script = join(work, 'training', 'data', 'run-cache.sh')
  copyFileSync(join(REPO, 'training', 'data', 'run-cache.sh'), script)
  const bin = join(work, 'bin')
  mkdirSync(bin)
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\necho "$2" >> ${join(work, 'calls')}\n`)
  writeFileSync(join(bin, 'sleep'), '#!/bin/sh\n')
  for (const f of ['npx', 'sleep']) chmodSync(join(bin, f), 0o755)
  // --worker runs the passes in the foreground (without it the script detaches itself).
  execFileSync('bash', [script, '--worker'], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } })
  return readFileSync(join(work, 'calls'), 'utf8').trim().split('\n')
}

describe('training/data/run-cache.sh', () => {
  it("runs every pass of npm run data's, the fine histograms after the others", () => {
    const data = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts.data as string
    const passes = [...data.matchAll(/training\/data\/build-[\w-]+\.ts/g)].map((m) => m[0])
    expect(passes).toContain('training/data/build-hist32.ts')
    const calls = passesOfRunCache()
    // Passes 1 and 2 run side by side, so only the set of passes and the last one are fixed.
    expect([...new Set(calls)].sort()).toEqual([...passes].sort())
    expect(calls.at(-1)).toBe('training/data/build-hist32.ts')
  })
})
