// Which execution provider ran a palette, in a designer's words (the app's status bar, the CLI).
// The engine reports one provider ('cpu', 'webgpu') or, when the models ran on different ones,
// each model's ('generator:cpu+agent:cpu+backbone:webgpu'): grouped here by provider, the GPU first.

const NAMES: Record<string, string> = { cpu: 'CPU', webgpu: 'WebGPU', cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML' }

const nameOf = (provider: string): string => NAMES[provider] ?? provider

/** 'WebGPU (backbone), CPU (generator, agent)' for a mixed report; 'CPU' for 'cpu'. */
export function providerLabel(report: string): string {
  if (!report.includes(':')) return nameOf(report)
  const models = new Map<string, string[]>()
  for (const part of report.split('+')) {
    const [model, provider] = part.split(':')
    models.set(provider, [...(models.get(provider) ?? []), model])
  }
  // The CPU is the fallback and the rest's home: named last.
  const order = [...models.keys()].sort((a, b) => Number(a === 'cpu') - Number(b === 'cpu'))
  return order.map((p) => `${nameOf(p)} (${models.get(p)!.join(', ')})`).join(', ')
}

/** Why the GPU providers tried did not run a palette: 'WebGPU failed: No WebGPU adapter was found.' */
export function fallbackNote(fallbacks: readonly { provider: string; error: string }[]): string {
  return fallbacks.map((f) => `${nameOf(f.provider)} failed: ${f.error}`).join('; ')
}
