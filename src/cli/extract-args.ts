// Options of `palette-studio extract`, parsed with node:util parseArgs. New options (the film
// mode's --frames/--every, the neural method's --backbone) are one entry in OPTIONS each.
import { existsSync } from 'node:fs'
import { basename, sep } from 'node:path'
import { parseArgs } from 'node:util'
import { MAX_FILM_FRAMES, type Sampling } from '../main/engine'
import { formatOfPath, SWATCH_FORMATS, type SwatchFormat } from '../main/formats'
import { METHODS, type Method } from '../shared/palette'

/** The paper's method is the default (issue 3); without its models the command falls back to median cut. */
export const DEFAULT_METHOD: Method = 'neural'
export const FALLBACK_METHOD: Method = 'median-cut'

export interface ExtractOptions {
  inputs: string[]
  method: Method
  /** The user named the method (no fall back then: a missing one is an error). */
  methodGiven: boolean
  /** Swatch file to write; with several images, one per image (see exportPathFor). */
  export?: { path: string; format: SwatchFormat }
  json: boolean
  /** 'auto': a bar on stderr when it is a terminal and there are many files. */
  progress: boolean | 'auto'
  /** Neural method only: the backbone whose trained models to run (rdn, rrdn), and forcing the CPU provider. */
  backbone?: string
  cpu: boolean
  /** Films: which frames to sample (--frames N or --every S). */
  sampling: Sampling
}

/** Films named without --frames or --every: enough for a strip, quick to take. */
export const DEFAULT_SAMPLING: Sampling = { frames: 20 }

/** A mistake in how the command was called: exit code 2 and a hint to run --help. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

// The options that take a value are gathered, so that a second one is refused (once) rather than
// silently replacing the first.
const OPTIONS = {
  method: { type: 'string', short: 'm', multiple: true },
  export: { type: 'string', short: 'o', multiple: true },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  backbone: { type: 'string', multiple: true },
  cpu: { type: 'boolean' },
  frames: { type: 'string', multiple: true },
  every: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' }
} as const

/**
 * Whether --help or -h is anywhere on the line (before a "--"): asked for, the help is shown
 * whatever else is wrong there ("--method foo --help"), as in most commands. Given where a value
 * was due ("-o --help"), it is still help: no value here may start with "-" unless joined by "=".
 */
export function asksForHelp(argv: readonly string[]): boolean {
  const { tokens } = parseArgs({ args: longFormOfShortEquals(argv), options: OPTIONS, allowPositionals: true, strict: false, tokens: true })
  const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h'
  return tokens.some((t) => t.kind === 'option' && (t.name === 'help' || (!t.inlineValue && isHelp(t.value))))
}

/** The options of a call that does not ask for help (see asksForHelp, which the caller asks first). */
export function parseExtractArgs(argv: readonly string[]): ExtractOptions {
  const args = joinNegativeValues(longFormOfShortEquals(argv))
  let parsed
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true, tokens: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(unknownOption(args))
    const missing = code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? missingValue(args) : undefined
    if (missing) throw new UsageError(missing)
    // parseArgs' other messages name the option ("Option '--json' does not take an argument"): keep them.
    throw new UsageError((error as Error).message)
  }
  const { values, positionals, tokens } = parsed
  const method = once('method', values.method)
  const backbone = once('backbone', values.backbone)
  const options: ExtractOptions = {
    inputs: positionals,
    method: parseMethod(method),
    methodGiven: method !== undefined,
    json: values.json ?? false,
    progress: progressSetting(tokens),
    cpu: values.cpu ?? false,
    sampling: parseSampling(once('frames', values.frames), once('every', values.every))
  }
  if (values.export !== undefined) options.export = parseExport(onlyExport(values.export))
  if (backbone !== undefined) options.backbone = parseBackbone(backbone)
  if ((options.backbone !== undefined || options.cpu) && options.method !== 'neural') {
    throw new UsageError('--backbone and --cpu apply only to --method neural.')
  }
  if (options.inputs.length === 0) throw new UsageError('Name at least one image or folder.')
  return options
}

/**
 * "--frames -1" as "--frames=-1": no option looks like a negative number, so it is the value, and
 * the option's own message says what is wrong with it; parseArgs would instead ask whether the
 * value was forgotten ("argument is ambiguous"). Arguments after "--" are file names, left alone.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length
  const out: string[] = []
  for (const [i, arg] of argv.entries()) {
    const name = out.at(-1)?.replace(/^--/, '') ?? ''
    const takesValue = i < end && out.at(-1) === `--${name}` && Object.hasOwn(OPTIONS, name) && OPTIONS[name as keyof typeof OPTIONS].type === 'string'
    if (takesValue && /^-\.?\d/.test(arg)) out[out.length - 1] += `=${arg}`
    else out.push(arg)
  }
  return out
}

/**
 * "-o=pal.gpl" as "--export=pal.gpl": parseArgs takes the "=" into the value, so the palette was
 * saved as "=pal.gpl" and "-m=kmeans" was an unknown method. A name that does start with "=" is
 * still written "-o ./=pal.gpl" or "--export==pal.gpl". Arguments after "--" are file names, left alone.
 */
function longFormOfShortEquals(argv: readonly string[]): string[] {
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length
  return argv.map((arg, i) => {
    const match = i < end ? /^-([^-])=(.*)$/s.exec(arg) : null
    const name = match && Object.entries(OPTIONS).find(([, o]) => o.type === 'string' && 'short' in o && o.short === match[1])?.[0]
    return name ? `--${name}=${match[2]}` : arg
  })
}

/**
 * parseArgs names only the first letter of "-json" or "-beach.jpg" ("Unknown option '-j'"): name
 * the argument as typed, then how to name a file that starts with "-", or the option it is
 * likely a slip for.
 */
