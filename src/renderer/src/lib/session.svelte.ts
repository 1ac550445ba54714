// The app's state: what the engine can do, the opened image(s), the chosen method, and the
// status line. It talks to main only through the contract's API object.
import type { Method } from '../../../shared/palette'
import type {
  EngineStatus,
  ExportFormat,
  ExtractProgress,
  ExtractResult,
  ExtractSource,
  PaletteStudioApi,
  Result
} from '../../../shared/ipc-contract'
import { Column } from './column.svelte'
import { runUserAction } from './user-action'

export interface Busy {
  label: string
  stage?: string
  fraction?: number
}

export const METHOD_LABELS: Record<Method, string> = {
  neural: 'Neural (GAN + RL)',
  'median-cut': 'Median cut',
  kmeans: 'k-means'
}

/** The method a designer sees first: the paper's, when this build has it. */
function preferredMethod(methods: readonly Method[]): Method {
  return methods.includes('neural') ? 'neural' : 'median-cut'
}

class UserError extends Error {}

/** 'loading-model' → 'loading model': the engine's stage names, readable in the status line. */
const stageLabel = (stage: string): string => stage.replaceAll('-', ' ')

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new UserError(result.error.message)
  return result.value
}

export class Session {
  methods = $state<Method[]>([])
  method = $state<Method>('median-cut')
  columns = $state<Column[]>([])
  active = $state(0)
  busy = $state<Busy | null>(null)
  error = $state<string | null>(null)
  notice = $state<string | null>(null)

  readonly column = $derived<Column | undefined>(this.columns[this.active])
  /** The shown column's palette, from the method its palette was extracted with. */
  readonly result = $derived<ExtractResult | undefined>(this.column?.results[this.column.method])
  #requestId: string | null = null
  /** Numbers every action. */
  #tickets = 0
  /** The actions still running, by ticket, with their labels: the busy line shows the latest. */
  #running: { ticket: number; label: string }[] = []
  /** The latest image request (open, method change): an older one's result is no longer wanted. */
  #latestImage = 0
  /** Settles when init() has chosen the method: an image opened before waits for it. */
  #ready: Promise<void> = Promise.resolve()

  constructor(
    private readonly api: PaletteStudioApi,
    /** The page's clipboard (navigator.clipboard in the app); main's clipboard is the fallback. */
    private readonly writeClipboard: (text: string) => Promise<void> = () => Promise.reject(new Error('none'))
  ) {}

