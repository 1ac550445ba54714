import { defineConfig } from 'vitest/config'

// The training smoke test (npm run test:training): real PyTorch training, so it has its own
// script and is kept out of the fast unit run.
export default defineConfig({
  test: {
    include: ['test/training/**/*.training.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks'
  }
})
