import { describe, expect, it } from 'vitest'
import { fallbackNote, providerLabel } from '../../src/shared/provider-label'

describe('the provider a palette ran on, as the status line and the CLI say it', () => {
  it('names one provider as a designer knows it', () => {
    expect(providerLabel('cpu')).toBe('CPU')
    expect(providerLabel('webgpu')).toBe('WebGPU')
    expect(providerLabel('dml')).toBe('DirectML')
  })

  it('groups a mixed report by provider, the GPU first (the engine’s own report, recorded on an H100)', () => {
    expect(providerLabel('generator:cpu+agent:cpu+backbone:webgpu')).toBe('WebGPU (backbone), CPU (generator, agent)')
  })

  it('says why the GPU did not run it, each provider tried by its name', () => {
    expect(fallbackNote([{ provider: 'webgpu', error: 'No WebGPU adapter was found.' }])).toBe('WebGPU failed: No WebGPU adapter was found.')
    expect(fallbackNote([{ provider: 'cuda', error: 'no libcudart' }, { provider: 'webgpu', error: 'device lost' }])).toBe('CUDA failed: no libcudart; WebGPU failed: device lost')
  })
})
