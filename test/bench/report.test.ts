import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { GpuBenchResult } from '../../bench/gpu'
import { renderGpu } from '../../bench/report'
import type { BenchResult } from '../../bench/run'

const shipped = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'benchmarks-gpu.json'), 'utf8')) as GpuBenchResult
const cpuRun = { machine: { cores: 2 }, rows: [] } as unknown as BenchResult
const runLine = (g: GpuBenchResult): string | undefined => renderGpu(g, cpuRun).find((l) => l.startsWith('Run with'))

describe('the GPU run in docs/benchmarks.md', () => {
  it('names the commit that was measured', () => {
    expect(runLine({ ...shipped, commit: '0123456789abcdef0123456789abcdef01234567' })).toContain('UTC, commit `0123456789abcdef0123456789abcdef01234567`: NVIDIA')
    expect(runLine({ ...shipped, commit: 'abc-dirty' })).toContain('commit `abc` with uncommitted changes in src/ or bench/')
  })

  it('says so when the run did not record one, as the first GPU run did not', () => {
    expect(runLine({ ...shipped, commit: undefined })).toContain('commit not recorded')
  })

  it('names the shipped run’s own commit', () => {
    expect(shipped.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(runLine(shipped)).toContain(`commit \`${shipped.commit}\``)
  })
})
