import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'

// Fast unit tests only: end-to-end tests (Chromium, the real command line: test/e2e), the
// packed-app test (it needs the built app) and the training smoke test have their own scripts.
export default defineConfig({
  // Compiles the renderer's runes (`*.svelte.ts` state classes) for test/renderer.
  plugins: [svelte()],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/build/packed-app.test.ts', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks'
  }
})
