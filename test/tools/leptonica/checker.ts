// Runs the Leptonica checker (checker.c, linked against Debian's libleptonica-dev) so
// tests can compare our median cut and area-map scaling with the library itself.
// It is compiled on first use into node_modules/.cache; without libleptonica the
// build fails loudly, because a skipped agreement test would hide a broken ground truth.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const SOURCE = resolve(import.meta.dirname, 'checker.c')
const CACHE_DIR = resolve(import.meta.dirname, '../../../node_modules/.cache/palette-studio')

export interface LeptonicaEntry {
  rgb: [number, number, number]
  count: number
}

/** Compiles the checker once per source version and returns the binary's path. */
export function checkerPath(): string {
  const source = readFileSync(SOURCE)
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12)
  const binary = join(CACHE_DIR, `leptonica-checker-${hash}`)
  if (existsSync(binary)) return binary
  mkdirSync(CACHE_DIR, { recursive: true })
  try {
    execFileSync('gcc', ['-O2', '-o', binary, SOURCE, '-llept'], { stdio: 'pipe' })
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err)
    throw new Error(
      'Cannot build the Leptonica checker (test/tools/leptonica/checker.c). ' +
        'Install gcc and Leptonica 1.82 (Debian/Ubuntu: apt-get install gcc libleptonica-dev).\n' +
        stderr
    )
  }
  return binary
}

/** Leptonica's median-cut colormap (index order, with pixel counts) for each PNG file. */
export function leptonicaMedianCut(files: readonly string[]): Map<string, LeptonicaEntry[]> {
  const out = execFileSync(checkerPath(), ['mc', ...files], { encoding: 'utf8', timeout: 60_000 })
  const result = new Map<string, LeptonicaEntry[]>()
  let current: LeptonicaEntry[] = []
  for (const line of out.split('\n')) {
    if (line.startsWith('file ')) result.set(line.slice(5), (current = []))
    else if (/^\d+ \d+ \d+ \d+$/.test(line)) {
      const [r, g, b, count] = line.split(' ').map(Number) as [number, number, number, number]
      current.push({ rgb: [r, g, b], count })
    }
  }
  return result
}

/** Leptonica's pixScaleAreaMap(pix, sx, sy) of a PNG file, as packed RGB. */
export function leptonicaScaleAreaMap(
  file: string,
  sx: number,
  sy: number,
  workDir: string
): { width: number; height: number; rgb: Uint8Array } {
  const out = join(workDir, 'leptonica-scaled.rgb')
  // Nine significant digits give back the same float32 when C parses them.
  const args = ['scale', file, Math.fround(sx).toPrecision(9), Math.fround(sy).toPrecision(9), out]
  const [width, height] = execFileSync(checkerPath(), args, { encoding: 'utf8' }).trim().split(' ').map(Number)
  return { width: width!, height: height!, rgb: new Uint8Array(readFileSync(out)) }
}
