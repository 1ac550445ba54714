// The command line's dispatcher: subcommand, help, usage errors (exit 2), then the command itself.
import type { Method } from '../shared/palette'
import { asksForHelp, FALLBACK_METHOD, parseExtractArgs, UsageError } from './extract-args'
import { EXTRACT_HELP, MAIN_HELP } from './help'
import { printable } from './report'
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runExtract, type CliIo, type ExtractFn } from './run-extract'

export interface CliDeps {
  extract: ExtractFn
  /** Methods the engine can run now (the neural one only once its model is installed). */
  availableMethods: () => Method[]
  /** Message for a method the engine cannot run (the engine's MODEL_MISSING text). */
  missingMethodMessage: string
  /** Where the neural models are looked for (PALETTE_STUDIO_MODELS_DIR, else the repository's resources/models). */
  modelsDir: string
  version: string
  /**
   * Load what a method needs before the first image (the neural models, with --backbone and
   * --cpu); returns how to release it afterwards. Throws a UsageError for a backbone that is
   * not among the installed ones (prepare-neural.ts).
   */
  prepareMethod?: (method: Method, opts: { backbone?: string; cpu: boolean }) => Promise<(() => Promise<void>) | void>
}

export async function runCli(argv: readonly string[], deps: CliDeps, io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  if (command === 'help' && rest[0] === 'extract') {
    io.stdout.write(EXTRACT_HELP)
    return EXIT_OK
  }
  if (command === 'help' && rest[0] !== undefined && rest[0] !== 'help') return usage(io, `No help for "${rest[0]}": the one command is extract.`)
  // Run bare, the program was not asked for help: the help goes where errors go, with their exit code.
  if (command === undefined) {
    io.stderr.write(MAIN_HELP)
    return EXIT_USAGE
  }
  if (command === '-h' || command === '--help' || command === 'help') {
    io.stdout.write(MAIN_HELP)
    return EXIT_OK
  }
  if (command === '-v' || command === '--version') {
    io.stdout.write(`${deps.version}\n`)
    return EXIT_OK
  }
  if (command !== 'extract') return usage(io, `Unknown command "${command}".`)
  if (asksForHelp(rest)) {
    io.stdout.write(EXTRACT_HELP)
    return EXIT_OK
  }

  let options
  try {
    options = parseExtractArgs(rest)
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message, 'extract')
    throw error
  }
  let release: (() => Promise<void>) | void
  try {
    release = await deps.prepareMethod?.(options.method, { backbone: options.backbone, cpu: options.cpu })
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message, 'extract')
    throw error
  }
  // A backbone named chooses the neural method as --method neural does: no fall back from it.
  if (!options.methodGiven && options.backbone === undefined && !deps.availableMethods().includes(options.method)) {
    // The default method's models are not installed: say so once and take the one that always works.
    io.stderr.write(`palette-studio: ${options.method} models are not installed; using ${FALLBACK_METHOD} (choose with --method).\n`)
    options = { ...options, method: FALLBACK_METHOD }
  }
  try {
    if (!deps.availableMethods().includes(options.method)) {
      // Say it once, not once per image.
      io.stderr.write(`palette-studio: ${options.method}: ${deps.missingMethodMessage} ${whatToDo(options.method, deps.availableMethods(), deps.modelsDir)}\n`)
      return EXIT_FAILED
    }
    return await runExtract(options, deps.extract, io)
  } finally {
    await release?.()
  }
}

/** Another method that runs now; for the neural one, also where the engine reads its trained models. */
function whatToDo(method: Method, available: readonly Method[], modelsDir: string): string {
  const others = available.map((m) => `--method ${m}`)
  const models = method === 'neural' ? `, or put the trained models (models.json with its .onnx files) in ${modelsDir}, or name their folder in PALETTE_STUDIO_MODELS_DIR` : ''
  return `Use ${others.join(' or ')}${models}.`
}

/** The message quotes what was typed (a file name, an option): kept to one line that cannot repaint the terminal. */
function usage(io: CliIo, message: string, command?: string): number {
  io.stderr.write(`palette-studio: ${printable(message)}\nRun "palette-studio ${command ? `${command} ` : ''}--help" for usage.\n`)
  return EXIT_USAGE
}
