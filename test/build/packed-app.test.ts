// What the installers ship: electron-builder packages the built app (npm run test:build builds
// out/ first) for Linux into a folder, from a stand-in Electron (it cannot be downloaded here),
// and app.asar is read back. electron-builder.yml's file patterns are easy to get wrong silently:
// a platform list of exclusions only once packed the whole repository, tests and all.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '../..')
const require = createRequire(import.meta.url)
const { listPackage } = require('@electron/asar') as { listPackage(archive: string, options: { isPack: boolean }): string[] }

const LICENCE = /^(licen[cs]e|copying|notice)/i
let dir: string
let resources: string
let entries: string[]

/**
 * An unpacked Electron with only what electron-builder touches: the binary, which must hold the
 * fuse wire it flips (sentinel, version 1, eight fuses), and the files it copies beside it.
 */
async function fakeElectron(at: string): Promise<void> {
  await mkdir(join(at, 'locales'), { recursive: true })
  await mkdir(join(at, 'resources'))
  await writeFile(join(at, 'electron'), '#!/bin/sh\n#dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX\x01\x0810011000\n', { mode: 0o755 })
  await writeFile(join(at, 'LICENSE'), 'x')
  await writeFile(join(at, 'LICENSES.chromium.html'), 'x')
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out/main/index.js'))) throw new Error('No built app in out/: run `npx electron-vite build` first (npm run test:build does).')
  dir = await mkdtemp(join(tmpdir(), 'packed-app-'))
  await fakeElectron(join(dir, 'electron'))
  const cli = join(ROOT, 'node_modules/electron-builder/cli.js')
  const args = ['--linux', 'dir', '--x64', `-c.electronDist=${join(dir, 'electron')}`, `-c.directories.output=${join(dir, 'dist')}`]
  execFileSync(process.execPath, [cli, ...args], { cwd: ROOT, stdio: 'pipe' })
  resources = join(dir, 'dist/linux-unpacked/resources')
  entries = listPackage(join(resources, 'app.asar'), { isPack: false }).map((entry) => entry.slice(1))
}, 180_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

/** The folders of the packages packed, as paths inside the app ("node_modules/@img/colour"). */
function packedPackages(): string[] {
  return entries.flatMap((entry) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(entry)?.[1] ?? [])
}

describe('the packed app', () => {
  it('holds the built app, package.json and the production dependencies, and nothing else of the project', () => {
    const top = new Set(entries.map((entry) => entry.split('/')[0]))
    for (const source of ['src', 'test', 'training', 'bench', 'eval', 'docs', 'scripts', '.ci', 'test-results', '.npmrc', 'build']) {
      expect(top, source).not.toContain(source)
    }
    expect([...top].sort()).toEqual(['node_modules', 'out', 'package.json', 'resources'])
    expect(entries).toEqual(expect.arrayContaining(['out/main/index.js', 'out/renderer/index.html', 'out/preload/index.js']))
    const packages = packedPackages()
    expect(packages).toEqual(expect.arrayContaining(['node_modules/sharp', 'node_modules/onnxruntime-node', 'node_modules/zod', 'node_modules/culori']))
    for (const dev of ['node_modules/vitest', 'node_modules/electron', 'node_modules/electron-builder', 'node_modules/svelte']) {
      expect(packages, dev).not.toContain(dev)
    }
  })

  it("leaves out other systems' and other archs' onnxruntime binaries, and source maps", () => {
    const bins = entries.filter((entry) => entry.startsWith('node_modules/onnxruntime-node/bin/'))
    expect(bins.some((entry) => entry.includes('/linux/x64/'))).toBe(true)
    expect(bins.filter((entry) => /\/(darwin|win32)(\/|$)/.test(entry))).toEqual([])
    expect(bins.filter((entry) => /\/linux\/(?!x64(\/|$))/.test(entry))).toEqual([]) // packed for x64
    expect(entries.filter((entry) => entry.endsWith('.map'))).toEqual([])
  })

  it("keeps every dependency's licence files, whatever their extension", () => {
    const packages = packedPackages()
    const licences = packages.flatMap((pkg) => readdirSync(join(ROOT, pkg)).filter((name) => LICENCE.test(name)).map((name) => `${pkg}/${name}`))
    expect(licences).toContain('node_modules/@img/colour/LICENSE.md')
    expect(licences.filter((file) => !entries.includes(file))).toEqual([])
    // Unpacked (native code), so it must be on disk beside the asar, not only listed in it.
    expect(existsSync(join(resources, 'app.asar.unpacked/node_modules/@img/colour/LICENSE.md'))).toBe(true)
  })

  it('keeps the README of the prebuilt libvips, the only place that states its libraries’ licences (LGPL)', () => {
    const libvips = packedPackages().filter((pkg) => /^node_modules\/@img\/sharp-libvips-/.test(pkg))
    expect(libvips).not.toEqual([])
    for (const pkg of libvips) {
      expect(readFileSync(join(resources, 'app.asar.unpacked', pkg, 'README.md'), 'utf8')).toMatch(/libvips\s*\|\s*LGPLv3/)
    }
  })
})
