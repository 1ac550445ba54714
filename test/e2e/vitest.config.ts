// End-to-end tests: the built renderer in Debian's Chromium, talking to the real engine through
// the test bridge (the bridge itself in bridge.test.ts), and the real command line spawned as a
// user runs it (cli-*.test.ts: images with the neural models, films through ffmpeg, signals).
// Slow (a browser, processes, image and film decoding), so they have their own script: npm run test:e2e.
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Compiles the runes of the renderer modules some tests take their messages from (batch.svelte.ts).
  plugins: [svelte()],
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One browser at a time: the machine is small and shared.
    fileParallelism: false
  }
})
