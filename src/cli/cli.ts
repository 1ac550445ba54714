// The command line's dispatcher: subcommand, help, usage errors (exit 2), then the command itself.
import type { Method } from '../shared/palette'
import { parseExtractArgs, UsageError } from './extract-args'
import { EXTRACT_HELP, MAIN_HELP } from './help'
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runExtract, type CliIo, type ExtractFn } from './run-extract'

export interface CliDeps {
  extract: ExtractFn
  /** Methods the engine can run now (the neural one only once its model is installed). */
  availableMethods: () => Method[]
  /** Message for a method the engine cannot run (the engine's MODEL_MISSING text). */
  missingMethodMessage: string
  version: string
}

export async function runCli(argv: readonly string[], deps: CliDeps, io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout.write(MAIN_HELP)
    return command === undefined ? EXIT_USAGE : EXIT_OK
  }
  if (command === '-v' || command === '--version') {
    io.stdout.write(`${deps.version}\n`)
    return EXIT_OK
  }
  if (command !== 'extract') return usage(io, `Unknown command "${command}".`)

  let options
  try {
    options = parseExtractArgs(rest)
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message, 'extract')
    throw error
  }
  if (options.help) {
    io.stdout.write(EXTRACT_HELP)
    return EXIT_OK
  }
  if (!deps.availableMethods().includes(options.method)) {
    // Say it once, not once per image.
    io.stderr.write(`palette-studio: ${options.method}: ${deps.missingMethodMessage}\n`)
    return EXIT_FAILED
  }
  return runExtract(options, deps.extract, io)
}

function usage(io: CliIo, message: string, command?: string): number {
  io.stderr.write(`palette-studio: ${message}\nRun "palette-studio ${command ? `${command} ` : ''}--help" for usage.\n`)
  return EXIT_USAGE
}
