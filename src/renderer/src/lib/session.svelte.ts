// The app's state: what the engine can do, the opened image(s), the chosen method, and the
// status line. It talks to main only through the contract's API object.
import type { Method, Palette, Swatch } from '../../../shared/palette'
import type {
  EngineStatus,
  ExportFormat,
  ExtractProgress,
  ExtractResult,
  ExtractSource,
  PaletteStudioApi,
  Result
} from '../../../shared/ipc-contract'
import { BoardColumn } from '../board/board-column.svelte'
import { UnsavedQuestion } from '../board/unsaved-question.svelte'
import { rgbToHex } from './color'
import { pasteColors } from './paste'
import { COPY_FORMATS, copiedNotice, copyLines, type CopyFormat } from './copy-format'
import { CopyChoice } from './copy-choice.svelte'
import { Column } from './column.svelte'
import { blobOf } from './blob'
import { needsDisplayCopy } from './drawn-alike'
import { clipName, withoutExtension } from '../../../shared/names'
import { runUserAction } from './user-action'
import { missingColour } from './missing-colour'
import type { Pixels } from './markers'

interface Busy {
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
/** The user cancelled the extraction: not a failure, so it is no error message either. */
class Cancelled extends Error {}

/** 'loading-model' → 'loading model': the engine's stage names, readable in the status line. */
const stageLabel = (stage: string): string => stage.replaceAll('-', ' ')

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new UserError(result.error.message)
  return result.value
}

/** The image's name less its extension: the suggested file name and group of its exports, and the group of its copied CSS variables. */
const exportName = (column: Column): string => clipName(withoutExtension(column.name))

/** What a palette is to the user: its colours and given names, in order (not its locks or shares). */
const paletteKey = (swatches: readonly Swatch[]): string => JSON.stringify(swatches.map((s) => [rgbToHex(s.rgb), s.name ?? '']))

/** Every palette extracted from the image so far, each method once (median cut comes with every result). */
function extractedPalettes(column: Column): Palette[] {
  const palettes: Palette[] = []
  for (const result of Object.values(column.results)) {
    for (const palette of [result.palette, result.groundTruth]) {
      if (palette && !palettes.some((p) => p.method === palette.method)) palettes.push(palette)
    }
  }
  return palettes
}

/** The image as a board column: its extracted palettes, and the user's palette with its names and locks. */
function boardColumnOf(column: Column): BoardColumn {
  const path = column.source.kind === 'path' ? column.source.path : undefined
  const added = new BoardColumn({ name: column.name, kind: 'image', path })
  added.setPalettes(extractedPalettes(column), { method: column.method, swatches: column.editor.toSwatches() })
  column.editor.swatches.forEach((s, i) => s.locked && added.editor.toggleLock(i))
  // The board column starts its own history: the image view's edits stay undoable there.
  added.editor.history.clear()
  return added
}

/** Places in a list as said: "1", "1 and 3", "1, 2, and 3". */
const listOf = new Intl.ListFormat('en', { type: 'conjunction' })

/** What undo or redo did; a second one in a row is said in other words, so the live status line says it too. */
function stepNotice(now: string | null, action: 'undo' | 'redo'): string {
  const verb = action === 'undo' ? 'Undid' : 'Redid'
  const message = `${verb} an edit to the palette.`
  return now === message ? `${verb} another edit to the palette.` : message
}

export class Session {
  methods = $state<Method[]>([])
  method = $state<Method>('median-cut')
  columns = $state<Column[]>([])
  active = $state(0)
  busy = $state<Busy | null>(null)
  error = $state<string | null>(null)
  notice = $state<string | null>(null)
  /** The eyedropper is on: the image view's target picks the selected swatch's colour (setEyedropper). */
  eyedropper = $state(false)
  /** The method whose palette is being extracted for the open image (the picker shows it), null when none. */
  choosing = $state<Method | null>(null)
  /** Another image is being opened (and perhaps asked about, #mayReplace) to replace the shown one. */
  #opening = $state(false)
  /** Asked before another image replaces an edited palette; 'save' is Add to board here. */
  readonly unsaved = new UnsavedQuestion()
  /** Asked, as `unsaved` is, before the window closes (or the app quits) over an edited palette. */
  readonly closing = new UnsavedQuestion()
  /** The palette last exported or added to the board, and its image: replacing it loses nothing. */
  #kept = $state.raw<{ column: Column; key: string } | null>(null)

