import { defineConfig } from 'vitest/config'

// The packed-app test (npm run test:build, after electron-vite build): it packages the built app
// with electron-builder, so it needs out/ and is kept out of the fast unit run.
export default defineConfig({
  test: {
    include: ['test/build/packed-app.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks'
  }
})
