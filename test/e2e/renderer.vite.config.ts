// Builds the renderer alone (what `electron-vite build` puts in out/renderer), so the end-to-end
// tests do not depend on the main and preload bundles building.
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

const root = resolve(import.meta.dirname, '../..')

export default defineConfig({
  root: resolve(root, 'src/renderer'),
  base: './',
  resolve: { alias: { '@shared': resolve(root, 'src/shared') } },
  plugins: [svelte({ configFile: resolve(root, 'svelte.config.mjs') })],
  build: { outDir: resolve(root, 'out/renderer'), emptyOutDir: true, reportCompressedSize: false },
  logLevel: 'warn'
})
