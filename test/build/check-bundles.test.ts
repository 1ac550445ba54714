// build/check-bundles.mjs on a built tree made here: what it lets through and what it refuses.
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const SCRIPT = join(import.meta.dirname, '../../build/check-bundles.mjs')
const dirs: string[] = []
afterEach(() => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))))

/** A built tree whose main chunk `chunk` requires `native`; the check's exit code and what it printed. */
async function check(native: string): Promise<{ status: number; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'bundles-'))
  dirs.push(dir)
  const files: Record<string, string> = {
    'out/preload/index.js': 'require("electron")',
    'out/main/index.js': 'require("electron"); Promise.resolve().then(() => require("./chunks/colours.js"))',
    'out/main/chunks/colours.js': 'require("./palette.js")',
    'out/main/chunks/palette.js': `require("${native}")`,
    'out/main/engine-host-1.js': 'require("sharp")',
    'out/renderer/index.html': '<!doctype html>'
  }
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), text)
  }
  try {
    return { status: 0, output: execFileSync(process.execPath, [SCRIPT], { cwd: dir, encoding: 'utf8', stdio: 'pipe' }) }
  } catch (error) {
    const failed = error as { status: number; stderr: string }
    return { status: failed.status, output: failed.stderr }
  }
}

describe('check-bundles', () => {
  it('lets the engine host load native code, and the main process chunks without it', async () => {
    expect(await check('node:path')).toEqual({ status: 0, output: expect.stringMatching(/^bundles ok/) })
  })

  it('refuses native code in a chunk the main process loads, however deep, naming the chunk', async () => {
    const { status, output } = await check('onnxruntime-node')
    expect(status).toBe(1)
    expect(output).toContain(`${join('out/main/chunks/palette.js')} requires onnxruntime-node`)
  })
})
