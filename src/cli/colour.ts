// Whether the palette table draws colour chips: only where they show as colours, not as escape codes.
interface ColourStream {
  isTTY?: boolean
  /** A terminal's (tty.WriteStream's): false where TERM is dumb (an Emacs shell) or FORCE_COLOR=0. */
  hasColors?: (env?: NodeJS.ProcessEnv) => boolean
}

/** NO_COLOR (no-color.org) turns them off when it is set and not empty; Node's check alone would take an empty one as set too. */
export function wantColour(stdout: ColourStream, env: NodeJS.ProcessEnv): boolean {
  const { NO_COLOR, ...rest } = env
  return !NO_COLOR && stdout.isTTY === true && (stdout.hasColors?.(rest) ?? false)
}
