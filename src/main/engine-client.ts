// The main process's handle on the engine process: a queue of requests (extractions, display
// copies) sent one at a time, with progress, cancellation and a time limit. If the process dies (a native crash in a
// decoder or a model), the request it was working on fails with ENGINE_CRASHED, nothing else is
// lost, and the next request forks a fresh process. The process is passed in as a `fork`
// function, so this runs unchanged over Electron's utilityProcess and Node's child_process.
import { randomUUID } from 'node:crypto'
import type { Method } from '../shared/palette'
import { MAX_IMAGE_BYTES } from '../shared/media-types'
import type {
  DisplayCopy,
  DisplaySource,
  EngineStatus,
  ExtractProgress,
  ExtractRequest,
  ExtractResult,
  ExtractSource,
  IpcError
} from '../shared/ipc-contract'
import { FromEngineSchema, type FromEngine, type ToEngine } from './engine-protocol'
import { ShellError } from './handlers/errors'
import type { Engine } from './handlers/services'

export interface EngineProcess {
  send(message: ToEngine): void
  onMessage(listener: (message: unknown) => void): void
  /** Called once when the process has gone, however it went. */
  onExit(listener: (code: number | null) => void): void
  kill(): void
}

export type ForkEngine = () => EngineProcess

interface EngineClientOptions {
  fork: ForkEngine
  /** Longest an extraction may take once the engine has it (model loading included). */
  timeoutMs?: number
  /** Longest a new engine process may take to load (its native libraries included) before it is killed. */
  startTimeoutMs?: number
  /** How long a cancelled extraction may keep the engine busy before its process is killed. */
  cancelGraceMs?: number
  onStatus?: (status: EngineStatus) => void
  log?: (detail: unknown) => void
  /** The app's own setting (View › Use GPU off): every request runs on the CPU. */
  forceCpu?: () => boolean
}

/** The engine's answers that complete a request. */
type Answer = Extract<FromEngine, { type: 'result' | 'display-copy' }>

interface Job {
  /** The id the engine's messages about this request carry. */
  id: string
  /** The message that starts the request, made as it is sent (View › Use GPU may change meanwhile). */
  message: () => ToEngine
  onProgress: (progress: ExtractProgress) => void
  /** The image data it holds in main until the engine is done with it (imageBytes). */
  bytes: number
  resolve: (answer: Answer) => void
  reject: (error: ShellError) => void
  settled: boolean
  timer?: ReturnType<typeof setTimeout>
}

export const CRASH_MESSAGE =
  'The palette engine stopped unexpectedly while working on this image (it may be damaged in a way that crashed a decoder). ' +
  'Palette Studio is still running: try again, or try another image.'

/** The engine died between requests (the system may have ended it, e.g. when short of memory): no image is to blame. */
export const IDLE_CRASH_MESSAGE =
  'The palette engine stopped unexpectedly while no image was being worked on. ' +
  'Palette Studio is still running: the next image starts it again.'

/** Every request made as the app quits, or still waiting then. */
const CLOSING_MESSAGE = 'Palette Studio is closing.'

/**
 * Most bytes of image data (raw frames, image files' bytes) the requests waiting for the engine may
 * hold together, the one it works on included: each stays in main's memory until the engine is done
 * with it. Two of the largest image files fit; the app itself sends one image at a time from each view.
 */
export const MAX_WAITING_BYTES = 2 * MAX_IMAGE_BYTES

/** A request past MAX_WAITING_BYTES: refused at once, rather than let a page fill main's memory. */
export const BUSY_MESSAGE = 'Too many images are already waiting for the palette engine: try again when the current ones are done.'

/** Bytes of image data a request carries: a raw frame's or an image file's (a path carries none). */
const imageBytes = (source: ExtractSource | DisplaySource): number =>
  source.kind === 'rgba' ? source.data.byteLength : source.kind === 'bytes' ? source.bytes.byteLength : 0

/** The engine could not be started for the app's warm-up (it died, or never said it was ready), even when tried again. */
export const START_FAILED_MESSAGE =
  'The palette engine could not be started (it stopped or did not answer while starting). Palette Studio is still running, but cannot extract palettes: restart Palette Studio.'

