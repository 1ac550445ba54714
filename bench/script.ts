// What the bench and eval scripts share: their arguments' checks, the commit they measured, and
// an exit that prints a mistake the user can fix as a sentence, not as a stack trace.
import { execSync } from 'node:child_process'

/** A wrong or missing argument: printed with the script's usage. */
export class UsageError extends Error {}

/** Input the user must make first (the data set, the models, a folder of images): printed alone. */
export class MissingInputError extends Error {}

/** `--name value` as a whole number of at least 1, or a usage error that says what it got. */
export function positiveInteger(name: string, raw: string): number {
  const n = Number(raw)
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number of at least 1, not "${raw}"`)
  return n
}

/** node:util parseArgs, with its own errors (an unknown option, a missing value) as usage errors. */
export function parsing<T>(parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) throw new UsageError(error.message)
    throw error
  }
}

/**
 * The checked-out commit, with "-dirty" when src/ or bench/ have uncommitted changes (the
 * measured code is then not the commit's), or 'unknown' outside a git checkout: the device
 * machine gets a copy of the working tree without .git.
 */
export function currentCommit(): string {
  try {
    const commit = execSync('git rev-parse HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()
    const dirty = execSync('git status --porcelain --untracked-files=no -- src bench', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== ''
    return dirty ? `${commit}-dirty` : commit
  } catch {
    return 'unknown'
  }
}

/** A script's arguments from its parser, or, on a usage error, the message and usage and exit 2. */
export function argsOrExit<T>(parse: () => T, usage: string): T {
  try {
    return parse()
  } catch (error) {
    return exitWith(error, usage)
  }
}

/** Runs a script's main: usage and missing-input errors print their message (and usage), anything else its stack. */
export function runScript(main: () => Promise<void>, usage: string): void {
  main().catch((error: unknown) => exitWith(error, usage))
}

function exitWith(error: unknown, usage: string): never {
  if (error instanceof UsageError) console.error(`${error.message}\n${usage}`)
  else if (error instanceof MissingInputError) console.error(error.message)
  else console.error(error)
  process.exit(error instanceof UsageError ? 2 : 1)
}
