import { EngineError } from '../engine/errors'

/** The one error every swatch reader throws on a file it cannot read, with the format named. */
export function badSwatchFile(format: string, problem: string): EngineError {
  return new EngineError('BAD_SWATCH_FILE', `This ${format} file cannot be read: ${problem}.`)
}
