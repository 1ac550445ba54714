// npm 11 does not run dependencies' install scripts unless they are approved, so Electron's
// binary may be missing after `npm install`. Fetch it on first `npm start` (needs internet).
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { ensureElectron } from './electron-binary.mjs'

const require = createRequire(import.meta.url)
const problem = ensureElectron(dirname(require.resolve('electron/package.json')))
if (problem) {
  console.error(problem)
  process.exit(1)
}
