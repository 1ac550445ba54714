import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'

// Fast unit tests only: end-to-end tests (Chromium, the real command line: test/e2e) and the
// training smoke test have their own scripts.
export default defineConfig({
  // Compiles the renderer's runes (`*.svelte.ts` state classes) for test/renderer.
  plugins: [svelte()],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks'
  }
})
