// Electron's binary, fetched into the electron package when it is missing (its path.txt): what
// scripts/ensure-electron.mjs (npm start's prestart) runs, apart so that tests can run it on a
// stand-in package.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

/**
 * Fetches Electron's binary into the electron package at `electronDir` unless it is there (its
 * path.txt). Returns what the user must do when it is still missing, or null.
 */
export function ensureElectron(electronDir, env = process.env) {
  const installed = () => existsSync(join(electronDir, 'path.txt'))
  if (installed()) return null
  console.log('Downloading the Electron binary (first start only)…')
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit', env })
  if (r.status === 0 && installed()) return null
  // Electron's install.js then exits 0 without a word, and the app would fail to start a minute later.
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return 'No Electron binary: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded. Unset it (it is only for an offline `npm install`) and run `npm start` again, with internet.'
  }
  return 'Could not download Electron. Check the internet connection and run `npm start` again.'
}
