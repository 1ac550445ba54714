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
  /** Spawn to the first palette printed, models included. */
  coldStartMs: number
  /** CPU time of the process from its start to the first palette: what load cannot inflate. */
  coldStartCpuMs: number
  /** The first palette's own time inside the process (cold caches, code not yet optimised). */
  firstPaletteMs: number
  peakRssMB: number
  /** Palettes made: the corpus images one by one, then a folder of frames at the engine's concurrency. */
  palettes: number
}

/** Spawns the probe on `files`, then on the folder `frames`. */
export function runProbe(probe: string, method: string, files: string[], frames: string, frameCount: number): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [probe, method, frames, ...files], { stdio: ['ignore', 'pipe', 'inherit'] })
    const result: ProbeResult = { coldStartMs: NaN, coldStartCpuMs: NaN, firstPaletteMs: NaN, peakRssMB: NaN, palettes: 0 }
    let buffer = ''
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      let nl: number
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffer.slice(0, nl)) as { file?: string; ms?: number; cpuMs?: number; peakRssMB?: number }
        buffer = buffer.slice(nl + 1)
        if (line.file !== undefined && result.palettes++ === 0) {
          result.coldStartMs = performance.now() - t0
          result.firstPaletteMs = line.ms ?? NaN
          result.coldStartCpuMs = line.cpuMs ?? NaN
        }
        if (line.peakRssMB !== undefined) result.peakRssMB = line.peakRssMB
      }
    })
    child.on('error', reject)
    child.on('close', (code) => {
      result.palettes += frameCount
      if (code === 0) resolve(result)
      else reject(new Error(`probe exited ${code}`))
    })
  })
}
