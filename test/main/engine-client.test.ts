import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  BUSY_MESSAGE,
  EngineClient,
  CRASH_MESSAGE,
  IDLE_CRASH_MESSAGE,
  MAX_WAITING_BYTES,
  START_FAILED_MESSAGE,
  startTimeoutMessage,
  timeoutMessage,
  type EngineProcess
} from '../../src/main/engine-client'
import type { ToEngine } from '../../src/main/engine-protocol'
import { nodeEngineFork } from '../../src/main/engine-process-node'
import type { EngineStatus, ExtractProgress, ExtractRequest } from '../../src/shared/ipc-contract'

const FAKE_HOST = join(__dirname, 'fixtures/fake-engine-host.ts')

function makeClient(options: { timeoutMs?: number; cancelGraceMs?: number } = {}) {
  const children: ChildProcess[] = []
  const statuses: EngineStatus[] = []
  const client = new EngineClient({
    fork: nodeEngineFork(FAKE_HOST, { execArgv: ['--import', 'tsx'], onSpawn: (child) => children.push(child) }),
    onStatus: (s) => statuses.push(s),
    ...options
  })
  clients.push(client)
  return { client, children, statuses }
}
const clients: EngineClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
})

const request = (path: string, requestId = path): ExtractRequest => ({
  requestId,
  source: { kind: 'path', path },
  method: 'kmeans'
})

