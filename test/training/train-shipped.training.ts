// `npm run train:shipped` runs hours of training, so CI cannot run it; this checks that every option
// it passes is one its script still takes, so the one command does not die after hours on a renamed flag.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const REPO = resolve(__dirname, '..', '..')
const SCRIPT = readFileSync(resolve(REPO, 'training/train-shipped.sh'), 'utf8')

/** The script's python runs, `$COMMON` expanded: [script, options]. */
function runs(): [string, string[]][] {
  const joined = SCRIPT.replace(/\\\n\s*/g, ' ')
  const common = /^COMMON="([^"]*)"/m.exec(joined)?.[1] ?? ''
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('$PY '))
    .map((line) => {
      const [, script, ...rest] = line.replace('$COMMON', common).split(/\s+/)
      return [script, rest.filter((word) => word.startsWith('--'))]
    })
}

describe('npm run train:shipped', () => {
  it('runs the five trainings of the shipped models, each with options its script takes', () => {
    const all = runs()
    expect(all.map(([script]) => script)).toEqual([
      'training/train_splits.py',
      'training/train.py',
      'training/train_splits.py',
      'training/train.py',
      'training/train_splits.py'
    ])
    for (const [script, options] of all) {
      const help = spawnSync('/usr/bin/python3', [script, '--help'], { cwd: REPO, encoding: 'utf8' })
      expect(help.status).toBe(0)
      const unknown = options.filter((option) => !new RegExp(`${option}\\b`).test(help.stdout))
      expect({ script, unknown }).toEqual({ script, unknown: [] })
    }
  })

  it('writes the shipped models where the app reads them', () => {
    // The first trains only the decisions, kept in training/checkpoints for the two exports.
    expect(runs().map(([, options]) => options.includes('--out'))).toEqual([false, true, true, true, true])
    expect(SCRIPT).toMatch(/--out resources\/models\n/)
    expect(SCRIPT).toMatch(/--out resources\/models\/rrdn\n/)
  })
})
