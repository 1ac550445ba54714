// The engine process's side of the protocol: receive extract/cancel messages, run the engine, and
// answer with plain data. Transport and engine are passed in, so the same code runs in Electron's
// utility process, in a Node child process (tests, test bridge), and with a fake engine in tests.
import type { ZodError } from 'zod'
import { DisplayCopySchema, ExtractResultSchema, type DisplaySource, type ExtractResult, type PreviewBox } from '../shared/ipc-contract'
import type { Method } from '../shared/palette'
import { ToEngineSchema, type FromEngine, type ToEngine } from './engine-protocol'
import type { RgbaImage } from './engine/image'
import { toIpcError } from './handlers/errors'

interface HostTransport {
  send(message: FromEngine): void
  onMessage(listener: (message: unknown) => void): void
}

export interface EngineExtractOptions {
  method: Method
  forceCpu?: boolean
  /** Also make a preview of the decoded image, fitted into this box. */
  preview?: PreviewBox
  /** `name`: what a file sent as bytes is called in messages. */
  decode?: { name?: string; opens?: Buffer }
  signal?: AbortSignal
  onProgress?: (stage: string, fraction?: number) => void
}

/** The engine's extractPalette, or a stand-in with the same shape. */
export type ExtractFn = (input: string | Buffer | RgbaImage, options: EngineExtractOptions) => Promise<unknown>
/** The engine's displayCopy at the contract's size, or a stand-in. */
type DisplayCopyFn = (input: string | Buffer) => Promise<{ width: number; height: number; png: Uint8Array }>

/** What the host runs. */
interface HostEngine {
  extract: ExtractFn
  displayCopy: DisplayCopyFn
  methods: () => Method[]
  /** Loads what the first palette would otherwise wait for (the neural models), once the host is ready. */
  prepare?: () => Promise<void>
}

type ExtractMessage = Extract<ToEngine, { type: 'extract' }>
type DisplayCopyMessage = Extract<ToEngine, { type: 'display-copy' }>

function fileInputOf(source: DisplaySource): string | Buffer {
  return source.kind === 'path' ? source.path : Buffer.from(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength)
}

function inputOf(message: ExtractMessage): string | Buffer | RgbaImage {
  const { source } = message
  return source.kind === 'rgba' ? { width: source.width, height: source.height, data: source.data } : fileInputOf(source)
}

function decodeOptionsOf(message: ExtractMessage): EngineExtractOptions['decode'] {
  const { source, opens } = message
  return {
    // A dropped or pasted file sent as bytes: errors name it, as they name a file by its path.
    ...(source.kind === 'bytes' && source.name ? { name: source.name } : {}),
    // A batch's file whose name is not valid UTF-8: opened by the bytes its walk found.
    ...(opens ? { opens: Buffer.from(opens.buffer, opens.byteOffset, opens.byteLength) } : {})
  }
}

/** Keep only the contract's fields (the engine may add its own diagnostics) and check them. */
function toContractResult(result: unknown): ExtractResult {
  const r = result as Partial<ExtractResult> & { source?: Partial<ExtractResult['source']> }
  return ExtractResultSchema.parse({
    palette: r.palette,
    groundTruth: r.groundTruth,
    timings: r.timings,
    source: r.source && {
      width: r.source.width,
      height: r.source.height,
      format: r.source.format,
      hasAlpha: r.source.hasAlpha,
      space: r.source.space,
      pages: r.source.pages
    },
    agentSteps: r.agentSteps,
    provider: r.provider,
    providerFallbacks: r.providerFallbacks,
    preview: r.preview
  })
}

export function runHost(transport: HostTransport, engine: HostEngine): void {
  const running = new Map<string, AbortController>()

  async function run(message: ExtractMessage): Promise<void> {
    const controller = new AbortController()
    running.set(message.id, controller)
    try {
      const result = await engine.extract(inputOf(message), {
        method: message.method,
        decode: decodeOptionsOf(message),
        forceCpu: message.forceCpu,
        preview: message.preview,
        signal: controller.signal,
        onProgress: (stage, fraction) => transport.send({ type: 'progress', id: message.id, stage, fraction })
      })
      if (controller.signal.aborted) throw Object.assign(new Error('Cancelled.'), { code: 'CANCELLED' })
      transport.send({ type: 'result', id: message.id, result: toContractResult(result) })
    } catch (error) {
      transport.send({ type: 'error', id: message.id, error: toIpcError(error) })
    } finally {
      running.delete(message.id)
    }
  }

  async function copy(message: DisplayCopyMessage): Promise<void> {
    try {
      const { width, height, png } = await engine.displayCopy(fileInputOf(message.source))
      // Checked here: main drops a malformed answer, and the request would wait out its time limit.
      const checked = DisplayCopySchema.parse({ mime: 'image/png', width, height, bytes: png })
      transport.send({ type: 'display-copy', id: message.id, copy: checked })
    } catch (error) {
      transport.send({ type: 'error', id: message.id, error: toIpcError(error) })
    }
  }

  /**
   * A request main should not have sent (a path past the contract's limit): answered at once, so
   * that it fails now rather than wait out main's time limit. A cancel waits on no answer, and a
   * message with no id cannot be answered.
   */
  function refuse(raw: unknown, error: ZodError): void {
    console.error('engine: refused a malformed message', error.issues)
    const { type, id } = (raw ?? {}) as { type?: unknown; id?: unknown }
    if ((type === 'extract' || type === 'display-copy') && typeof id === 'string') transport.send({ type: 'error', id, error: toIpcError(error) })
  }

  transport.onMessage((raw) => {
    const parsed = ToEngineSchema.safeParse(raw)
    if (!parsed.success) return refuse(raw, parsed.error)
    const message = parsed.data
    if (message.type === 'cancel') running.get(message.id)?.abort()
    else if (message.type === 'display-copy') void copy(message)
    else void run(message)
  })
  transport.send({ type: 'ready', methods: engine.methods() })
  // The app starts the engine at launch, seconds before the first image: the models load then.
  // A request that comes meanwhile waits for them, as it would have. A model that fails to load
  // fails again, with its message, for the request that needs it.
  setImmediate(() => void engine.prepare?.().catch(() => {}))
}

/** The transport of whichever kind of child process we are running in. */
export function currentProcessTransport(): HostTransport {
  const parentPort = (process as { parentPort?: ElectronParentPort }).parentPort
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data))
    }
  }
  const send = process.send?.bind(process)
  if (!send) throw new Error('engine-host must run as a child process (utilityProcess.fork or child_process.fork)')
  // A Node child outlives a parent that died without killing it: leave with it.
  process.on('disconnect', () => process.exit(0))
  return {
    send: (message) => void send(message),
    onMessage: (listener) => process.on('message', listener)
  }
}

/** The slice of Electron's ParentPort we use (not imported: this file must load in plain Node). */
interface ElectronParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}
