import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSession, providerInstalled, providersFor, SessionPool, vulkanDriverInstalled, type ModelSession } from '../../../src/main/engine/onnx-session'

const AGENT = resolve(__dirname, '..', '..', '..', 'resources', 'models', 'agent.onnx')
const opened: ModelSession[] = []
afterEach(async () => {
  for (const s of opened.splice(0)) await s.session.release()
})

describe('ONNX Runtime sessions', () => {
  it('tries the platform’s GPU providers first and the CPU last', () => {
    expect(providersFor('auto', 'win32')).toEqual(['dml', 'cpu'])
    expect(providersFor('auto', 'darwin')).toEqual(['coreml', 'cpu'])
    expect(providersFor('auto', 'linux', true)).toEqual(['webgpu', 'cuda', 'cpu'])
    expect(providersFor('cpu', 'linux')).toEqual(['cpu'])
  })

  it('leaves WebGPU out on Linux without a Vulkan driver (Dawn would print its warnings on every run), keeping CUDA', () => {
    expect(providersFor('auto', 'linux', false)).toEqual(['cuda', 'cpu'])
  })

  it('finds a Vulkan driver by its manifest in the loader’s folders, or where $VK_DRIVER_FILES / $VK_ICD_FILENAMES point', async () => {
    const root = await mkdtemp(join(tmpdir(), 'vulkan-'))
    try {
      const [empty, drivers] = [join(root, 'empty'), join(root, 'icd.d')]
      await mkdir(empty)
      await mkdir(drivers)
      await writeFile(join(drivers, 'nvidia_icd.json'), '{}')
      expect(vulkanDriverInstalled({}, [join(root, 'missing'), empty])).toBe(false)
      expect(vulkanDriverInstalled({}, [empty, drivers])).toBe(true)
      // A variable replaces the folders: it counts only when what it names is there.
      expect(vulkanDriverInstalled({ VK_ICD_FILENAMES: join(drivers, 'nvidia_icd.json') }, [])).toBe(true)
      expect(vulkanDriverInstalled({ VK_DRIVER_FILES: join(root, 'gone.json') }, [drivers])).toBe(false)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('counts no software Vulkan driver (lavapipe, SwiftShader): WebGPU on one still runs on the CPU, after Vulkan warnings on every run', async () => {
    const root = await mkdtemp(join(tmpdir(), 'vulkan-'))
    const manifest = async (name: string, library: string): Promise<string> => {
      const path = join(root, name)
      await writeFile(path, JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: library, api_version: '1.1.230' } }))
      return path
    }
    try {
      // Mesa's lavapipe as Debian installs it (mesa-vulkan-drivers), and SwiftShader as Chromium ships it.
      const lavapipe = await manifest('lvp_icd.x86_64.json', '/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so')
      const swiftshader = await manifest('vk_swiftshader_icd.json', './libvk_swiftshader.so')
      const radeon = await manifest('radeon_icd.x86_64.json', '/usr/lib/x86_64-linux-gnu/libvulkan_radeon.so')
      expect(vulkanDriverInstalled({ VK_ICD_FILENAMES: lavapipe }, [])).toBe(false)
      expect(vulkanDriverInstalled({ VK_DRIVER_FILES: [lavapipe, swiftshader].join(delimiter) }, [])).toBe(false)
      expect(vulkanDriverInstalled({ VK_DRIVER_FILES: [lavapipe, radeon].join(delimiter) }, [])).toBe(true)
      // In the loader's own folders alike.
      const folder = join(root, 'icd.d')
      await mkdir(folder)
      await copyFile(lavapipe, join(folder, 'lvp_icd.x86_64.json'))
      expect(vulkanDriverInstalled({}, [folder])).toBe(false)
      await copyFile(radeon, join(folder, 'radeon_icd.x86_64.json'))
      expect(vulkanDriverInstalled({}, [folder])).toBe(true)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('skips CUDA on a machine where its library was not installed with onnxruntime-node, but not the bundled providers', () => {
    expect(providerInstalled('cuda', '/nonexistent')).toBe(false)
    expect(providerInstalled('webgpu', '/nonexistent')).toBe(true)
    expect(providerInstalled('cpu', '/nonexistent')).toBe(true)
  })

  it('falls back to the CPU when a GPU provider cannot start, and says so', async () => {
    // This build of onnxruntime-node has no CUDA provider, so this fails on every machine.
    const s = await createSession(AGENT, { providers: ['cuda'] })
    opened.push(s)
    expect(s.provider).toBe('cpu')
    expect(s.fallbacks.map((f) => f.provider)).toEqual(['cuda'])
  })

  it('runs on the CPU only when asked to', async () => {
    const s = await createSession(AGENT, { device: 'cpu' })
    opened.push(s)
    expect(s).toMatchObject({ provider: 'cpu', fallbacks: [] })
  })

  it('creates each session once and forgets a model that failed to load', async () => {
    const pool = new SessionPool({ device: 'cpu' })
    const dir = await mkdtemp(join(tmpdir(), 'sessions-'))
    try {
      const [a, b] = await Promise.all([pool.get(AGENT), pool.get(AGENT)])
      expect(a).toBe(b)
      const later = join(dir, 'agent.onnx')
      await expect(pool.get(later)).rejects.toThrow()
      // The model is installed after the failure: the pool tries again instead of replaying it.
      await copyFile(AGENT, later)
      const s = await pool.get(later)
      expect(s.provider).toBe('cpu')
      expect(await pool.get(later)).toBe(s)
    } finally {
      await pool.release()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
