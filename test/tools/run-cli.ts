// The real command, spawned as a user runs it: bin/palette-studio.mjs under this Node, colours off.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'

const BIN = join(__dirname, '../../bin/palette-studio.mjs')

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs `palette-studio <args>` with `env` added to ours; a failing exit is a result, not a throw. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}
