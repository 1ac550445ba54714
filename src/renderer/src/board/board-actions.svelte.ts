// What the board does with the outside world: extracting columns through the engine, exporting,
// saving and reopening project files, and the autosave that survives a crash.
import type { Method, Palette } from '../../../shared/palette'
import type { ExportFormat, ExtractSource, PaletteStudioApi, RequestOf, Result, SwatchGroup } from '../../../shared/ipc-contract'
import { rgbToHex } from '../lib/color'
import { runUserAction } from '../lib/user-action'
import { Autosaver } from './autosave'
import { BoardColumn, withoutExtension, type ColumnInit } from './board-column.svelte'
import type { Board } from './board.svelte'
import { parseBoard, type BoardJson } from './project'
import { UnsavedQuestion } from './unsaved-question.svelte'

export class BoardError extends Error {}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new BoardError(result.error.message)
  return result.value
}

/** The contract carries the board as JSON; ours is JSON with readonly tuples, which zod's type does not say. */
const asWire = (board: BoardJson): RequestOf<'saveProject'>['board'] => board as unknown as RequestOf<'saveProject'>['board']
const timeOf = (ms: number): string => new Date(ms).toLocaleTimeString()

/** The methods a column is extracted with: k-means brings median cut along as its ground truth. */
export function methodsToRun(available: readonly Method[]): Method[] {
  return (['kmeans', 'neural'] as const).filter((m) => available.includes(m))
}

export class BoardActions {
  busy = $state<string | null>(null)
  error = $state<string | null>(null)
  notice = $state<string | null>(null)
  autosavedAt = $state<number | null>(null)
  /** A change is waiting for (or in) its autosave write. */
  autosavePending = $state(false)
  /** Why the last autosave write failed; null when it succeeded. */
  autosaveError = $state<string | null>(null)
  methods = $state<Method[]>([])
  readonly unsaved = new UnsavedQuestion()
  #ready = false
  #started: Promise<void> | null = null
  readonly #autosaver: Autosaver<BoardJson>

  constructor(
    private readonly api: PaletteStudioApi,
    readonly board: Board,
    /** A small preview of an encoded image ('' when none): the page's canvas in the app (thumbnail.ts). */
    private readonly thumbOfBlob: (blob: Blob) => Promise<string> = async () => ''
  ) {
    this.#autosaver = new Autosaver(async (json) => this.#autosaved(await this.api.autosaveBoard({ board: asWire(json) })))
  }

