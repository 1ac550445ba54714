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

// Ctrl-C, kill and a closed terminal stop the run through this signal, which also kills ffmpeg
// (left alone, it would decode on until its next write found the pipe gone). The conventional
// exit code is 128 + the signal's number; a second signal ends the program at once.
const stop = new AbortController()
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const
for (const [name, number] of Object.entries(SIGNAL_NUMBERS)) {
  process.once(name, () => stopRun(number, name))
}

function stopRun(number: number, name: string): void {
  process.exitCode = 128 + number
  stop.abort(new Error(`stopped by ${name}`))
}

// Set as the run returns: from then on its exit code stands, whatever becomes of stdout.
let finished = false

// `palette-studio extract … | head` closes stdout early: a result found no reader, and those still
// to come would find none either, so the run stops quietly, as the signals stop it (no file after
// this one, ffmpeg too), and exits 141, as a tool killed by SIGPIPE (13) does: `set -o pipefail`
// tells the cut-short run from a whole one. A run that had done all its work keeps its own exit
// code. Once stopped, a later write's failure adds nothing.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (stop.signal.aborted) return
  if (error.code === 'EPIPE') {
    if (!finished) stopRun(13, 'SIGPIPE')
    return
  }
  // `> results.jsonl` on a full or failing disk: the results are lost, so say why in one line
  // (not a stack trace) and exit 1 rather than go on computing palettes nobody can read.
  process.stderr.write(`palette-studio: could not write the results: ${saveProblem(error)}\n`)
  process.exit(EXIT_FAILED)
})
// A reader that closes stderr early (`2> >(head -1)`) wanted only the first message, and a log on a
// full disk (`2> log.txt`) cannot take more: either way there is nowhere left to say so, and the
// results on stdout still matter, so the run goes on without its messages and bar.
process.stderr.on('error', () => {})

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  colour: wantColour(process.stdout, process.env),
  signal: stop.signal
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
    finished = true
    // A signal's code (set by its handler) wins over what the cut-short run returns.
    if (!stop.signal.aborted) process.exitCode = code
  },
  (error: unknown) => {
    finished = true
    process.stderr.write(`palette-studio: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  }
)
