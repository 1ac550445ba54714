// `npm run train` and train_splits.py without --out must not replace the shipped models in
// resources/models with a newcomer's (possibly weaker) training run.
import { execFileSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const REPO = resolve(__dirname, '..', '..')

function defaultOut(script: string): string {
  const code = `import sys; sys.path.insert(0, 'training'); import ${script}; print(${script}.parse_args([]).out)`
  return execFileSync('/usr/bin/python3', ['-c', code], { cwd: REPO, encoding: 'utf8' }).trim()
}

describe('training exports by default', () => {
  it.each(['train', 'train_splits'])('%s.py into training/.work/models, not resources/models', (script) => {
    expect(defaultOut(script)).toBe(join(REPO, 'training', '.work', 'models'))
  })
})
