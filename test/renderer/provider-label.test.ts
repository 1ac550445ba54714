import { describe, expect, it } from 'vitest'
import { providerLabel } from '../../src/renderer/src/lib/provider-label'

describe('the provider a palette ran on, as the status line says it', () => {
  it('names one provider as a designer knows it', () => {
    expect(providerLabel('cpu')).toBe('CPU')
    expect(providerLabel('webgpu')).toBe('WebGPU')
    expect(providerLabel('dml')).toBe('DirectML')
  })

  it('groups a mixed report by provider, the GPU first (the engine’s own report, recorded on an H100)', () => {
    expect(providerLabel('generator:cpu+agent:cpu+backbone:webgpu')).toBe('WebGPU (backbone), CPU (generator, agent)')
  })
})
