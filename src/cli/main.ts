// Entry point of the `palette-studio` command (bin/palette-studio.mjs and `npm run extract` run it).
// Runs on import: it is only ever loaded to be the program.
import { availableMethods, DEFAULT_MODELS_DIR, EngineError, extractPalette, installedBackbones, registerNeuralMethod } from '../main/engine'
import packageJson from '../../package.json'
import { runCli } from './cli'
import { wantColour } from './colour'
import { npmCallerFolder } from './npm-folder'
import { neuralPreparer } from './prepare-neural'
import { EXIT_FAILED } from './run-extract'
import { saveProblem } from './save'

// Palette Studio's own `npm run extract -- photo.jpg` reads the files from where npm was typed, as
// `npx palette-studio` does.
const callerFolder = npmCallerFolder(process.env, packageJson)
if (callerFolder) process.chdir(callerFolder)

// `palette-studio extract … | head` closes stdout early: stop quietly instead of crashing on EPIPE,
// with exit 1 when a file had already failed (onFailure below keeps process.exitCode up to date).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  // `> results.jsonl` on a full or failing disk: the results are lost, so say why in one line
  // (not a stack trace) and exit 1 rather than go on computing palettes nobody can read.
  process.stderr.write(`palette-studio: could not write the results: ${saveProblem(error)}\n`)
  process.exit(EXIT_FAILED)
})
// A reader that closes stderr early (`2> >(head -1)`) wanted only the first message, and a log on a
// full disk (`2> log.txt`) cannot take more: either way there is nowhere left to say so, and the
// results on stdout still matter, so the run goes on without its messages and bar.
process.stderr.on('error', () => {})

// Ctrl-C, kill and a closed terminal stop the run through this signal, which also kills ffmpeg
// (left alone, it would decode on until its next write found the pipe gone). The conventional
// exit code is 128 + the signal's number; a second signal ends the program at once.
const stop = new AbortController()
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const
for (const [name, number] of Object.entries(SIGNAL_NUMBERS)) {
  process.once(name, () => {
    process.exitCode = 128 + number
    stop.abort(new Error(`stopped by ${name}`))
  })
}

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  colour: wantColour(process.stdout, process.env),
  signal: stop.signal,
  onFailure: () => {
    process.exitCode = EXIT_FAILED
  }
}

runCli(
  process.argv.slice(2),
  {
    extract: extractPalette,
    availableMethods,
    missingMethodMessage: new EngineError('MODEL_MISSING').message,
    modelsDir: DEFAULT_MODELS_DIR,
    version: packageJson.version,
    prepareMethod: neuralPreparer({ register: registerNeuralMethod, installedBackbones })
  },
  io
).then(
  (code) => {
    // A signal's code (set by its handler) wins over what the cut-short run returns.
    if (!stop.signal.aborted) process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`palette-studio: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  }
)
