import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSession, providerInstalled, providersFor, SessionPool, type ModelSession } from '../../../src/main/engine/onnx-session'

const AGENT = resolve(__dirname, '..', '..', '..', 'resources', 'models', 'agent.onnx')
const opened: ModelSession[] = []
afterEach(async () => {
  for (const s of opened.splice(0)) await s.session.release()
})

describe('ONNX Runtime sessions', () => {
  it('tries the platform’s GPU providers first and the CPU last', () => {
    expect(providersFor('auto', 'win32')).toEqual(['dml', 'cpu'])
    expect(providersFor('auto', 'darwin')).toEqual(['coreml', 'cpu'])
    expect(providersFor('auto', 'linux')).toEqual(['webgpu', 'cuda', 'cpu'])
    expect(providersFor('cpu', 'linux')).toEqual(['cpu'])
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
    try {
      const [a, b] = await Promise.all([pool.get(AGENT), pool.get(AGENT)])
      expect(a).toBe(b)
      const missing = join(__dirname, 'no-such-model.onnx')
      await expect(pool.get(missing)).rejects.toThrow()
      await expect(pool.get(missing)).rejects.toThrow()
    } finally {
      await pool.release()
    }
  })
})
