// After `electron-vite build`: the sandboxed preload may require nothing but 'electron' (a
// sandboxed renderer's preload has no Node module loader), and every process has its bundle.
import { existsSync, readdirSync, readFileSync } from 'node:fs'

const preload = readFileSync('out/preload/index.js', 'utf8')
const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])
const foreign = required.filter((name) => name !== 'electron')
if (foreign.length > 0) {
  console.error(`out/preload/index.js requires ${foreign.join(', ')}: a sandboxed preload may only require 'electron'.`)
  process.exit(1)
}
// Native image and model code runs only in the engine's utility process, so a crash there cannot
// take the window down: the main process's own bundle must not load it.
const mainRequires = [...readFileSync('out/main/index.js', 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])
const native = mainRequires.filter((name) => name === 'sharp' || name === 'onnxruntime-node')
if (native.length > 0) {
  console.error(`out/main/index.js requires ${native.join(', ')}: native code belongs in the engine process.`)
  process.exit(1)
}
const missing = ['out/main/index.js', 'out/renderer/index.html'].filter((path) => !existsSync(path))
if (!readdirSync('out/main').some((name) => name.startsWith('engine-host'))) missing.push('out/main/engine-host-*.js')
if (missing.length > 0) {
  console.error(`electron-vite build did not produce ${missing.join(', ')}`)
  process.exit(1)
}
console.log('bundles ok: main (no native engine code), engine host, preload (requires only electron), renderer')
