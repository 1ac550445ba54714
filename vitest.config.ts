import { defineConfig } from 'vitest/config'

// Fast unit tests only: end-to-end (Chromium) and training smoke tests have their own scripts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks'
  }
})