  readonly column = $derived<Column | undefined>(this.columns[this.active])
  /** The shown column's palette, from the method its palette was extracted with. */
  readonly result = $derived<ExtractResult | undefined>(this.column?.results[this.column.method])
  /** The shown palette differs from its extraction and has not been exported or added to the board as it is. */
  readonly edited = $derived.by<boolean>(() => {
    const { column, result } = this
    if (!column || !result) return false
    const key = paletteKey(column.editor.toSwatches())
    return key !== paletteKey(result.palette.swatches) && !(this.#kept?.column === column && this.#kept.key === key)
  })
  /** The extraction in flight (the status bar's Cancel stops it), null when none. */
  #requestId = $state<string | null>(null)
  /** Extractions cancelled, by the user or by a later image request: whatever they answer is not shown. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping: nothing shown depends on it
  #cancelled = new Set<string>()
  /** Numbers every action. */
  #tickets = 0
  /** The actions still running, by ticket, with their labels: the busy line shows the latest. */
  #running: { ticket: number; label: string }[] = []
  /** The latest image request (open, method change): an older one's result is no longer wanted. */
  #latestImage = 0
  /** Columns whose display copy has been asked for: the engine makes each one once. */
  #displayCopies = new WeakSet<Column>()
  /** Settles when init() has chosen the method: an image opened before waits for it. */
  #ready: Promise<void> = Promise.resolve()

  constructor(
    private readonly api: PaletteStudioApi,
    /** The page's clipboard (navigator.clipboard in the app); main's clipboard is the fallback. */
    private readonly writeClipboard: (text: string) => Promise<void> = () => Promise.reject(new Error('none')),
    /** Puts a column on the compare board (Root.svelte), making its preview from the shown image's URL. */
    private readonly addColumn: (column: BoardColumn, imageUrl: string) => Promise<void> = () =>
      Promise.reject(new Error('There is no compare board here.')),
    /** What Copy and Copy Palette write (the window's one choice, Root.svelte: the board's copies follow it too). */
    private readonly copying: CopyChoice = new CopyChoice()
  ) {}

  /** HEX, rgb(), hsl(), oklch() or CSS variables. */
  get copyFormat(): CopyFormat {
    return this.copying.format
  }

  chooseCopyFormat(format: CopyFormat): void {
    this.copying.choose(format)
  }

  /** Swatch `index` of the shown palette as Copy writes it, in the chosen format; undefined when there is none. */
  swatchText(index: number): string | undefined {
    const column = this.column
    const swatches = column?.editor.swatches ?? []
    return column && swatches[index] && copyLines(swatches, this.copyFormat, exportName(column))[index]
  }

  async copySwatch(index: number): Promise<void> {
    const text = this.swatchText(index)
    if (text !== undefined) await this.copyText(text, text)
  }

  /** Says what was copied on the status line (said again when it is the same copy: copiedNotice). */
  copied(what: string): void {
    this.notice = copiedNotice(this.notice, what)
  }

  init(): Promise<void> {
    this.#ready = this.#run('Starting the engine', async () => {
      const info = unwrap(await this.api.getAppInfo({}))
      this.methods = info.methods
      // An image already open keeps the method it was extracted with.
      if (!this.column) this.method = preferredMethod(info.methods)
    })
    return this.#ready
  }

  /**
   * Whether another method may be chosen now; while a method's palette is extracted too, as a
   * later choice supersedes it. Not while an image opens: a method chosen then would either not be
   * the new image's or cancel its opening.
   */
  get mayChooseMethod(): boolean {
    return this.methods.length > 0 && !this.#opening
  }

  /** Whether an extraction is in flight that Cancel can stop. */
  get canCancel(): boolean {
    return this.#requestId !== null
  }

  /** Stops the extraction in flight; its action ends with "Cancelled" and changes nothing. */
  async cancelExtract(): Promise<void> {
    const requestId = this.#requestId
    if (requestId === null) return
    this.#cancelled.add(requestId)
    await this.#sendCancel(requestId)
  }

  async #sendCancel(requestId: string): Promise<void> {
    const result = await this.api.cancelExtract({ requestId })
    // A failed cancel matters only while its extraction is still the one shown as running.
    if (!result.ok && requestId === this.#requestId) this.error = result.error.message
  }

  /**
   * A later image request makes the extraction in flight unwanted: the engine runs one request at
   * a time, so it is stopped rather than left to hold up the new one and Cancel.
   */
  #supersede(): void {
    const requestId = this.#requestId
    if (requestId === null) return
    this.#requestId = null
    this.#cancelled.add(requestId)
    void this.#sendCancel(requestId)
  }

  /** Engine progress for the request in flight (other requests' progress is not ours). */
  progress(p: ExtractProgress): void {
    // A cancel may reach main before its extraction has (main checks the file first): the
    // engine's word on it means it is there now, so the cancel is said again.
    if (this.#cancelled.has(p.requestId)) void this.#sendCancel(p.requestId)
    else if (this.busy && p.requestId === this.#requestId)
      this.busy = { ...this.busy, stage: stageLabel(p.stage), fraction: p.fraction }
  }

  async openDialog(): Promise<void> {
    const { paths } = unwrap(await this.api.openImageDialog({}))
    if (paths[0]) await this.openPath(paths[0])
  }

  async openPath(path: string): Promise<void> {
    // Opening before the engine said what it has would extract with the fallback method.
    await this.#ready
    await this.#runImage('Opening', null, async (ticket) => {
      const file = unwrap(await this.api.readImageFile({ path }))
      const url = URL.createObjectURL(blobOf(file))
      await this.#open(new Column(file.name, { kind: 'path', path }, url), ticket)
    })
  }

  /** A dropped file: by path when Electron knows it, else by its bytes. */
  async openFile(file: File): Promise<void> {
    await this.#ready
    await this.#runImage('Opening', null, async (ticket) => {
      const path = this.api.getPathForFile(file)
      const source: ExtractSource = path
        ? { kind: 'path', path }
        : { kind: 'bytes', bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }
      await this.#open(new Column(file.name, source, URL.createObjectURL(file)), ticket)
      if (path) await this.api.addRecent({ path, kind: 'image' })
    })
  }

  /**
   * The image view could not decode the column's file (Chromium reads no TIFF or HEIF), or would
   * draw other colours than the palette's (a CMYK JPEG: lib/drawn-alike): the engine makes a PNG of
   * it, once. When that fails, or the PNG will not draw either, the column says why.
   */
  async showDisplayCopy(column: Column): Promise<void> {
    const { source } = column
    const cannot = 'This image cannot be previewed.'
    if (this.#displayCopies.has(column)) {
      // The copy would not draw either (one still on its way is no failure yet).
      if (column.displayUrl !== column.imageUrl) column.noPreview = cannot
      return
    }
    // Raw frames are pixels already: there is nothing better to draw them from.
    if (source.kind === 'rgba') {
      column.noPreview = cannot
      return
    }
    this.#displayCopies.add(column)
    const result = await this.api.displayCopy({ source })
    if (!result.ok) column.noPreview = `${cannot} ${result.error.message}`
    else column.useDisplayCopy(URL.createObjectURL(blobOf(result.value)))
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
      // Back to a palette already made: an extraction still running for another method would
      // otherwise land over it, and over the edits made on it meanwhile.
      this.#latestImage = ++this.#tickets
      this.#supersede()
      this.choosing = null
      this.#opening = false
      this.method = method
      // The palette on show already (chosen again while another method extracted) keeps its edits.
      if (column.method !== method) column.show(method)
      return
    }
    // The method changes only once its palette is there: a failure leaves everything as it was.
    await this.#runImage('Extracting', method, async (ticket) => {
      const result = await this.#extract(column.source, method)
      if (!this.#isLatest(ticket) || this.column !== column) return
      column.take(method, result)
      this.method = method
    })
  }

  async exportPalette(format: ExportFormat): Promise<void> {
    const column = this.column
    if (!column) return
    // The toolbar's buttons say so in their tooltips; a shortcut says it here.
    if (column.editor.swatches.length === 0) {
      this.error = `${column.name} has no colours to export: every pixel of it is transparent. Open another image.`
      return
    }
    await this.#run('Exporting', async () => {
      const stem = exportName(column)
      const swatches = column.editor.toSwatches()
      const { paths } = unwrap(
        await this.api.exportPalette({ format, groups: [{ name: stem, swatches }], suggestedName: stem })
      )
      if (paths.length === 0) return
      this.#kept = { column, key: paletteKey(swatches) }
      this.notice = `Exported ${paths.join(', ')}`
    })
  }

  /** Adds the image, every palette extracted from it and the user's palette to the compare board. */
  async addToBoard(): Promise<void> {
    await this.#run('Adding to the board', () => this.#addToBoard())
  }

  async #addToBoard(): Promise<void> {
    const column = this.column
    if (!column) return
    const key = paletteKey(column.editor.toSwatches())
    await this.addColumn(boardColumnOf(column), column.displayUrl)
    this.#kept = { column, key }
    this.notice = `Added ${column.name} to the compare board`
  }

  async copyText(text: string, what: string): Promise<void> {
    try {
      await this.writeClipboard(text)
    } catch {
      // Without clipboard permission (some test browsers), main's clipboard does it.
      unwrap(await this.api.copyText({ text }))
    }
    this.copied(what)
  }

  /**
   * Paste with no field to take the text (Ctrl+V, Edit › Paste): the selected swatch, and the ones
   * after it for a palette pasted, take the colours (lib/paste), or the status line says why not.
   */
  pasteColor(text: string): void {
    const editor = this.column?.editor
    if (editor?.current) this.notice = pasteColors(editor, text)
  }

  /**
   * Undo or redo in the shown palette (keys, menu, toolbar), said on the status line: a screen
   * reader hears no other sign of it, and the change may be out of sight.
   */
  step(action: 'undo' | 'redo'): void {
    const column = this.column
    if (!column?.editor[action]()) return
    // A method change undone or redone brings back its method with its palette: the picker shows it.
    this.method = column.method
    this.notice = stepNotice(this.notice, action)
  }

  /**
   * Back to the palette as extracted (the toolbar's Reset), said on the status line with the
   * locked swatches it kept in their places (Editor.reset).
   */
  reset(): void {
    const editor = this.column?.editor
    if (!editor || editor.swatches.length === 0) return
    editor.reset()
    const locked = editor.swatches.flatMap((s, i) => (s.locked ? [String(i + 1)] : []))
    const kept = locked.length === 0 ? '' : `, keeping locked swatch${locked.length > 1 ? 'es' : ''} ${listOf.format(locked)}`
    this.notice = `Reset to the extracted palette${kept}`
  }

  /**
   * Adds a swatch to the shown palette in the image's most common colour it lacks (lib/missing-colour;
   * `pixels`: the shown picture's, null while there is none), said on the status line.
   */
  addSwatch(pixels: Pixels | null): void {
    const editor = this.column?.editor
    if (!editor?.add(missingColour(pixels, editor.swatches.map((s) => s.rgb)))) return
    this.notice = `Added swatch ${editor.swatches.length} — ${rgbToHex(editor.swatches[editor.swatches.length - 1].rgb)}`
  }

  /** Removes swatch `index` of the shown palette, or says on the status line why it stays. */
  removeSwatch(index: number): void {
    const editor = this.column?.editor
    const swatch = editor?.swatches[index]
    if (!editor || !swatch) return
    const n = index + 1
    if (swatch.locked) this.notice = `Swatch ${n} is locked: unlock it to remove it.`
    else if (!editor.remove(index)) this.notice = `Swatch ${n} is the only one left: a palette keeps at least one swatch.`
    else this.notice = `Removed swatch ${n} — ${swatch.named ? `${swatch.name}, ` : ''}${rgbToHex(swatch.rgb)}`
  }

  // The edits below change what may be out of sight (a swatch card below the fold, the markers
  // over the image): each is said on the status line, as Remove and Undo are, for screen readers.

  /** Selects swatch `index` (the digit keys), said on the status line; a place with no swatch changes nothing. */
  selectSwatch(index: number): void {
    const editor = this.column?.editor
    if (!editor?.swatches[index]) return
    editor.select(index)
    this.notice = `Swatch ${index + 1} selected`
  }

  /** Locks or unlocks swatch `index` (L, its Lock button), said on the status line. */
  toggleLock(index: number): void {
    const editor = this.column?.editor
    if (!editor?.swatches[index]) return
    editor.toggleLock(index)
    this.notice = `Swatch ${index + 1} ${editor.swatches[index].locked ? 'locked' : 'unlocked'}`
  }

  /** Lightens (1) or darkens (-1) swatch `index` a step (its +L and −L), said with the colour it took, or why none. */
  nudgeSwatch(index: number, direction: 1 | -1): void {
    const editor = this.column?.editor
    const before = editor?.swatches[index]
    if (!editor || !before) return
    editor.nudge(index, direction)
    const after = editor.swatches[index]
    const n = index + 1
    if (after === before) this.notice = `Swatch ${n} is as ${direction > 0 ? 'light' : 'dark'} as it goes.`
    else this.notice = `Swatch ${n} ${direction > 0 ? 'lightened' : 'darkened'} to ${rgbToHex(after.rgb)}`
  }

  /** Moves swatch `from` to place `to` (Alt+arrows, its move buttons, a drag), said on the status line. */
  moveSwatch(from: number, to: number): void {
    const editor = this.column?.editor
    if (!editor || from === to || !editor.swatches[from] || !editor.swatches[to]) return
    editor.move(from, to)
    this.notice = `Swatch ${from + 1} moved to ${to + 1}`
  }

  /**
   * Turns the eyedropper on or off (its toolbar button, I, Escape, a pick), said on the status
   * line: its target takes the place of the markers. On only for a swatch of a picture shown, as
   * it picks from the picture for the selected swatch.
   */
  setEyedropper(on: boolean): void {
    const column = this.column
    const next = on && column !== undefined && column.noPreview === null && column.editor.swatches.length > 0
    if (next === this.eyedropper) return
    this.eyedropper = next
    this.notice = next ? 'Eyedropper on' : 'Eyedropper off'
  }

  /** The eyedropper took a colour for the selected swatch (the image view): it goes off, said with the colour taken. */
  picked(): void {
    this.setEyedropper(false)
    const editor = this.column?.editor
    if (editor?.current) this.notice = `Swatch ${editor.selected + 1} picked ${rgbToHex(editor.current.rgb)}`
  }

  /** A menu item or shortcut by name (menu commands of the contract, plus 'open'). */
  command(name: string): void {
    const editor = this.column?.editor
    if (name === 'undo' || name === 'redo') this.step(name)
    else if (name === 'open' || name === 'open-image') void this.openDialog()
    else if (name === 'export-ase') void this.exportPalette('ase')
    else if (name === 'export-gpl') void this.exportPalette('gpl')
    else if (name === 'add-to-board') void this.addToBoard()
    else if (name === 'export-json') void this.exportPalette('json')
    else if (name === 'export-css') void this.exportPalette('css')
    else if (name === 'copy-palette' && editor && this.column) {
      const text = copyLines(editor.swatches, this.copyFormat, exportName(this.column)).join('\n')
      void this.copyText(text, `the palette as ${COPY_FORMATS[this.copyFormat]}`)
    }
  }

  /**
   * The engine process died: said here only when it died on this view's extraction (the next
   * request starts a fresh one). A crash on a batch file or the board's work is theirs to tell, even
   * while this view's request waits behind it: that request then runs in the fresh process.
   */
  engineStatus(status: EngineStatus): void {
    if (status.state !== 'crashed' || status.requestId !== this.#requestId) return
    this.error = status.message ?? 'The engine stopped; the next request restarts it.'
  }

  dismissError(): void {
    this.error = null
  }

  /**
   * Extract first, replace after: a bad file leaves the previous image and palette untouched, and
   * so does an image whose palette came after another image was asked for, or one the user would
   * not let replace their edited palette.
   */
  async #open(column: Column, ticket: number): Promise<void> {
    const method = this.method
    try {
      const result = await this.#extract(column.source, method)
      // Before the image shows: its file is never drawn in colours other than its palette's.
      if (needsDisplayCopy(result.source.space)) await this.showDisplayCopy(column)
      if (!this.#isLatest(ticket)) {
        column.dispose()
        return
      }
      column.take(method, result)
      // The image opened: an error said while it was on its way is no longer news.
      this.notice = null
      this.error = null
      if (!(await this.#mayReplace())) {
        column.dispose()
        return
      }
    } catch (err) {
      column.dispose()
      throw err
    }
    const previous = this.columns[this.active]
    previous?.dispose()
    this.columns = previous ? this.columns.map((c) => (c === previous ? column : c)) : [column]
    this.active = this.columns.indexOf(column)
  }

  /**
   * Whether the window may close (or the app quit): nothing keeps the Image view, so edits kept
   * nowhere else are added to the board (which is autosaved) or discarded first, as the user
   * chooses, as before another image replaces them. A question about that image gives way.
   */
  async mayClose(): Promise<boolean> {
    if (!this.edited) return true
    this.unsaved.answer('cancel')
    const choice = await this.closing.ask()
    if (choice === 'save') await this.addToBoard()
    return choice === 'discard' || (choice === 'save' && !this.edited)
  }

  /**
   * Whether the shown palette may be replaced: edits kept nowhere else (not exported, not on the
   * board) are added to the board first or discarded, as the user chooses; asked once the new image
   * is ready, so a file that fails asks nothing.
   */
  async #mayReplace(): Promise<boolean> {
    if (!this.edited) return true
    this.busy = { label: 'Opening (waiting for your answer)' } // not extracting any more
    const choice = await this.unsaved.ask()
    if (choice === 'save') await this.#addToBoard()
    return choice !== 'cancel'
  }

  async #extract(source: ExtractSource, method: Method): Promise<ExtractResult> {
    const requestId = crypto.randomUUID()
    this.#requestId = requestId
    this.busy = { label: `Extracting (${METHOD_LABELS[method]})` }
    const result = await this.api.extract({ requestId, source, method })
    // Done: nothing left to cancel, unless a later extraction has started meanwhile.
    if (this.#requestId === requestId) this.#requestId = null
    if (this.#cancelled.delete(requestId) || (!result.ok && result.error.code === 'CANCELLED')) throw new Cancelled()
    return unwrap(result)
  }

  /**
   * An action whose result replaces what the image view shows: the latest such action wins.
   * `method`: the method it extracts the open image with (`choosing`), null for another image.
   */
  async #runImage(label: string, method: Method | null, work: (ticket: number) => Promise<void>): Promise<void> {
    await this.#run(label, async (ticket) => {
      this.#latestImage = ticket
      this.#supersede()
      this.choosing = method
      this.#opening = method === null
      try {
        await work(ticket)
      } catch (err) {
        // The failure or cancel of an image the user has since replaced is no longer news.
        if (!this.#isLatest(ticket)) return
        if (err instanceof Cancelled) this.notice = 'Cancelled'
        else throw err
      } finally {
        if (this.#isLatest(ticket)) {
          this.choosing = null
          this.#opening = false
        }
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
