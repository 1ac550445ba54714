// electron-builder cannot package here (it downloads Electron), so its configuration is checked
// by reading it: valid against electron-builder's own schema, native modules outside the asar,
// models shipped, every platform targeted, and the fuses that close Electron's back doors.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { IMAGE_EXTENSIONS, IMAGE_TYPES, VIDEO_EXTENSIONS, VIDEO_TYPES } from '../../src/shared/media-types'
import { PROJECT_EXTENSION } from '../../src/main/handlers/project'

const ROOT = join(__dirname, '../..')
const require = createRequire(import.meta.url)
const config = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
// The glob matcher electron-builder matches its file patterns with.
const { minimatch } = createRequire(require.resolve('app-builder-lib/package.json'))('minimatch') as {
  minimatch(path: string, pattern: string, options: { dot: boolean }): boolean
}

/** Whether a platform's files list, with electron-builder's ${arch} filled in, leaves the path out. */
function excluded(platform: string, arch: string, path: string): boolean {
  const exclusions = (config[platform].files as string[]).filter((pattern) => pattern.startsWith('!'))
  return exclusions.some((pattern) => minimatch(path, pattern.slice(1).replaceAll('${arch}', arch), { dot: true }))
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: { add(key: string, value: unknown): void }): Promise<void>
    }
    await expect(validateConfiguration(config, { add: () => {} })).resolves.toBeUndefined()
  })

  it('unpacks the native files of sharp and onnxruntime-node from the asar', () => {
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['**/node_modules/sharp/**', '**/node_modules/@img/**', '**/node_modules/onnxruntime-node/**', '**/*.node'])
    )
  })

  it("ships the app's licence (MIT, as package.json says) in the installed app's resources", () => {
    expect(config.extraResources).toContainEqual({ from: 'LICENSE', to: 'LICENSE' })
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 Palette Studio contributors\n/)
  })

  it('ships resources/models as extra resources, where the app looks for them', () => {
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'resources/models', to: 'models' }))
    expect(existsSync(join(ROOT, 'resources/models'))).toBe(true)
    const main = readFileSync(join(ROOT, 'src/main/index.ts'), 'utf8')
    expect(main).toContain("join(process.resourcesPath, 'models')")
  })

  it('packages the built app (out/) and targets AppImage and deb, NSIS, and dmg', () => {
    expect(config.files).toContain('out/**')
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.mac.target).toEqual(['dmg'])
    for (const icon of [config.linux.icon, config.win.icon, config.mac.icon]) expect(existsSync(join(ROOT, icon)), icon).toBe(true)
    expect(existsSync(join(ROOT, config.mac.entitlements))).toBe(true)
  })

  // Each platform's list is added to the top-level one; a list of exclusions only makes
  // electron-builder pack the whole project (test/build/packed-app.test.ts packs the Linux app).
  it('gives every platform files list something to include, so none of them packs the whole project', () => {
    for (const platform of ['linux', 'win', 'mac']) {
      const files = (config[platform].files ?? ['out/**']) as string[]
      expect(files.some((pattern) => !pattern.startsWith('!')), platform).toBe(true)
    }
  })

  it('sets the fuses: no RunAsNode, no --inspect, only the app asar, with integrity checked', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false
    })
  })

  it('registers boards on every platform, and offers Open With for each photo and film type the app opens', () => {
    const board = config.fileAssociations.find((a: { ext: string }) => a.ext === PROJECT_EXTENSION)
    expect(board).toMatchObject({ mimeType: expect.stringMatching(/^application\/x-/), role: 'Editor' }) // Linux needs the MIME type
    expect(config.nsis.perMachine).toBe(true) // NSIS registers associations only per machine
    expect(config.fileAssociations).toHaveLength(1) // photos stay with the user's own viewer
    expect([...config.linux.mimeTypes].sort()).toEqual([...new Set([...IMAGE_TYPES, ...VIDEO_TYPES].map((t) => t.mime))].sort())
    const macTypes = config.mac.extendInfo.CFBundleDocumentTypes as { LSHandlerRank: string; CFBundleTypeExtensions: string[] }[]
    expect(macTypes.flatMap((t) => t.CFBundleTypeExtensions).sort()).toEqual([...IMAGE_EXTENSIONS, ...VIDEO_EXTENSIONS].sort())
    expect(macTypes.every((t) => t.LSHandlerRank === 'Alternate')).toBe(true)
  })

  it("packs only the target system's and arch's onnxruntime binaries (arm64's are 25 MB an x64 Linux package never loads)", () => {
    const binary = (os: string, arch: string): string => `node_modules/onnxruntime-node/bin/napi-v6/${os}/${arch}/onnxruntime_binding.node`
    for (const [platform, os] of [['linux', 'linux'], ['win', 'win32']]) {
      for (const arch of ['x64', 'arm64']) {
        const other = arch === 'x64' ? 'arm64' : 'x64'
        expect(excluded(platform, arch, binary(os, arch)), `${platform} ${arch}`).toBe(false)
        expect(excluded(platform, arch, binary(os, other)), `${platform} ${arch} leaves out ${other}`).toBe(true)
        expect(excluded(platform, arch, binary('darwin', arch)), `${platform} ${arch} leaves out darwin`).toBe(true)
      }
    }
  })

  it('does not rebuild the N-API modules against Electron headers (that would need a download)', () => {
    expect(config.npmRebuild).toBe(false)
  })
})

// electron-builder reads these from package.json, not from electron-builder.yml.
describe('package.json, as electron-builder reads it', () => {
  it('gives the deb the maintainer (author with an email) and homepage it refuses to build without', () => {
    expect(pkg.author).toMatchObject({ name: 'Palette Studio maintainers', email: expect.stringMatching(/^[^@\s]+@[^@\s]+\.[a-z]+$/) })
    expect(pkg.homepage).toMatch(/^(https:\/\/|mailto:)\S+$/)
  })

  it('names the app Palette Studio, and its window after the launcher the Linux packages install', () => {
    expect(pkg.productName).toBe('Palette Studio') // app.name: the macOS app menu (src/main/menu.ts)
    expect(config.productName).toBeUndefined() // one name, package.json's
    // Electron gives the window desktopName as its Wayland app_id; syncDesktopName names the
    // launcher (and its StartupWMClass) after it.
    expect(pkg.desktopName).toBe(`${pkg.name}.desktop`)
    expect(config.linux.syncDesktopName).toBe(true)
  })
})
