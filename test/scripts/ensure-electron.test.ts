// scripts/ensure-electron.mjs (npm start's prestart) fetches Electron's binary (scripts/electron-binary.mjs), which npm 11 no
// longer fetches at install. Run in a child Node against a stand-in electron package whose
// install.js behaves as Electron's does when ELECTRON_SKIP_BINARY_DOWNLOAD is set: exit 0, no binary.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const SCRIPT = pathToFileURL(join(import.meta.dirname, '../../scripts/electron-binary.mjs')).href
let electronDir: string

beforeEach(async () => {
  electronDir = await mkdtemp(join(tmpdir(), 'electron-'))
  await writeFile(join(electronDir, 'install.js'), "if (!process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) require('fs').writeFileSync(__dirname + '/path.txt', 'electron')\n")
})
afterEach(() => rm(electronDir, { recursive: true, force: true }))

/** ensureElectron() on the stand-in, with these variables added to the environment. */
function ensure(env: Record<string, string>): { problem: unknown; stdout: string } {
  const code = `import { ensureElectron } from ${JSON.stringify(SCRIPT)}; console.log(JSON.stringify(ensureElectron(${JSON.stringify(electronDir)}, process.env)))`
  const childEnv = { ...process.env, ...env }
  if (!('ELECTRON_SKIP_BINARY_DOWNLOAD' in env)) delete childEnv['ELECTRON_SKIP_BINARY_DOWNLOAD']
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: childEnv })
  const lines = r.stdout.trim().split('\n')
  return { problem: JSON.parse(lines.at(-1) ?? 'null'), stdout: r.stdout }
}

describe('ensure-electron (npm start)', () => {
  it('fetches the binary when it is missing, and is then done', () => {
    expect(ensure({}).problem).toBeNull()
    expect(ensure({}).stdout).not.toContain('Downloading')
  })

  it('says to unset ELECTRON_SKIP_BINARY_DOWNLOAD when that kept the binary from being fetched', () => {
    expect(ensure({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }).problem).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set.*Unset it/)
  })
})
