// After `electron-vite build`: the sandboxed preload may require nothing but 'electron' (a
// sandboxed renderer's preload has no Node module loader), and every process has its bundle.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** The modules a bundle file requires (a dynamic import is a require in CommonJS output). */
const requiresOf = (file) => [...readFileSync(file, 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])

/** `entry` and the bundle's own chunks it loads, however deep. */
function loadedBy(entry) {
  const files = new Set()
  const visit = (file) => {
    if (files.has(file)) return
    files.add(file)
    for (const name of requiresOf(file)) if (name.startsWith('.')) visit(join(dirname(file), name))
  }
  visit(entry)
  return [...files]
}

const foreign = requiresOf('out/preload/index.js').filter((name) => name !== 'electron')
if (foreign.length > 0) {
  console.error(`out/preload/index.js requires ${foreign.join(', ')}: a sandboxed preload may only require 'electron'.`)
  process.exit(1)
}
// Native image and model code runs only in the engine's utility process, so a crash there cannot
// take the window down: the main process's own bundle must not load it, nor any chunk it loads.
const native = loadedBy('out/main/index.js').flatMap((file) =>
  requiresOf(file)
    .filter((name) => name === 'sharp' || name === 'onnxruntime-node')
    .map((name) => `${file} requires ${name}`)
)
if (native.length > 0) {
  console.error(`${native.join('; ')}: native code belongs in the engine process, not in what the main process loads.`)
  process.exit(1)
}
const missing = ['out/main/index.js', 'out/renderer/index.html'].filter((path) => !existsSync(path))
if (!readdirSync('out/main').some((name) => name.startsWith('engine-host'))) missing.push('out/main/engine-host-*.js')
if (missing.length > 0) {
  console.error(`electron-vite build did not produce ${missing.join(', ')}`)
  process.exit(1)
}
console.log('bundles ok: main (no native engine code), engine host, preload (requires only electron), renderer')
