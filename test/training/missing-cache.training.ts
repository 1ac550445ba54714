// `npm run train` before `npm run data`: one line that says what to run, not a Python traceback.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const REPO = resolve(__dirname, '..', '..')
let cache: string
beforeAll(async () => void (cache = await mkdtemp(join(tmpdir(), 'empty-cache-'))))
afterAll(() => rm(cache, { recursive: true, force: true }))

describe('train.py without a built data set', () => {
  it('exits non-zero with a hint to run npm run data', () => {
    const r = spawnSync('/usr/bin/python3', ['training/train.py', '--cache', cache], { cwd: REPO, encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stderr.trim()).toBe(`No cached train crops (with gt.npy, feat.npy) in ${cache}: build the data set first (npm run data).`)
  })
})