function unknownOption(argv: readonly string[]): string {
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true })
  const token = tokens.find((t) => t.kind === 'option' && !Object.hasOwn(OPTIONS, t.name))
  const arg = token ? argv[token.index] : ''
  if (existsSync(arg)) return `Unknown option '${arg}'. To read the file ${arg}, write ./${arg}.`
  const typed = arg.split('=')[0]
  const near = Object.keys(OPTIONS).find((name) => isSlipFor(typed.replace(/^-+/, '').toLowerCase(), name))
  return `Unknown option '${typed}'.${near ? ` Did you mean --${near}?` : ''}`
}

/** What each option takes, said when it is left out ("--frames --json", "-o" last). */
const NEEDS: Readonly<Record<string, string>> = {
  method: `a name (for example --method ${METHODS.at(-1)})`,
  export: 'a file name (for example --export palette.gpl)',
  backbone: 'a name (for example --backbone rdn)',
  frames: 'a number (for example --frames 20)',
  every: 'a time (for example --every 2s)'
}

/**
 * parseArgs takes "--frames --json" for a forgotten value and says so in four lines, with a
 * "--frames=-XYZ" hint that fits no option here: one line instead, on what the option takes.
 */
function missingValue(argv: readonly string[]): string | undefined {
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true })
  const token = tokens.find((t) => t.kind === 'option' && Object.hasOwn(NEEDS, t.name) && (t.value === undefined || (!t.inlineValue && t.value.startsWith('-'))))
  return token?.kind === 'option' ? `--${token.name} needs ${NEEDS[token.name]}.` : undefined
}

/** Within two typing slips (a letter added, dropped, changed, or two swapped), and not a mostly different word. */
function isSlipFor(typed: string, name: string): boolean {
  const distance = slips(typed, name)
  return distance <= 2 && distance < Math.max(typed.length, name.length) / 2
}

/** Optimal string alignment distance: Levenshtein's, with two neighbours swapped counting as one. */
function slips(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[a.length][b.length]
}

/**
 * The last of --progress and --no-progress, as a later flag overrides an earlier one in most
 * commands (an alias's --progress, then --no-progress typed for one run); 'auto' without either.
 */
function progressSetting(tokens: readonly { kind: string; name?: string }[]): boolean | 'auto' {
  const last = tokens.findLast((t) => t.kind === 'option' && (t.name === 'progress' || t.name === 'no-progress'))
  return last ? last.name === 'progress' : 'auto'
}

/** A backbone is named, not given as a path: it selects a folder of trained models. */
function parseBackbone(value: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(value)) throw new UsageError(`--backbone takes a backbone's name, such as rdn or rrdn, not "${value}".`)
  return value
}

function parseMethod(value: string | undefined): Method {
  if (value === undefined) return DEFAULT_METHOD
  if ((METHODS as readonly string[]).includes(value)) return value as Method
  throw new UsageError(`Unknown method "${value}". Choose one of: ${METHODS.join(', ')}.`)
}

function parseSampling(frames: string | undefined, every: string | undefined): Sampling {
  if (frames !== undefined && every !== undefined) throw new UsageError('Give --frames or --every, not both.')
  if (frames !== undefined) {
    const n = Number(frames)
    if (!/^\d+$/.test(frames) || n < 1 || n > MAX_FILM_FRAMES) throw new UsageError(`--frames takes a whole number from 1 to ${MAX_FILM_FRAMES} (got "${frames}").`)
    return { frames: n }
  }
  if (every !== undefined) return { everySeconds: parseDuration(every) }
  return DEFAULT_SAMPLING
}

/** "2s", "2", "0.5s", "500ms", "1m" → seconds. */
function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|min)?$/.exec(text.trim())
  const seconds = match ? Number(match[1]) * ({ ms: 0.001, s: 1, m: 60, min: 60 }[match[2] ?? 's'] ?? 1) : NaN
  // A few hundred digits overflow to Infinity: no film is that long, so it is a mistake too.
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw new UsageError(`--every takes a time such as 2s, 0.5s, 500ms or 1m (got "${text}").`)
  return seconds
}

/** The one value of an option given at most once; given twice, which one was meant cannot be told. */
function once(name: string, values: readonly string[] | undefined): string | undefined {
  if (values !== undefined && values.length > 1) throw new UsageError(`Give --${name} once (got ${values.map((v) => `"${v}"`).join(', ')}).`)
  return values?.[0]
}

function onlyExport(paths: readonly string[]): string {
  if (paths.length > 1) {
    throw new UsageError(`Give --export once (got ${paths.map((p) => `"${p}"`).join(', ')}): for another format, run extract again with that --export.`)
  }
  return paths[0]
}

function parseExport(path: string): { path: string; format: SwatchFormat } {
  // "pal.gpl/" names a folder: with one image its save fails, with several they land beside it.
  if (path.endsWith('/') || path.endsWith(sep)) throw new UsageError(`--export names a file, not a folder: write it without the final "${path.at(-1)}" (got "${path}").`)
  const format = formatOfPath(path)
  // ".gpl" is all extension and no name (to path.extname, a hidden file with no extension): "must
  // end in .gpl" would puzzle whoever typed it.
  const name = basename(path)
  if (!format && formatOfPath(`palette${name}`)) {
    throw new UsageError(`--export needs a name before "${name}", for example --export ${path.slice(0, -name.length)}palette${name} (got "${path}").`)
  }
  if (!format) throw new UsageError(`--export must name a file ending in ${SWATCH_FORMATS.map((f) => `.${f}`).join(', ')} (got "${path}").`)
  return { path, format }
}
