// `npm run train` before `npm run data`: one line that says what to run, not a Python traceback.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const REPO = resolve(__dirname, '..', '..')
let cache: string
let runs: string
beforeAll(async () => {
  cache = await mkdtemp(join(tmpdir(), 'empty-cache-'))
  runs = await mkdtemp(join(tmpdir(), 'runs-'))
})
afterAll(async () => {
  await rm(cache, { recursive: true, force: true })
  await rm(runs, { recursive: true, force: true })
})

/** The script run on the empty cache; its run folder goes to a temporary one, not training/.work. */
const run = (script: string) => spawnSync('/usr/bin/python3', [script, '--cache', cache, '--runs-dir', runs], { cwd: REPO, encoding: 'utf8' })

describe('the training scripts without a built data set', () => {
  it('train.py exits non-zero with a hint to run npm run data', () => {
    const r = run('training/train.py')
    expect(r.status).toBe(1)
    expect(r.stderr.trim()).toBe(`No cached train crops (with gt.npy, feat.npy) in ${cache}: build the data set first (npm run data).`)
  })

  it('train_splits.py says the same in one line, with no traceback', () => {
    const r = run('training/train_splits.py')
    expect(r.status).toBe(1)
    expect(r.stderr).not.toContain('Traceback')
    expect(r.stderr.trim()).toBe(`No cached train crops (with gt.npy, hist32_off.npy) in ${cache}: build the data set first (npm run data).`)
  })

  it('export.py, run by itself, says the same in one line, with no traceback', () => {
    const r = run('training/export.py')
    expect(r.status).toBe(1)
    expect(r.stderr).not.toContain('Traceback')
    expect(r.stderr.trim()).toBe(`No cached train crops (with gt.npy, feat.npy) in ${cache}: build the data set first (npm run data).`)
  })
})
