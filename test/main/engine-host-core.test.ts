import { describe, expect, it } from 'vitest'
import { runHost } from '../../src/main/engine-host-core'
import type { FromEngine } from '../../src/main/engine-protocol'

function host(prepare: () => Promise<void>) {
  const sent: FromEngine[] = []
  const order: string[] = []
  runHost(
    { send: (m) => void (sent.push(m), order.push(m.type)), onMessage: () => {} },
    {
      extract: () => Promise.reject(new Error('not asked')),
      displayCopy: () => Promise.reject(new Error('not asked')),
      methods: () => ['median-cut', 'neural'],
      prepare: () => (order.push('prepare'), prepare())
    }
  )
  return { sent, order }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('the engine host at start', () => {
  it('says it is ready first, then loads the models, so the first palette does not wait for them', async () => {
    const { order } = host(async () => {})
    expect(order).toEqual(['ready'])
    await tick()
    expect(order).toEqual(['ready', 'prepare'])
  })

  it('keeps running when the models fail to load: the request that needs them gets the error', async () => {
    const { sent } = host(() => Promise.reject(new Error('damaged')))
    await tick()
    await tick()
    expect(sent).toEqual([{ type: 'ready', methods: ['median-cut', 'neural'] }])
  })
})

describe('the engine host’s answer', () => {
  it('carries why the GPU did not run the palette to the app, beside the provider that did', async () => {
    const sent: FromEngine[] = []
    let deliver: (message: unknown) => void = () => {}
    const palette = { method: 'neural', swatches: [] }
    const providerFallbacks = [{ provider: 'webgpu', error: 'No WebGPU adapter was found.' }]
    runHost(
      { send: (m) => void sent.push(m), onMessage: (listener) => (deliver = listener) },
      {
        extract: async () => ({ palette, timings: {}, source: { width: 1, height: 1, format: 'png', hasAlpha: false, space: 'srgb' }, provider: 'cpu', providerFallbacks }),
        displayCopy: () => Promise.reject(new Error('not asked')),
        methods: () => ['neural']
      }
    )
    deliver({ type: 'extract', id: 'a', source: { kind: 'path', path: '/photo.png' }, method: 'neural' })
    await tick()
    expect(sent.find((m) => m.type === 'result')).toMatchObject({ result: { provider: 'cpu', providerFallbacks } })
  })
})

describe('the engine host and a malformed request', () => {
  function listening() {
    const sent: FromEngine[] = []
    let deliver: (message: unknown) => void = () => {}
    runHost(
      { send: (m) => void sent.push(m), onMessage: (listener) => (deliver = listener) },
      { extract: () => Promise.reject(new Error('not asked')), displayCopy: () => Promise.reject(new Error('not asked')), methods: () => ['kmeans'] }
    )
    return { sent, deliver: (message: unknown) => deliver(message) }
  }

  it('answers one that has an id with an error at once, so main does not wait out its time limit', () => {
    const { sent, deliver } = listening()
    deliver({ type: 'extract', id: 'r#1', source: { kind: 'path', path: `/${'x'.repeat(5000)}.png` }, method: 'kmeans' })
    deliver({ type: 'display-copy', id: 'r#2', source: { kind: 'path' } })
    expect(sent.filter((m) => m.type === 'error')).toEqual([
      { type: 'error', id: 'r#1', error: { code: 'BAD_REQUEST', message: expect.stringContaining('source.path') } },
      { type: 'error', id: 'r#2', error: { code: 'BAD_REQUEST', message: expect.stringContaining('source.path') } }
    ])
  })

  it('drops one with no id to answer, and a malformed cancel, which no request waits on', () => {
    const { sent, deliver } = listening()
    for (const message of [null, 'extract', { type: 'extract' }, { type: 'extract', id: 7 }, { type: 'cancel', id: 'r#1', extra: [] }, { type: 'nonsense', id: 'r#3' }]) deliver(message)
    expect(sent.map((m) => m.type)).toEqual(['ready'])
  })
})
