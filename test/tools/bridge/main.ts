// Start the test bridge by hand: `npx tsx test/tools/bridge/main.ts [--port 5199]`, then open the
// printed URL in Chromium. Build the renderer first (`npx electron-vite build` or the e2e config).
import { parseArgs } from 'node:util'
import { startBridge } from './server'

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, renderer: { type: 'string' } } })

// No top-level await: tsx runs this file as CommonJS (the package is not "type": "module").
void (async () => {
  const bridge = await startBridge({ port: Number(values.port), rendererDir: values.renderer })
  console.log(`Palette Studio test bridge: ${bridge.url}`)
  const stop = (): void => void bridge.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
})()