describe('EngineClient over a real child process', () => {
  it('runs an extraction out of process, passes progress on, and keeps only the contract fields', async () => {
    const { client, children } = makeClient()
    const progress: ExtractProgress[] = []
    const result = await client.extract(request('photo.jpg'), (p) => progress.push(p))
    expect(result.palette.swatches[0].hex).toBe('#0a141e')
    expect(result.source).toEqual({ width: 1, height: 1, format: 'photo.jpg', hasAlpha: false, space: 'srgb' })
    expect(result.provider).toBe(`pid:${children[0].pid}`)
    expect(children[0].pid).not.toBe(process.pid)
    expect(progress.map((p) => p.stage)).toEqual(['queued', 'starting-engine', 'decoding'])
  })

  it('reports the methods the engine can run', async () => {
    const { client } = makeClient()
    expect(await client.methods()).toEqual(['median-cut', 'kmeans'])
  })

  it('sends raw RGBA frames intact', async () => {
    const { client } = makeClient()
    const data = new Uint8Array(2 * 2 * 4).fill(7)
    const result = await client.extract({ requestId: 'f', method: 'kmeans', source: { kind: 'rgba', width: 2, height: 2, data } })
    expect(result.source.format).toBe('pixels')
  })

  it('passes engine errors through with their code and message', async () => {
    const { client } = makeClient()
    await expect(client.extract(request('fail'))).rejects.toMatchObject({ code: 'NOT_AN_IMAGE', message: 'This file is not an image.' })
  })

  it('survives a native crash: the request fails with ENGINE_CRASHED and the next one runs in a fresh process', async () => {
    const { client, children, statuses } = makeClient()
    await client.extract(request('warm-up'))
    await expect(client.extract(request('crash'))).rejects.toMatchObject({ code: 'ENGINE_CRASHED', message: CRASH_MESSAGE })
    expect(statuses.some((s) => s.state === 'crashed' && s.message === CRASH_MESSAGE)).toBe(true)
    const after = await client.extract(request('after'))
    expect(children).toHaveLength(2)
    expect(after.provider).toBe(`pid:${children[1].pid}`)
  })

  it('recovers when the engine process is killed mid-request, without losing queued requests', async () => {
    const { client, children } = makeClient()
    const slow = client.extract(request('slow'))
    const queued = client.extract(request('queued-behind'))
    await waitFor(() => children.length === 1 && children[0].pid !== undefined)
    await new Promise((r) => setTimeout(r, 300)) // let the engine pick the slow job up
    children[0].kill('SIGKILL')
    await expect(slow).rejects.toMatchObject({ code: 'ENGINE_CRASHED' })
    const result = await queued
    expect(children).toHaveLength(2)
    expect(result.provider).toBe(`pid:${children[1].pid}`)
  })

  it('cancels a running extraction at once and the engine moves on', async () => {
    // A long grace period: the engine must let go by itself, not be killed (the machine may be busy).
    const { client, children } = makeClient({ cancelGraceMs: 20_000 })
    let working = false
    const slow = client.extract(request('slow'), (p) => (working ||= p.stage === 'decoding'))
    await waitFor(() => working)
    expect(client.cancel('slow')).toBe(true)
    await expect(slow).rejects.toMatchObject({ code: 'CANCELLED' })
    const next = await client.extract(request('next'))
    // The engine honoured the cancel: the same process ran the next request, no restart needed
    // (one that kept working would have been killed after the grace period and replaced).
    expect(children).toHaveLength(1)
    expect(next.provider).toBe(`pid:${children[0].pid}`)
  })

  it('kills an engine that ignores a cancel, so the next request is not stuck', async () => {
    const { client, children } = makeClient({ cancelGraceMs: 200 })
    const stubborn = client.extract(request('stubborn'))
    await new Promise((r) => setTimeout(r, 500))
    client.cancel('stubborn')
    await expect(stubborn).rejects.toMatchObject({ code: 'CANCELLED' })
    const next = await client.extract(request('next'))
    expect(children).toHaveLength(2)
    expect(next.provider).toBe(`pid:${children[1].pid}`)
  })

  it('cancels a queued extraction without disturbing the running one', async () => {
    const { client } = makeClient()
    const first = client.extract(request('first'))
    const second = client.extract(request('second'))
    expect(client.cancel('second')).toBe(true)
    await expect(second).rejects.toMatchObject({ code: 'CANCELLED' })
    await expect(first).resolves.toMatchObject({ source: { format: 'first' } })
    expect(client.cancel('unknown')).toBe(false)
  })

  it('times out an extraction that runs too long and restarts the engine', async () => {
    const { client, children } = makeClient({ timeoutMs: 1_500 })
    await client.methods() // started and ready: the limit then applies to the extraction alone
    await expect(client.extract(request('stubborn'))).rejects.toMatchObject({ code: 'TIMEOUT', message: timeoutMessage(1_500) })
    // What the designer reads at the app's limit: how long, and what to do next.
    expect(timeoutMessage(5 * 60_000)).toBe(
      'The palette engine took longer than 5 minutes on this image and was stopped. ' +
        'Palette Studio is still running: try again, or try a faster method (Median cut) or a smaller image.'
    )
    await client.extract(request('next'))
    expect(children).toHaveLength(2)
  })

  it('refuses a second request with an id already in flight', async () => {
    const { client } = makeClient()
    const first = client.extract(request('slow', 'same'))
    await expect(client.extract(request('other', 'same'))).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    client.cancel('same')
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('EngineClient when the engine cannot start', () => {
  it('fails the request with ENGINE_CRASHED and tries again on the next one', async () => {
    let attempts = 0
    const client = new EngineClient({
      fork: () => {
        attempts++
        throw new Error('spawn failed')
      }
    })
    await expect(client.extract(request('a'))).rejects.toMatchObject({ code: 'ENGINE_CRASHED' })
    await expect(client.extract(request('b'))).rejects.toMatchObject({ code: 'ENGINE_CRASHED' })
    expect(attempts).toBe(2)
    expect(client.busy).toBe(false)
  })
})

/** An engine process the test speaks for: it answers only when told, and exits only when told. */
class ScriptedProcess implements EngineProcess {
  readonly sent: ToEngine[] = []
  killed = false
  private listener: (message: unknown) => void = () => {}
  private exitListener: (code: number | null) => void = () => {}
  send(message: ToEngine): void {
    this.sent.push(message)
  }
  onMessage(listener: (message: unknown) => void): void {
    this.listener = listener
  }
  onExit(listener: (code: number | null) => void): void {
    this.exitListener = listener
  }
  kill(): void {
    this.killed = true
  }
  say(message: unknown): void {
    this.listener(message)
  }
  /** Says it is ready, then answers request `id` with a palette. */
  readyAndAnswer(id: string): void {
    this.say({ type: 'ready', methods: ['kmeans'] })
    this.say(resultFor(id))
  }
  exit(code: number | null): void {
    this.exitListener(code)
  }
}

/** A client over scripted processes: each process it starts is in `forks`, each status it reports in `statuses`. */
function scriptedClient(options: Omit<ConstructorParameters<typeof EngineClient>[0], 'fork' | 'onStatus'> = {}) {
  const forks: ScriptedProcess[] = []
  const statuses: EngineStatus[] = []
  const client = new EngineClient({ fork: () => forks[forks.push(new ScriptedProcess()) - 1], onStatus: (s) => statuses.push(s), ...options })
  return { client, forks, statuses }
}

const resultFor = (id: string) => ({
  type: 'result',
  id,
  result: {
    palette: { method: 'kmeans', swatches: [{ rgb: [1, 2, 3], hex: '#010203', share: 1 }] },
    timings: { total: 1 },
    source: { width: 1, height: 1, format: 'png', hasAlpha: false, space: 'srgb' }
  }
})

describe('EngineClient with a killed engine that still answers', () => {
  it('keeps the next request for a fresh process, so it does not fail as a crash', async () => {
    const { client, forks, statuses } = scriptedClient({ cancelGraceMs: 5 })
    const first = client.extract(request('slow.jpg'))
    forks[0].say({ type: 'ready', methods: ['kmeans'] })
    client.cancel('slow.jpg')
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' })
    const second = client.extract(request('next.jpg'))
    await expect.poll(() => forks[0].killed).toBe(true) // it ignored the cancel past its grace

    forks[0].say(resultFor('slow.jpg')) // its answer arrives between the kill and the exit
    expect(forks[0].sent.map((m) => m.type === 'extract' && m.id)).not.toContain('next.jpg')
    forks[0].exit(null)

    expect(forks[1].sent).toMatchObject([{ type: 'extract', id: 'next.jpg' }])
    forks[1].readyAndAnswer('next.jpg')
    await expect(second).resolves.toMatchObject({ palette: { method: 'kmeans' } })
    expect(statuses.map((s) => s.state)).not.toContain('crashed')
  })
})

describe('EngineClient when the engine dies while it starts, before any request', () => {
  it('starts it once more for the methods, and says plainly when that dies too', async () => {
    const { client, forks } = scriptedClient()
    const methods = client.methods()
    forks[0].exit(null) // killed before it was ready
    expect(forks).toHaveLength(2)
    forks[1].say({ type: 'ready', methods: ['kmeans'] })
    await expect(methods).resolves.toEqual(['kmeans'])

    const again = new EngineClient({ fork: () => forks[forks.push(new ScriptedProcess()) - 1] })
    const failing = again.methods()
    forks[2].exit(null)
    forks[3].exit(null)
    await expect(failing).rejects.toMatchObject({ code: 'ENGINE_CRASHED', message: START_FAILED_MESSAGE })
    expect(forks).toHaveLength(4)
  })

  it('does not tell the user to restart the app while it starts the engine once more', async () => {
    const { client, forks, statuses } = scriptedClient()
    const methods = client.methods()
    forks[0].exit(1)
    forks[1].say({ type: 'ready', methods: ['kmeans'] })
    await expect(methods).resolves.toEqual(['kmeans'])
    expect(statuses.map((s) => s.state)).not.toContain('crashed')
    client.dispose()
  })
})

describe('EngineClient when the engine dies before it is ready, with a request waiting', () => {
  it('says the engine could not start, not that the image may be damaged, and tries a fresh process next time', async () => {
    const { client, forks, statuses } = scriptedClient()
    const first = client.extract(request('a.jpg'))
    forks[0].exit(1)
    await expect(first).rejects.toMatchObject({ code: 'ENGINE_CRASHED', message: START_FAILED_MESSAGE })
    expect(statuses).toContainEqual({ state: 'crashed', message: START_FAILED_MESSAGE, requestId: 'a.jpg' })
    const second = client.extract(request('b.png'))
    forks[1].readyAndAnswer('b.png')
    await expect(second).resolves.toMatchObject({ palette: { method: 'kmeans' } })
  })

  it('hands a request made during the warm-up to the process started once more', async () => {
    const { client, forks } = scriptedClient()
    const methods = client.methods()
    const first = client.extract(request('a.jpg'))
    forks[0].exit(null)
    expect(forks[1].sent).toMatchObject([{ type: 'extract', id: 'a.jpg' }])
    forks[1].readyAndAnswer('a.jpg')
    await expect(methods).resolves.toEqual(['kmeans'])
    await expect(first).resolves.toMatchObject({ palette: { method: 'kmeans' } })
  })
})

describe('EngineClient with an engine that never gets ready', () => {
  it('fails the waiting request with a plain time-out, kills the process, and the next request gets a fresh one', async () => {
    const { client, forks } = scriptedClient({ startTimeoutMs: 50 })
    const first = client.extract(request('a.jpg'))
    await expect(first).rejects.toMatchObject({ code: 'TIMEOUT', message: startTimeoutMessage(0) })
    expect(startTimeoutMessage(120)).toMatch(/did not start within 120 s .*try again/)
    expect(forks[0].killed).toBe(true)
    forks[0].exit(null)
    const second = client.extract(request('b.jpg'))
    expect(forks).toHaveLength(2)
    forks[1].readyAndAnswer('b.jpg')
    await expect(second).resolves.toMatchObject({ palette: { method: 'kmeans' } })
    client.dispose()
  })

  it('does not leave the warm-up waiting for ever either', async () => {
    const { client, forks } = scriptedClient({ startTimeoutMs: 30 })
    const methods = client.methods()
    await expect.poll(() => forks[0].killed).toBe(true)
    forks[0].exit(null) // started once more
    await expect.poll(() => forks[1]?.killed).toBe(true)
    forks[1].exit(null)
    await expect(methods).rejects.toMatchObject({ code: 'ENGINE_CRASHED', message: START_FAILED_MESSAGE })
    client.dispose()
  })
})

describe('EngineClient with the app set to the CPU only', () => {
  it('sends every request as CPU-only while the setting is on, and as asked once it is off', async () => {
    let cpuOnly = true
    const { client, forks } = scriptedClient({ forceCpu: () => cpuOnly })
    const first = client.extract(request('a.jpg'))
    forks[0].say({ type: 'ready', methods: ['neural'] })
    forks[0].say(resultFor('a.jpg'))
    await first
    cpuOnly = false
    const second = client.extract(request('b.jpg'))
    forks[0].say(resultFor('b.jpg'))
    await second
    expect(forks[0].sent.map((m) => m.type === 'extract' && [m.id, m.forceCpu === true])).toEqual([
      ['a.jpg', true],
      ['b.jpg', false]
    ])
    client.dispose()
  })
})

describe('EngineClient when a request is cancelled while the engine starts', () => {
  afterEach(() => vi.useRealTimers())

  it('leaves the loading process alone, so the warm-up and the next request need no second start', async () => {
    vi.useFakeTimers()
    const { client, forks } = scriptedClient({ cancelGraceMs: 5 })
    const methods = client.methods()
    const first = client.extract(request('a.jpg'))
    expect(client.cancel('a.jpg')).toBe(true)
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' })
    vi.advanceTimersByTime(1_000) // loading native libraries takes far longer than a cancel's grace
    expect(forks[0].killed).toBe(false)

    const second = client.extract(request('b.jpg'))
    forks[0].say({ type: 'ready', methods: ['kmeans'] })
    await expect(methods).resolves.toEqual(['kmeans'])
    forks[0].say({ type: 'error', id: 'a.jpg', error: { code: 'CANCELLED', message: 'Cancelled.' } })
    forks[0].say(resultFor('b.jpg'))
    await expect(second).resolves.toMatchObject({ palette: { method: 'kmeans' } })
    expect(forks).toHaveLength(1)
    client.dispose()
  })

  it('gives the ready engine its grace for the cancelled request, and kills it if it keeps working', () => {
    vi.useFakeTimers()
    const { client, forks } = scriptedClient({ cancelGraceMs: 5 })
    client.extract(request('a.jpg')).catch(() => {})
    client.cancel('a.jpg')
    expect(forks[0].sent).toMatchObject([{ type: 'extract', id: 'a.jpg' }, { type: 'cancel', id: 'a.jpg' }])
    forks[0].say({ type: 'ready', methods: ['kmeans'] })
    vi.advanceTimersByTime(5)
    expect(forks[0].killed).toBe(true)
    client.dispose()
  })
})

describe('EngineClient when the engine dies between requests', () => {
  it('says so without blaming an image, since none was being worked on', async () => {
    const { client, forks, statuses } = scriptedClient()
    const first = client.extract(request('a.jpg'))
    forks[0].readyAndAnswer('a.jpg')
    await first
    forks[0].exit(137) // e.g. ended by the system when it ran short of memory
    expect(statuses.at(-1)).toEqual({ state: 'crashed', message: IDLE_CRASH_MESSAGE })
    expect(IDLE_CRASH_MESSAGE).not.toMatch(/this image/)
    client.dispose()
  })

  it('says so when a signal ended it (no exit code), but not when the app stopped it itself', async () => {
    const { client, forks, statuses } = scriptedClient()
    const first = client.extract(request('a.jpg'))
    forks[0].readyAndAnswer('a.jpg')
    await first
    forks[0].exit(null) // SIGKILL from outside, e.g. the kernel's OOM killer
    expect(statuses.at(-1)).toEqual({ state: 'crashed', message: IDLE_CRASH_MESSAGE })

    const second = client.extract(request('b.jpg'))
    forks[1].readyAndAnswer('b.jpg')
    await second
    const seen = statuses.length
    client.dispose()
    forks[1].exit(null) // the signal the app sent as it quits
    expect(statuses.slice(seen)).toEqual([])
  })
})

describe('EngineClient when the engine dies on one request while another waits', () => {
  it('names the request it died on, and runs the waiting one in a fresh process', async () => {
    const { client, forks, statuses } = scriptedClient()
    const batchFile = client.extract(request('shoot/broken.tif', 'batch#3'))
    const image = client.extract(request('a.jpg', 'image-1'))
    forks[0].say({ type: 'ready', methods: ['kmeans'] })
    forks[0].exit(139) // a decoder crashed on the batch file
    await expect(batchFile).rejects.toMatchObject({ code: 'ENGINE_CRASHED', message: CRASH_MESSAGE })
    expect(statuses.at(-1)).toEqual({ state: 'crashed', message: CRASH_MESSAGE, requestId: 'batch#3' })
    forks[1].readyAndAnswer('image-1')
    await expect(image).resolves.toMatchObject({ palette: { method: 'kmeans' } })
    expect(statuses.filter((s) => s.state === 'crashed')).toHaveLength(1)
  })
})

describe('EngineClient with many images waiting', () => {
  it('refuses at once an image past what main holds for the engine, takes paths still, and takes images again once the engine is done', async () => {
    const { client, forks } = scriptedClient()
    // The largest frame a page may send; each request holds its own copy in the app.
    const data = new Uint8Array(4096 * 4096 * 4)
    const frame = (requestId: string): ExtractRequest => ({ requestId, method: 'kmeans', source: { kind: 'rgba', width: 4096, height: 4096, data } })
    const ids = Array.from({ length: MAX_WAITING_BYTES / data.byteLength }, (_, i) => `frame-${i}`)
    const waiting = ids.map((id) => client.extract(frame(id)))
    const busy = { code: 'BUSY', message: BUSY_MESSAGE }
    await expect(client.extract(frame('one too many'))).rejects.toMatchObject(busy)
    await expect(client.displayCopy({ kind: 'bytes', bytes: Uint8Array.of(1) })).rejects.toMatchObject(busy)
    const file = client.extract(request('batch/a.jpg')) // a path holds no image data: a batch goes on
    forks[0].readyAndAnswer(ids[0])
    await expect(waiting[0]).resolves.toMatchObject({ palette: { method: 'kmeans' } })
    const again = client.extract(frame('again'))
    for (const id of [...ids.slice(1), 'batch/a.jpg', 'again']) forks[0].say(resultFor(id))
    await expect(Promise.all([...waiting, file, again])).resolves.toHaveLength(ids.length + 2)
  })
})

describe('EngineClient once the app is closing', () => {
  it('refuses new requests at once and starts no engine process', async () => {
    const { client, forks } = scriptedClient()
    client.dispose()
    const closing = { code: 'CANCELLED', message: 'Palette Studio is closing.' }
    const refused = [client.extract(request('a.jpg')), client.displayCopy({ kind: 'path', path: 'b.heic' }), client.methods()]
    refused.forEach((answer) => answer.catch(() => {}))
    expect(forks).toHaveLength(0)
    for (const answer of refused) await expect(answer).rejects.toMatchObject(closing)
  })
})