/** An extraction ran past its time limit (5 minutes unless the app sets another). */
export function timeoutMessage(ms: number): string {
  const limit = ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}` : `${Math.round(ms / 1000)} s`
  return (
    `The palette engine took longer than ${limit} on this image and was stopped. ` +
    'Palette Studio is still running: try again, or try a faster method (Median cut) or a smaller image.'
  )
}

/** A request waited for an engine that never said it was ready. */
export function startTimeoutMessage(seconds: number): string {
  return `The palette engine did not start within ${seconds} s and was stopped. Palette Studio is still running: try again, and if this keeps happening, restart Palette Studio.`
}

export class EngineClient implements Engine {
  private readonly queue: Job[] = []
  private current: Job | null = null
  private process: EngineProcess | null = null
  /** A process we have killed but that has not exited yet: whatever it still says is ignored. */
  private dying: EngineProcess | null = null
  private readonly timeoutMs: number
  private readonly cancelGraceMs: number
  private readonly startTimeoutMs: number
  private startTimer: ReturnType<typeof setTimeout> | undefined
  private readyWaiters: { resolve: (methods: Method[]) => void; reject: (error: ShellError) => void }[] = []
  private knownMethods: Method[] | null = null
  private processReady = false
  /** The warm-up's process died before it was ready and was started once more (reset once one is ready). */
  private warmUpRetried = false
  /** The app is closing: a process that goes is not started again. */
  private disposed = false

  constructor(private readonly options: EngineClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 5 * 60_000
    this.cancelGraceMs = options.cancelGraceMs ?? 1_500
    this.startTimeoutMs = options.startTimeoutMs ?? 2 * 60_000
  }

  extract(request: ExtractRequest, onProgress: (progress: ExtractProgress) => void = () => {}, opens?: Buffer): Promise<ExtractResult> {
    const { requestId, source, method, forceCpu, preview } = request
    if (this.find(requestId)) {
      return Promise.reject(new ShellError('BAD_REQUEST', `An extraction with id "${requestId}" is already running.`))
    }
    const message = (): ToEngine => ({ type: 'extract', id: requestId, source, method, forceCpu: forceCpu || this.options.forceCpu?.(), preview, opens })
    return this.enqueue(requestId, message, imageBytes(source), onProgress, (answer) => (answer.type === 'result' ? answer.result : undefined))
  }

  /** A PNG of an image file for a renderer that cannot decode it; it waits its turn like an extraction. */
  displayCopy(source: DisplaySource): Promise<DisplayCopy> {
    const id = `display-copy:${randomUUID()}`
    const message = (): ToEngine => ({ type: 'display-copy', id, source })
    return this.enqueue(id, message, imageBytes(source), () => {}, (answer) => (answer.type === 'display-copy' ? answer.copy : undefined))
  }

  /** Queues a request of `bytes` of image data whose answer `take` reads (undefined: the engine answered another kind of request). */
  private enqueue<T>(
    id: string,
    message: () => ToEngine,
    bytes: number,
    onProgress: (progress: ExtractProgress) => void,
    take: (answer: Answer) => T | undefined
  ): Promise<T> {
    // The app is quitting: a request must not fork a process that nothing would end.
    if (this.disposed) return Promise.reject(new ShellError('CANCELLED', CLOSING_MESSAGE))
    if (this.waitingBytes() + bytes > MAX_WAITING_BYTES) return Promise.reject(new ShellError('BUSY', BUSY_MESSAGE))
    return new Promise<T>((resolve, reject) => {
      const answered = (answer: Answer): void => {
        const value = take(answer)
        if (value === undefined) reject(new ShellError('INTERNAL', `The palette engine gave a ${answer.type} answer to the wrong request.`))
        else resolve(value)
      }
      this.queue.push({ id, message, onProgress, bytes, resolve: answered, reject, settled: false })
      onProgress({ requestId: id, stage: 'queued' })
      this.pump()
    })
  }

  /** Cancel a queued or running extraction: its promise rejects with CANCELLED at once. */
  cancel(requestId: string): boolean {
    const queued = this.queue.findIndex((job) => job.id === requestId)
    if (queued >= 0) {
      const [job] = this.queue.splice(queued, 1)
      this.settle(job, new ShellError('CANCELLED', 'Cancelled.'))
      return true
    }
    const job = this.current
    if (!job || job.id !== requestId || job.settled) return false
    this.settle(job, new ShellError('CANCELLED', 'Cancelled.'))
    this.process?.send({ type: 'cancel', id: requestId })
    // A process still loading is not working on the job yet: killing it would only make the next
    // request pay its start again. Its grace begins once it is ready (see `ready`).
    if (this.processReady) this.killUnlessLetGo(job)
    return true
  }

  /**
   * Inference cannot be interrupted inside a native call: if the engine does not let go of a
   * cancelled job soon, end its process so the next request is not stuck behind it.
   */
  private killUnlessLetGo(job: Job): void {
    const process = this.process
    clearTimeout(job.timer)
    job.timer = setTimeout(() => {
      if (this.current === job && this.process === process) this.kill()
    }, this.cancelGraceMs)
  }

  /** The methods the engine can run (starts the engine if it is not running: a warm-up at launch). */
  methods(): Promise<Method[]> {
    if (this.knownMethods) return Promise.resolve(this.knownMethods)
    if (this.disposed) return Promise.reject(new ShellError('CANCELLED', CLOSING_MESSAGE))
    const waiting = new Promise<Method[]>((resolve, reject) => this.readyWaiters.push({ resolve, reject }))
    if (!this.process) this.start()
    return waiting
  }

  /** Fail everything and stop the engine process (app quit). */
  dispose(): void {
    for (const job of this.queue.splice(0)) this.settle(job, new ShellError('CANCELLED', CLOSING_MESSAGE))
    if (this.current) this.settle(this.current, new ShellError('CANCELLED', CLOSING_MESSAGE))
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(new ShellError('CANCELLED', CLOSING_MESSAGE))
    this.disposed = true
    clearTimeout(this.startTimer)
    this.kill()
  }

  get busy(): boolean {
    return this.current !== null || this.queue.length > 0
  }

  /** The image data main holds for the engine: the queue's and the current job's, kept until the engine lets go of it. */
  private waitingBytes(): number {
    return [this.current, ...this.queue].reduce((sum, job) => sum + (job?.bytes ?? 0), 0)
  }

  private find(requestId: string): Job | undefined {
    if (this.current?.id === requestId && !this.current.settled) return this.current
    return this.queue.find((job) => job.id === requestId)
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return
    const job = this.queue.shift()!
    this.current = job
    if (!this.process) job.onProgress({ requestId: job.id, stage: 'starting-engine' })
    let process: EngineProcess
    try {
      process = this.process ?? this.start()
    } catch (error) {
      this.options.log?.(error)
      this.settle(job, new ShellError('ENGINE_CRASHED', 'The palette engine could not be started. Restart Palette Studio and try again.'))
      this.current = null
      return this.pump()
    }
    // The clock starts once the engine is up: a slow process start is not the image's fault.
    if (this.processReady) this.startClock(job)
    process.send(job.message())
  }

  private start(): EngineProcess {
    this.options.onStatus?.({ state: 'starting' })
    const process = this.options.fork()
    this.process = process
    this.processReady = false
    process.onMessage((message) => {
      // A late answer from a killed process must not free it for the next job, which it would lose.
      if (this.process === process && this.dying !== process) this.receive(message)
    })
    process.onExit((code) => this.exited(process, code))
    // A process that hangs while it loads would leave every request (and the warm-up) waiting for ever.
    clearTimeout(this.startTimer)
    this.startTimer = setTimeout(() => {
      if (this.process !== process || this.processReady || this.dying === process) return
      const job = this.current
      const seconds = Math.round(this.startTimeoutMs / 1000)
      if (job && !job.settled) this.settle(job, new ShellError('TIMEOUT', startTimeoutMessage(seconds)))
      this.options.log?.(`engine process was not ready after ${seconds} s`)
      this.kill()
    }, this.startTimeoutMs)
    return process
  }

  private receive(raw: unknown): void {
    const parsed = FromEngineSchema.safeParse(raw)
    if (!parsed.success) {
      this.options.log?.(['engine: malformed message', parsed.error.issues])
      return
    }
    const message: FromEngine = parsed.data
    if (message.type === 'ready') return this.ready(message.methods)
    const job = this.current
    if (!job || job.id !== message.id) return // an answer to a request already given up on
    if (message.type === 'progress') {
      if (!job.settled) job.onProgress({ requestId: message.id, stage: message.stage, fraction: message.fraction })
      return
    }
    this.settle(job, message.type === 'error' ? shellErrorOf(message.error) : message)
    this.finish(job)
  }

  private startClock(job: Job): void {
    clearTimeout(job.timer)
    job.timer = setTimeout(() => this.timeOut(job), this.timeoutMs)
  }

  private ready(methods: Method[]): void {
    this.processReady = true
    this.warmUpRetried = false
    clearTimeout(this.startTimer)
    if (this.current && !this.current.settled) this.startClock(this.current)
    // Cancelled while the process loaded: it gets the cancel right after the job, and now its grace.
    else if (this.current) this.killUnlessLetGo(this.current)
    this.knownMethods = methods
    for (const waiter of this.readyWaiters.splice(0)) waiter.resolve(methods)
    this.options.onStatus?.({ state: 'ready' })
  }

  private timeOut(job: Job): void {
    if (this.current !== job || job.settled) return
    this.settle(job, new ShellError('TIMEOUT', timeoutMessage(this.timeoutMs)))
    this.kill()
  }

  private exited(process: EngineProcess, code: number | null): void {
    if (this.process !== process) return
    // A process that dies before it is ready never reached the image: its request cannot blame it.
    const wasReady = this.processReady
    // A process we killed (or quitting) is no news; any other end between requests is a crash,
    // whether a code or, from a Node child (the test bridge), null for a signal such as the OOM killer's.
    const killedHere = this.dying === process || this.disposed
    this.process = null
    this.dying = null
    clearTimeout(this.startTimer)
    const job = this.current
    const waiters = this.readyWaiters.splice(0)
    // Dying while it started (the warm-up at launch): start it once more, rather than leave the
    // app without the engine's methods; a request it was given waits for that process.
    let restarted = false
    if (waiters.length > 0 && !this.warmUpRetried && !this.disposed) {
      this.warmUpRetried = true
      this.options.log?.(`engine process exited with code ${code} while starting; starting it again`)
      this.readyWaiters = waiters
      try {
        this.start()
        restarted = true
      } catch (error) {
        this.options.log?.(error)
        this.readyWaiters = []
      }
    }
    if (!restarted) for (const waiter of waiters) waiter.reject(new ShellError('ENGINE_CRASHED', START_FAILED_MESSAGE))
    if (job && !job.settled && !wasReady && restarted) {
      this.queue.unshift(job)
      this.current = null
      return this.pump()
    }
    const unexpected = job !== null && !job.settled
    if (job) {
      if (unexpected) this.settle(job, new ShellError('ENGINE_CRASHED', wasReady ? CRASH_MESSAGE : START_FAILED_MESSAGE))
      this.finish(job)
    }
    const message = !wasReady ? START_FAILED_MESSAGE : job ? CRASH_MESSAGE : IDLE_CRASH_MESSAGE
    // A process started once more is not a failure to tell (yet).
    if (!restarted && (unexpected || (job === null && code !== 0 && !killedHere))) {
      this.options.log?.(`engine process exited with code ${code}`)
      // The request it died on, so that only the view that made it takes the crash as its own.
      this.options.onStatus?.({ state: 'crashed', message, ...(unexpected && { requestId: job.id }) })
    }
    this.pump()
  }

  private settle(job: Job, outcome: Answer | ShellError): void {
    if (job.settled) return
    job.settled = true
    if (outcome instanceof ShellError) job.reject(outcome)
    else job.resolve(outcome)
  }

  /** The engine is done with `job` (answered, or its process is gone): send the next one. */
  private finish(job: Job): void {
    clearTimeout(job.timer)
    if (this.current === job) this.current = null
    this.pump()
  }

  private kill(): void {
    const process = this.process
    if (!process) return
    // `exited` runs when the process is really gone and then starts the next job.
    this.dying = process
    process.kill()
  }
}

function shellErrorOf(error: IpcError): ShellError {
  return new ShellError(error.code, error.message)
}