  #autosaved(result: Result<{ savedAt: number }>): void {
    this.autosavePending = this.#autosaver.pending
    if (result.ok) {
      this.autosavedAt = result.value.savedAt
      // A failure the user was told about is over once a write succeeds.
      if (this.error === this.autosaveError) this.error = null
      this.autosaveError = null
      return
    }
    this.autosaveError = `Autosave failed: ${result.error.message}`
    this.error = this.autosaveError
  }

  /** Methods, then the autosaved board if there is one (after a crash, a kill, or a normal quit). */
  init(): Promise<void> {
    this.#started ??= this.#init()
    return this.#started
  }

  async #init(): Promise<void> {
    await this.#run('Starting', async () => {
      this.methods = unwrap(await this.api.getAppInfo({})).methods
      const { autosave } = unwrap(await this.api.restoreBoard({}))
      const parsed = autosave ? parseBoard(autosave.board) : null
      if (parsed?.ok && parsed.board.columns.length > 0) {
        this.board.load(parsed.board)
        this.autosavedAt = autosave?.savedAt ?? null
        this.notice = parsed.board.dirty
          ? `Restored your board with its unsaved changes from ${timeOf(autosave!.savedAt)}.`
          : `Reopened your board${parsed.board.savedPath ? ` (${parsed.board.savedPath})` : ''}.`
      }
    })
    this.#ready = true
  }

  /** Called with the board's content after every change: mark it dirty and autosave soon. */
  changed(content: string): void {
    if (!this.#ready) return
    this.board.noteContent(content)
    this.#autosave()
  }

  #autosave(): void {
    this.autosavePending = true
    this.#autosaver.schedule(this.board.toJSON())
  }

  /** Write the autosave now (the page is closing). */
  flush(): Promise<void> {
    return this.#autosaver.flush()
  }

  async addPaths(paths: readonly string[]): Promise<void> {
    for (const [i, path] of paths.entries()) {
      await this.#run(`Adding ${i + 1} of ${paths.length}`, async () => {
        const file = unwrap(await this.api.readImageFile({ path }))
        const thumb = await this.thumbOfBlob(new Blob([file.bytes.slice()], { type: file.mime }))
        await this.addSource({ kind: 'path', path }, { name: file.name, kind: 'image', path, thumb })
      })
    }
  }

  async addFiles(files: readonly File[]): Promise<void> {
    for (const [i, file] of files.entries()) {
      await this.#run(`Adding ${i + 1} of ${files.length}`, async () => {
        const path = this.api.getPathForFile(file)
        const source: ExtractSource = path ? { kind: 'path', path } : { kind: 'bytes', bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }
        await this.addSource(source, { name: file.name, kind: 'image', path: path || undefined, thumb: await this.thumbOfBlob(file) })
      })
    }
  }

  async addDialog(): Promise<void> {
    const { paths } = unwrap(await this.api.openImageDialog({ multiple: true }))
    await this.addPaths(paths)
  }

  /** Extracts `source` with every method and adds it as a column (nothing is added if it fails). */
  async addSource(source: ExtractSource, init: ColumnInit): Promise<BoardColumn> {
    const palettes = await this.extractAll(source)
    const column = new BoardColumn(init)
    column.setPalettes(palettes)
    this.board.add(column)
    return column
  }

  async extractAll(source: ExtractSource): Promise<Palette[]> {
    await this.init() // the methods this build has
    const palettes: Palette[] = []
    for (const method of methodsToRun(this.methods)) {
      const result = unwrap(await this.api.extract({ requestId: crypto.randomUUID(), source, method }))
      palettes.push(result.palette)
      if (result.groundTruth && !palettes.some((p) => p.method === 'median-cut')) palettes.push(result.groundTruth)
    }
    return palettes
  }

  /**
   * Edit > Copy Palette on the board: the hex codes of the column worked in last (the last column
   * when none was touched yet, e.g. after a restore), one a line, as the image view copies them.
   */
  async copyPalette(writeClipboard: (text: string) => Promise<void>): Promise<void> {
    const column = this.board.active ?? this.board.columns.at(-1)
    const group = column ? this.groupOf(column) : null
    if (!column || !group) return
    const text = group.swatches.map((s) => s.hex).join('\n')
    await this.#run('Copying', async () => {
      try {
        await writeClipboard(text)
      } catch {
        unwrap(await this.api.copyText({ text })) // no clipboard permission: main's clipboard
      }
      this.notice = `Copied the palette of ${column.name}`
    })
  }

  /** The palette a column exports: the user's edited one. */
  groupOf(column: BoardColumn): SwatchGroup | null {
    const palette = column.palette('edited') ?? column.palettes[0]
    if (!palette || palette.swatches.length === 0) return null
    return {
      name: column.title,
      swatches: palette.swatches.map((s) => ({ rgb: s.rgb, hex: rgbToHex(s.rgb), share: s.share, name: s.name }))
    }
  }

  async exportColumn(column: BoardColumn, format: ExportFormat): Promise<void> {
    const group = this.groupOf(column)
    if (group) await this.#export(format, [group], group.name, false)
  }

  /** ASE: one file with a group per column; GPL: one file per column. */
  async exportAll(format: 'ase' | 'gpl'): Promise<void> {
    const groups = this.board.columns.map((c) => this.groupOf(c)).filter((g): g is SwatchGroup => g !== null)
    if (groups.length > 0) await this.#export(format, groups, this.boardName, format === 'gpl')
  }

  /** The board's name for the files made from it: its project file's, 'board' until it is saved. */
  get boardName(): string {
    const file = this.board.savedPath?.split(/[\\/]/).pop()
    return file ? withoutExtension(file) : 'board'
  }

  async #export(format: ExportFormat, groups: SwatchGroup[], suggestedName: string, filePerGroup: boolean): Promise<void> {
    await this.#run('Exporting', async () => {
      const { paths } = unwrap(await this.api.exportPalette({ format, groups, suggestedName, filePerGroup }))
      if (paths.length > 0) this.notice = `Exported ${paths.length === 1 ? paths[0] : `${paths.length} files`}`
    })
  }

  async save(saveAs = false): Promise<void> {
    await this.#run('Saving', async () => {
      const json = { ...this.board.toJSON(), dirty: false }
      const path = this.board.savedPath && !saveAs ? this.board.savedPath : undefined
      const saved = unwrap(await this.api.saveProject({ board: asWire(json), path, suggestedName: this.boardName }))
      if (!saved.path) return
      this.board.markSaved(saved.path, Date.now())
      this.#autosave()
      this.notice = `Saved ${saved.path}`
    })
  }

  async open(path?: string): Promise<void> {
    await this.#run('Opening board', async () => {
      const { project } = unwrap(await this.api.openProject({ path }))
      if (!project) return
      const parsed = parseBoard(project.board)
      if (!parsed.ok) throw new BoardError(parsed.message)
      if (!(await this.#mayReplace())) return
      this.board.load({ ...parsed.board, savedPath: project.path, dirty: false })
      this.notice = `Opened ${project.path}`
    })
  }

  /**
   * Whether the board may be replaced: unsaved changes are saved first or discarded, as the user
   * chooses (replacing them also overwrites their autosave, the only other copy).
   */
  async #mayReplace(): Promise<boolean> {
    if (!this.board.dirty) return true
    const choice = await this.unsaved.ask()
    if (choice === 'save') await this.save()
    return choice === 'discard' || (choice === 'save' && !this.board.dirty)
  }

  dismiss(): void {
    this.error = null
  }

  async #run(label: string, work: () => Promise<void>): Promise<void> {
    this.busy = label
    await runUserAction(this, work)
    this.busy = null
  }
}
