// How `extract` prints a palette: one JSON line (--json) or a small table for people.
import { pagesNote } from '../shared/pages-note'
import { providerLabel } from '../shared/provider-label'
import type { Palette } from '../shared/palette'

export interface ImageResult {
  file: string
  palette: Palette
  ms: number
  export?: string
  agentSteps?: number
  provider?: string
  /** Neural: the GPU providers tried before `provider`, and why each did not run the palette. */
  providerFallbacks?: readonly { provider: string; error: string }[]
  /** An animation's or multi-page file's: only its first frame or page was read. */
  source?: { format: string; pages?: number }
}

/** One line of --json output; stable field names, swatches most representative first. */
export function jsonLine(result: ImageResult): string {
  return JSON.stringify({
    file: result.file,
    method: result.palette.method,
    swatches: result.palette.swatches.map((s) => ({ hex: s.hex, rgb: [...s.rgb], share: round(s.share, 4) })),
    ms: round(result.ms, 1),
    ...(result.source?.pages === undefined ? {} : { pages: result.source.pages }),
    ...(result.export === undefined ? {} : { export: result.export }),
    ...(result.agentSteps === undefined ? {} : { agentSteps: result.agentSteps }),
    ...(result.provider === undefined ? {} : { provider: result.provider }),
    ...(result.providerFallbacks === undefined ? {} : { providerFallbacks: result.providerFallbacks })
  })
}

/**
 *   beach.jpg  median-cut  42 ms
 *     1  #fac80a  ██  61.2%
 * The colour chip is drawn only on a colour terminal. A neural palette's header also says where
 * it ran and the agent's steps: 'beach.jpg  neural  267 ms · CPU · 3 agent steps'.
 */
export function tableLines(result: ImageResult, colour: boolean): string[] {
  const note = result.source && pagesNote(result.source)
  const on = result.provider === undefined ? '' : ` · ${providerLabel(result.provider)}`
  const steps = result.agentSteps === undefined ? '' : ` · ${result.agentSteps} agent step${result.agentSteps === 1 ? '' : 's'}`
  const lines = [`${printable(result.file)}  ${result.palette.method}  ${Math.round(result.ms)} ms${on}${steps}${note ? `  (${note})` : ''}`]
  // Only a picture with nothing visible gives no swatch (the engine counts faint pixels otherwise).
  if (result.palette.swatches.length === 0) lines.push('  no colours: every pixel is transparent')
  result.palette.swatches.forEach((s, i) => {
    const chip = colour ? `\x1b[48;2;${s.rgb.join(';')}m    \x1b[0m  ` : ''
    const share = `${(s.share * 100).toFixed(1)}%`.padStart(6)
    lines.push(`  ${i + 1}  ${s.hex}  ${chip}${share}`)
  })
  if (result.export !== undefined) lines.push(`  saved ${printable(result.export)}`)
  return lines
}

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * A file name as one line of a terminal: control characters (a newline, a terminal's escape
 * sequences) written as --json escapes them, so that a name can neither split a line nor
 * repaint the screen.
 */
export function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

function round(value: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}
