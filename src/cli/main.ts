// Entry point of the `palette-studio` command (bin/palette-studio.mjs and `npm run extract` run it).
// Runs on import: it is only ever loaded to be the program.
import { availableMethods, EngineError, extractPalette, installedBackbones, registerNeuralMethod } from '../main/engine'
import packageJson from '../../package.json'
import { runCli } from './cli'
import { UsageError } from './extract-args'

// `palette-studio extract … | head` closes stdout early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  colour: process.stdout.isTTY === true && !process.env.NO_COLOR
}

runCli(
  process.argv.slice(2),
  {
    extract: extractPalette,
    availableMethods,
    missingMethodMessage: new EngineError('MODEL_MISSING').message,
    version: packageJson.version,
    prepareMethod: async (method, { backbone, cpu }) => {
      if (method !== 'neural') return
      // Registered lazily: ONNX Runtime loads with the first neural palette, not for the others.
      const neural = registerNeuralMethod({ device: cpu ? 'cpu' : 'auto', ...(backbone === undefined ? {} : { backbone }) })
      // The registration is what finds a backbone's models; a named one it cannot find is a usage error.
      if (!neural && backbone !== undefined) {
        throw new UsageError(`Backbone "${backbone}" is not installed (installed: ${installedBackbones().join(', ') || 'none'}).`)
      }
      return neural ? () => neural.release() : undefined
    }
  },
  io
).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`palette-studio: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  }
)
