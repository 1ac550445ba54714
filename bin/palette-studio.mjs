#!/usr/bin/env node
// Runs the TypeScript CLI straight from a clone (no build step) through tsx's register API.
// tsx is a devDependency: it is installed by `npm install` in a clone, which is where this runs.
let esm, cjs
try {
  esm = await import('tsx/esm/api')
  cjs = await import('tsx/cjs/api')
} catch {
  process.stderr.write('palette-studio: run "npm install" in the Palette Studio folder first (tsx is missing).\n')
  process.exit(1)
}
// The package is CommonJS by default, so main.ts loads through the CJS hook; the ESM hook covers .mts and ESM-only imports.
esm.register()
cjs.register()
await import(new URL('../src/cli/main.ts', import.meta.url).href)
