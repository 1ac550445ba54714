import { describe, expect, it } from 'vitest'
import type { PaletteStudioApi, RequestOf, ResponseOf, Result } from '../../../src/shared/ipc-contract'
import { Batch } from '../../../src/renderer/src/batch/batch.svelte'

const outcome: ResponseOf<'extractFolder'> = {
  folder: '/pics',
  total: 2,
  succeeded: [],
  failed: [{ file: '/pics/bad.png', code: 'CORRUPT', message: 'damaged' }]
}

function fakeApi(answer: () => Promise<Result<ResponseOf<'extractFolder'>>>) {
  const calls: { verb: string; request: unknown }[] = []
  const api = {
    extractFolder: (request: RequestOf<'extractFolder'>) => {
      calls.push({ verb: 'extractFolder', request })
      return answer()
    },
    cancelBatch: async (request: RequestOf<'cancelBatch'>) => {
      calls.push({ verb: 'cancelBatch', request })
      return { ok: true, value: { cancelled: true } }
    }
  } as unknown as PaletteStudioApi
  return { api, calls }
}

describe('Batch', () => {
  it('follows its own progress only, and keeps the outcome with its failures', async () => {
    let finish = (_: Result<ResponseOf<'extractFolder'>>): void => {}
    const { api, calls } = fakeApi(() => new Promise((r) => (finish = r)))
    const batch = new Batch(api)
    const running = batch.run('/pics', 'kmeans')
    expect(batch.running).toBe(true)
    const { requestId } = calls[0].request as { requestId: string }
    batch.onProgress({ requestId: 'someone-else', done: 9, total: 9, failed: 9 })
    batch.onProgress({ requestId, done: 1, total: 2, failed: 1 })
    expect(batch.progress).toEqual({ done: 1, total: 2, failed: 1 })
    await batch.cancel()
    expect(calls[1]).toEqual({ verb: 'cancelBatch', request: { requestId } })
    finish({ ok: true, value: outcome })
    expect(await running).toEqual(outcome)
    expect(batch.outcome?.failed).toHaveLength(1)
    expect(batch.running).toBe(false)
  })

  it('says a cancelled batch was cancelled, and another failure by its message', async () => {
    const cancelled = new Batch(fakeApi(async () => ({ ok: false, error: { code: 'CANCELLED', message: 'x' } })).api)
    expect(await cancelled.run('/pics', 'kmeans')).toBeNull()
    expect(cancelled.error).toBe('Batch cancelled.')
    const missing = new Batch(fakeApi(async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'The folder could not be found.' } })).api)
    await missing.run('/gone', 'kmeans')
    expect(missing.error).toBe('The folder could not be found.')
  })
})