  init(): Promise<void> {
    this.#ready = this.#run('Starting the engine', async () => {
      const info = unwrap(await this.api.getAppInfo({}))
      this.methods = info.methods
      // An image already open keeps the method it was extracted with.
      if (!this.column) this.method = preferredMethod(info.methods)
    })
    return this.#ready
  }

  /** Engine progress for the request in flight (other requests' progress is not ours). */
  progress(p: ExtractProgress): void {
    if (this.busy && p.requestId === this.#requestId)
      this.busy = { ...this.busy, stage: stageLabel(p.stage), fraction: p.fraction }
  }

  async openDialog(): Promise<void> {
    const { paths } = unwrap(await this.api.openImageDialog({}))
    if (paths[0]) await this.openPath(paths[0])
  }

  async openPath(path: string): Promise<void> {
    // Opening before the engine said what it has would extract with the fallback method.
    await this.#ready
    await this.#runImage('Opening', async (ticket) => {
      const file = unwrap(await this.api.readImageFile({ path }))
      const url = URL.createObjectURL(new Blob([file.bytes.slice()], { type: file.mime }))
      await this.#open(new Column(file.name, { kind: 'path', path }, url), ticket)
    })
  }

  /** A dropped file: by path when Electron knows it, else by its bytes. */
  async openFile(file: File): Promise<void> {
    await this.#ready
    await this.#runImage('Opening', async (ticket) => {
      const path = this.api.getPathForFile(file)
      const source: ExtractSource = path
        ? { kind: 'path', path }
        : { kind: 'bytes', bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }
      await this.#open(new Column(file.name, source, URL.createObjectURL(file)), ticket)
      if (path) await this.api.addRecent({ path, kind: 'image' })
    })
  }

  /** Re-extracts the open image with another method; locked swatches stay. */
  async chooseMethod(method: Method): Promise<void> {
    const column = this.column
    if (!column) {
      this.method = method
      return
    }
    const cached = column.results[method]
    if (cached) {
      this.method = method
      column.show(method)
      return
    }
    // The method changes only once its palette is there: a failure leaves everything as it was.
    await this.#runImage('Extracting', async (ticket) => {
      const result = await this.#extract(column.source, method)
      if (!this.#isLatest(ticket) || this.column !== column) return
      column.take(method, result)
      this.method = method
    })
  }

  async exportPalette(format: ExportFormat): Promise<void> {
    const column = this.column
    if (!column || column.editor.swatches.length === 0) return
    await this.#run('Exporting', async () => {
      const stem = column.name.replace(/\.[^.]+$/, '') || 'palette'
      const swatches = column.editor.toSwatches()
      const { paths } = unwrap(
        await this.api.exportPalette({ format, groups: [{ name: stem, swatches }], suggestedName: stem })
      )
      if (paths.length > 0) this.notice = `Exported ${paths.join(', ')}`
    })
  }

  async copyText(text: string, what: string): Promise<void> {
    try {
      await this.writeClipboard(text)
    } catch {
      // Without clipboard permission (some test browsers), main's clipboard does it.
      unwrap(await this.api.copyText({ text }))
    }
    this.notice = `Copied ${what}`
  }

  /** A menu item or shortcut by name (menu commands of the contract, plus 'open'). */
  command(name: string): void {
    const editor = this.column?.editor
    if (name === 'undo') editor?.undo()
    else if (name === 'redo') editor?.redo()
    else if (name === 'open' || name === 'open-image') void this.openDialog()
    else if (name === 'export-ase') void this.exportPalette('ase')
    else if (name === 'export-gpl') void this.exportPalette('gpl')
    else if (name === 'copy-palette' && editor) void this.copyText(editor.hexes().join('\n'), 'the palette')
  }

  /** The engine process died: say so (the next request starts a fresh one). */
  engineStatus(status: EngineStatus): void {
    if (status.state === 'crashed') this.error = status.message ?? 'The engine stopped; the next request restarts it.'
  }

  dismissError(): void {
    this.error = null
  }

  /**
   * Extract first, replace after: a bad file leaves the previous image and palette untouched, and
   * so does an image whose palette came after another image was asked for.
   */
  async #open(column: Column, ticket: number): Promise<void> {
    const method = this.method
    try {
      const result = await this.#extract(column.source, method)
      if (!this.#isLatest(ticket)) {
        column.dispose()
        return
      }
      column.take(method, result)
    } catch (err) {
      column.dispose()
      throw err
    }
    const previous = this.columns[this.active]
    previous?.dispose()
    this.columns = previous ? this.columns.map((c) => (c === previous ? column : c)) : [column]
    this.active = this.columns.indexOf(column)
    this.notice = null
  }

  async #extract(source: ExtractSource, method: Method): Promise<ExtractResult> {
    const requestId = crypto.randomUUID()
    this.#requestId = requestId
    this.busy = { label: `Extracting (${METHOD_LABELS[method]})` }
    return unwrap(await this.api.extract({ requestId, source, method }))
  }

  /** An action whose result replaces what the image view shows: the latest such action wins. */
  async #runImage(label: string, work: (ticket: number) => Promise<void>): Promise<void> {
    await this.#run(label, async (ticket) => {
      this.#latestImage = ticket
      try {
        await work(ticket)
      } catch (err) {
        // The failure of an image the user has since replaced is no longer news.
        if (this.#isLatest(ticket)) throw err
      }
    })
  }

  #isLatest(ticket: number): boolean {
    return ticket === this.#latestImage
  }

  async #run(label: string, work: (ticket: number) => Promise<void>): Promise<void> {
    const ticket = ++this.#tickets
    this.#running.push({ ticket, label })
    this.busy = { label }
    await runUserAction(this, () => work(ticket))
    this.#running = this.#running.filter((action) => action.ticket !== ticket)
    // A later action still running keeps its own busy line; else the latest one left shows, or none.
    if (this.#running.some((action) => action.ticket > ticket)) return
    const still = this.#running.at(-1)?.label
    this.busy = still === undefined ? null : { label: still }
    if (still === undefined) this.#requestId = null
  }
}
