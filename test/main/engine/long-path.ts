// A file that a folder's walk finds but that nothing can open: its path passes MAX_PATH (4096),
// while its folder's path does not, so the folder itself is read.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { MAX_PATH } from '../../../src/shared/path-limits'

/** Where the folder ends: short of MAX_PATH by more than a name's length, so the file's path passes it. */
const FOLDER_LENGTH = MAX_PATH - 100
const STEP = 'd'.repeat(250)

/** Makes `name` in folders nested under `dir` until its path passes MAX_PATH; returns that path. */
export function fileBeyondMaxPath(dir: string, name = `${'f'.repeat(200)}.png`): string {
  const steps: string[] = []
  let folder = dir
  while (FOLDER_LENGTH - folder.length > STEP.length + 1 + 5) {
    steps.push(STEP)
    folder = join(folder, STEP)
  }
  const last = 'e'.repeat(FOLDER_LENGTH - folder.length - 1)
  steps.push(last)
  folder = join(folder, last)
  // Each step is short enough to make from the last (bash's cd, unlike dash's, falls back to a
  // relative chdir), though the whole path is too long for one call.
  execFileSync('bash', ['-c', 'cd "$1" && shift && for step in "$@"; do mkdir "$step" && cd "$step" || exit 1; done && : > "$NAME"', 'bash', dir, ...steps], {
    env: { ...process.env, NAME: name }
  })
  return join(folder, name)
}
