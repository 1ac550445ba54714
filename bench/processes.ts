// Cold start and peak memory are properties of a whole engine process, so they are measured on a
// fresh child process running the engine bundled the way the app ships it.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

export async function bundleProbe(outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true })
  const outfile = join(outDir, 'engine-probe.cjs')
  await build({
    entryPoints: [join(__dirname, 'engine-probe.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['sharp', 'onnxruntime-node'],
    logLevel: 'error'
  })
  return outfile
}

export interface ProbeResult {
  coldStartMs: number
  peakRssMB: number
  palettes: number
}

/** Spawns the probe; cold start = spawn to the first palette printed, models included. */
export function runProbe(probe: string, method: string, files: string[]): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [probe, method, ...files], { stdio: ['ignore', 'pipe', 'inherit'] })
    let coldStartMs = NaN
    let peakRssMB = NaN
    let palettes = 0
    let buffer = ''
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      let nl: number
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffer.slice(0, nl)) as { file?: string; peakRssMB?: number }
        buffer = buffer.slice(nl + 1)
        if (line.file !== undefined && palettes++ === 0) coldStartMs = performance.now() - t0
        if (line.peakRssMB !== undefined) peakRssMB = line.peakRssMB
      }
    })
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve({ coldStartMs, peakRssMB, palettes }) : reject(new Error(`probe exited ${code}`))))
  })
}
