// npm 11 does not run dependencies' install scripts unless they are approved, so Electron's
// binary may be missing after `npm install`. Fetch it on first `npm start` (needs internet).
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { spawnSync } from 'node:child_process'

const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))
if (!existsSync(join(electronDir, 'path.txt'))) {
  console.log('Downloading the Electron binary (first start only)…')
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' })
  if (r.status !== 0) {
    console.error('Could not download Electron. Check the internet connection and run `npm start` again.')
    process.exit(1)
  }
}
