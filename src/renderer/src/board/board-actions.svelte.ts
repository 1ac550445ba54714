// What the board does with the outside world: extracting columns through the engine, exporting,
// saving and reopening project files, and the autosave that survives a crash.
import type { Method, Palette } from '../../../shared/palette'
import type { ExportFormat, ExtractSource, PaletteStudioApi, RequestOf, Result, SwatchGroup } from '../../../shared/ipc-contract'
import { rgbToHex } from '../lib/color'
import { runUserAction } from '../lib/user-action'
import { Autosaver } from './autosave'
import { blobOf } from '../lib/blob'
import { needsDisplayCopy } from '../lib/drawn-alike'
import { clipName, normaliseName, withoutExtension } from '../../../shared/names'
import { baseName } from '../lib/names'
import { BoardColumn, type ColumnInit } from './board-column.svelte'
import { boardFull, type Board } from './board.svelte'
import { MAX_BOARD_COLUMNS, parseBoard, unreadable, type BoardJson } from './project'
import { UnsavedQuestion } from './unsaved-question.svelte'
import { CopyChoice } from '../lib/copy-choice.svelte'
import { COPY_FORMATS, copiedNotice, copyLines } from '../lib/copy-format'

class BoardError extends Error {}

/** A column the board had no room for (Board.add refused it). */
export class BoardFull extends BoardError {
  constructor(noun: string) {
    super(boardFull(1, 1, noun, 'Remove columns to make room and add it again.'))
  }
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new BoardError(result.error.message)
  return result.value
}

/** The contract carries the board as JSON; ours is JSON with readonly tuples, which zod's type does not say. */
const asWire = (board: BoardJson): RequestOf<'saveProject'>['board'] => board as unknown as RequestOf<'saveProject'>['board']
/**
 * `write` of `board` (Save, Save As, the autosave), once the board is checked as Open and a restore
 * will read it. A board that could not be read back is not written: saved, Open would call the file
 * damaged, and the next start would move the autosave aside, losing the board either way. The file
 * (or autosave) written last stays as it was, and the result says why.
 */
async function checkedWrite<T>(board: BoardJson, write: () => Promise<Result<T>>): Promise<Result<T>> {
  const problem = unreadable(board)
  if (problem === null) return write()
  const message = `The board was not written: Palette Studio could not open it again (${problem}). What was written before stays as it was.`
  return { ok: false, error: { code: 'BAD_REQUEST', message } }
}
/** How long a failed autosave waits before it is tried again with no new change. */
const AUTOSAVE_RETRY_MS = 10_000
const timeOf = (ms: number): string => new Date(ms).toLocaleTimeString()
/** What a board restored from its autosave says when its file changed since: a save over it is refused. */
const changedSince = (path: string): string =>
  `Another program changed ${baseName(path)} since you last had it open: choose Save As… to keep this board under another name, or open the file to see it as it is now.`
/** A column's preview, or why it has none. */
export type Preview = Pick<ColumnInit, 'thumb' | 'thumbProblem'>
/** A column's palette holds at most this many swatches (the project file's limit). */
const MAX_COLUMN_SWATCHES = 64

/**
 * A column for a group of the swatch file `fileName`, named "Group — file" to tell the board's
 * columns apart; its exports call it by the group's name alone, so a file imported and exported
 * again keeps its groups' names. Main names a file's loose swatches after the file when it has no
 * title (a GPL without `Name:`, an ASE without groups): a file's only palette with no name of its
 * own is named after the file alone.
 */
function importedColumn(group: SwatchGroup, fileName: string, path: string, only: boolean): BoardColumn {
  // Main's name for such swatches is normalised as every name it sends is ("Brand .gpl" gives
  // "Brand"): compared with the file's name made so, never with the file's name as it is.
  const fromFile = normaliseName(clipName(normaliseName(withoutExtension(fileName))))
  const own = group.name !== '' && group.name !== fromFile
  const name = only && !own ? fileName : `${group.name} — ${fileName}`
  const paletteName = own || (!only && group.name !== '') ? group.name : undefined
  const column = new BoardColumn({ name, kind: 'imported', path, paletteName })
  column.editor.load({ method: 'median-cut', swatches: group.swatches.slice(0, MAX_COLUMN_SWATCHES) })
  return column
}

/**
 * Which groups of a file the board had no room for, and what brings them in: importing the file
 * again starts from its first group, so only a board with room for all of them takes them.
 */
function notAdded(groups: readonly SwatchGroup[], added: number, name: string): string {
  const { name: firstName } = groups[added]
  const last = added + 1 === groups.length
  const which = last ? `It is group ${groups.length}` : `They are groups ${added + 1}–${groups.length}`
  const named = firstName ? (last ? `, "${firstName}"` : `, from "${firstName}" on`) : ''
  return (
    `${which}${named}. Importing ${name} again starts from its first group: to have them all, ` +
    `undo this import, remove columns to make room for ${groups.length} and import it again.`
  )
}

/** The board picks only extracted palettes for A and B; an imported palette, which has none, offers itself. */
function offerForCompare(board: Board, column: BoardColumn): void {
  const ref = { column: column.id, kind: 'edited' } as const
  if (!board.compareA) board.compareA = ref
  else if (!board.compareB) board.compareB = ref
}

const listOf = new Intl.ListFormat('en', { type: 'conjunction' })
/** The words for images with no colours (all a transparent image gives): their names, and one or several. */
function wordsFor(images: readonly string[]) {
  const one = images.length === 1
  return { names: listOf.format(images), has: one ? 'has' : 'have', was: one ? 'was' : 'were', it: one ? 'it' : 'each' }
}
/** Why nothing was exported (or copied) of the images named: "clear.png has no colours to export: every pixel of it is transparent." */
export function noColours(images: readonly string[], to: 'export' | 'copy' = 'export'): string {
  const { names, has, it } = wordsFor(images)
  return `${names} ${has} no colours to ${to}: every pixel of ${it} is transparent.`
}
/** What an export of the other images adds: "clear.png was left out: every pixel of it is transparent, so it has no colours". */
export function leftOutEmpty(images: readonly string[]): string {
  const { names, was, it } = wordsFor(images)
  return `${names} ${was} left out: every pixel of ${it} is transparent, so ${it} has no colours`
}

/** The methods a column is extracted with: k-means brings median cut along as its ground truth. */
export function methodsToRun(available: readonly Method[]): Method[] {
  return (['kmeans', 'neural'] as const).filter((m) => available.includes(m))
}

/** What a full board says before a dialog would ask for files it has no room for (`doing`: "adding images"). */
const fullBefore = (doing: string): string => `The board is full (it holds ${MAX_BOARD_COLUMNS} columns): remove columns to make room before ${doing}.`

/** The label of an add of images while it runs: the state line says how far it got instead. */
const ADDING = 'Adding'

/** How far an add of images got, and whether the user asked it to stop. */
export interface Adding {
  done: number
  total: number
  stopping: boolean
}

export class BoardActions {
  error = $state<string | null>(null)
  notice = $state<string | null>(null)
  autosavedAt = $state<number | null>(null)
  /** A change is waiting for (or in) its autosave write. */
  autosavePending = $state(false)
  /** Why the last autosave write failed; null when it succeeded. */
  autosaveError = $state<string | null>(null)
  methods = $state<Method[]>([])
  /** The add of images (Add images…, a drop, a paste) running now; null when none is. */
  adding = $state<Adding | null>(null)
  /** Whether starting brought back the board of the last run (the app then opens on the board). */
  restored = false
  readonly unsaved = new UnsavedQuestion()
  #ready = false
  /** The labels of the actions running, the latest last: the state line shows that one. */
  #running = $state<string[]>([])
  /** The adds of columns not ended yet: the board is not replaced under them. */
  #adds: Promise<unknown>[] = []
  /** How many times adding was stopped: an add stops once this changes after it was asked for. */
  #stops = 0
  #started: Promise<void> | null = null
  /** The words of `error` that say the board is full: taken out of it once the board has room again. */
  #fullSaid: string | null = null
  readonly #autosaver: Autosaver<BoardJson>
  #autosaveRetry: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly api: PaletteStudioApi,
    readonly board: Board,
    /** A small preview of an encoded image ('' when none): the page's canvas in the app (thumbnail.ts). */
    private readonly thumbOfBlob: (blob: Blob) => Promise<string> = async () => '',
    /** The format the board's copies write: the window's one "Copy as" choice (Root.svelte). */
    readonly copying: CopyChoice = new CopyChoice()
  ) {
    this.#autosaver = new Autosaver(async (json) => this.#autosaved(await checkedWrite(json, () => this.api.autosaveBoard({ board: asWire(json) }))))
  }

  #autosaved(result: Result<{ savedAt: number }>): void {
    this.autosavePending = this.#autosaver.pending
    clearTimeout(this.#autosaveRetry)
    if (result.ok) {
      this.autosavedAt = result.value.savedAt
      // A failure the user was told about is over once a write succeeds.
      if (this.autosaveError !== null) {
        if (this.error === this.autosaveError) this.error = null
        this.notice = 'Your changes are autosaved again.'
      }
      this.autosaveError = null
      return
    }
    // Said once when autosaving stops, not after every change: the board's state line keeps
    // saying "not autosaved" until a write succeeds.
    if (this.autosaveError === null) {
      this.autosaveError = `Your changes are not being autosaved: ${result.error.message} Save the board to a file of your own meanwhile.`
      this.error = this.autosaveError
    }
    // Tried again without waiting for the next change: the disk may be freed while the user looks on.
    if (!this.#autosaver.pending) this.#autosaveRetry = setTimeout(() => this.#autosave(), AUTOSAVE_RETRY_MS)
  }

  /** The autosaved board if there is one (after a crash, a kill, or a normal quit), and the methods. */
  init(): Promise<void> {
    this.#started ??= this.#init()
    return this.#started
  }

  async #init(): Promise<void> {
    await this.#run('Starting', async () => {
      // The methods wait for the engine to start; the board is read by main at once, and comes
      // first: one restored late would replace a board the user opened meanwhile.
      const info = this.api.getAppInfo({})
      try {
        await this.#restore()
      } finally {
        // Only the restore had to come first (an autosave before it would replace the board it
        // brings back), not the engine: the restored board is worked on while the engine starts.
        this.#ready = true
        this.methods = unwrap(await info).methods
      }
    })
  }

  async #restore(): Promise<void> {
    const { autosave } = unwrap(await this.api.restoreBoard({}))
    const parsed = autosave ? parseBoard(autosave.board) : null
    // Starting empty without a word would let the next autosave replace the board silently:
    // it is kept aside first, and the designer told where.
    if (parsed && !parsed.ok) {
      const { path } = unwrap(await this.api.keepAutosave({}))
      throw new BoardError(`Your last board could not be restored: ${parsed.message}${path ? ` It was kept as ${path}.` : ''}`)
    }
    if (!autosave || !parsed?.ok || parsed.board.columns.length === 0) return
    const { board } = parsed
    const file = board.savedPath
    // Its file changed since (a synced folder, another computer): the autosave is not that file's board.
    const changed = file !== null && autosave.changed.includes(file) ? file : null
    this.restored = true
    // With nothing unsaved, the board is its file's, which is now as another program left it.
    if (changed && !board.dirty && (await this.#reopen(changed))) return
    this.board.load(board)
    this.autosavedAt = autosave.savedAt
    this.notice =
      (board.dirty ? `Restored your board with its unsaved changes from ${timeOf(autosave.savedAt)}.` : `Reopened your board${file ? ` (${file})` : ''}.`) +
      (changed ? ` ${changedSince(changed)}` : '')
  }

  /** Opens the board's own file in place of its autosave, saying why; false when it cannot be read (the autosave is shown). */
  async #reopen(path: string): Promise<boolean> {
    const project = await this.#read(path).catch(() => null)
    if (!project) return false
    await this.#show(project)
    // Written now: autosaving starts after the restore, and the autosave still holds the old board.
    this.#autosave()
    this.notice = `Reopened your board (${path}) as it is now: another program changed it since you last had it open.`
    return true
  }

  /** Called with the board's content after every change: mark it dirty and autosave soon. */
  changed(content: string): void {
    this.#roomAgain()
    if (!this.#ready) return
    this.board.noteContent(content)
    this.#autosave()
  }

  /** `message`, which says the board is full, noted as such (#roomAgain). */
  #full(message: string): string {
    this.#fullSaid = message
    return message
  }

  /** A board with room again (an undo, a removal) no longer says it is full; the rest of its message stays. */
  #roomAgain(): void {
    const said = this.#fullSaid
    if (said === null || this.board.room === 0) return
    this.#fullSaid = null
    if (this.error?.includes(said)) this.error = this.error.replace(said, '').trim() || null
  }

  /** Says the board is full instead of opening a dialog for files it has no room for; false when it has room. */
  #refusedFull(doing: string): boolean {
    if (this.board.room > 0) return false
    this.notice = null
    this.error = this.#full(fullBefore(doing))
    return true
  }

  #autosave(): void {
    this.autosavePending = true
    this.#autosaver.schedule(this.board.toJSON())
  }

  /** Write the autosave now (the page is closing). */
  flush(): Promise<void> {
    return this.#autosaver.flush()
  }

  /** What the board is doing, for its state line ("Adding 3 of 44"); null when idle. */
  get busy(): string | null {
    const label = this.#running.at(-1) ?? null
    return label === ADDING ? this.addingLabel : label
  }

  /** How far the add of images running now got ("Adding 3 of 44"), or that it is stopping. */
  get addingLabel(): string | null {
    if (!this.adding) return null
    const { done, total, stopping } = this.adding
    return stopping ? 'Stopping' : `Adding ${Math.min(done + 1, total)} of ${total}`
  }

  /** Stops the adds of images asked for so far after the image being added now; its columns stay. */
  stopAdding(): void {
    this.#stops++
    if (this.adding) this.adding.stopping = true
  }

  /**
   * Stops every add of columns and waits for it to end (the image being added now is finished),
   * so that a board replaced next gets none of the old board's columns; those added stay on the
   * old board, which the unsaved-changes question is then about.
   */
  async #endAdds(): Promise<void> {
    while (this.#adds.length > 0) {
      this.stopAdding()
      await Promise.allSettled(this.#adds)
    }
  }

  /** Runs an add of columns as one of those #endAdds waits for. */
  async #tracked<T>(add: Promise<T>): Promise<T> {
    this.#adds = [...this.#adds, add]
    try {
      return await add
    } finally {
      this.#adds = this.#adds.filter((a) => a !== add)
    }
  }

  async addPaths(paths: readonly string[]): Promise<void> {
    await this.#addEach(paths, baseName, async (path) => {
      const file = unwrap(await this.api.readImageFile({ path }))
      const source = { kind: 'path', path } as const
      await this.addSource(source, { name: file.name, kind: 'image', path }, (space) => this.thumbFor(blobOf(file), source, space))
    })
  }

  async addFiles(files: readonly File[]): Promise<void> {
    await this.#addEach(files, (file) => file.name, async (file) => {
      const path = this.api.getPathForFile(file)
      const source: ExtractSource = path ? { kind: 'path', path } : { kind: 'bytes', bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }
      await this.addSource(source, { name: file.name, kind: 'image', path: path || undefined }, (space) => this.thumbFor(file, source, space))
    })
  }

  /**
   * A column's preview; a file the browser cannot decode (TIFF, HEIF), or would decode to other
   * colours than the palette's (a CMYK JPEG stored in `space`: lib/drawn-alike), gets it from the
   * engine's display copy, and when that fails (the engine died on it) the column says why it has none.
   */
  async thumbFor(blob: Blob, source: RequestOf<'displayCopy'>['source'], space: string): Promise<Preview> {
    const thumb = needsDisplayCopy(space) ? '' : await this.thumbOfBlob(blob)
    if (thumb) return { thumb }
    const copy = await this.api.displayCopy({ source })
    if (!copy.ok) return { thumb: '', thumbProblem: `The preview could not be made. ${copy.error.message}` }
    return { thumb: await this.thumbOfBlob(blobOf(copy.value)) }
  }

  /**
   * Adds every item as one action: a file that fails does not stop the others, and the message at
   * the end names each failed file with its reason (one action per file would let the next file's
   * start wipe the last one's message). One undo takes them all back, stopped or not. An add asked
   * for while another runs waits for it: the progress and Stop are about one add at a time.
   */
  async #addEach<T>(items: readonly T[], nameOf: (item: T) => string, add: (item: T) => Promise<void>): Promise<void> {
    const stops = this.#stops
    const before = Promise.allSettled(this.#adds)
    await this.#tracked(
      before.then(() => this.#run(ADDING, () => this.board.together(() => this.#addAll(items, nameOf, add, () => this.#stops !== stops))))
    )
  }

  async #addAll<T>(items: readonly T[], nameOf: (item: T) => string, add: (item: T) => Promise<void>, stopped: () => boolean): Promise<void> {
    const failed: string[] = []
    let full = 0
    let added = 0
    let stoppedEarly = false
    this.adding = { done: 0, total: items.length, stopping: false }
    try {
      for (const [i, item] of items.entries()) {
        if (stopped()) {
          stoppedEarly = true
          break
        }
        // The files the board has no room for are not read or extracted at all.
        if (this.board.room === 0) {
          full += items.length - i
          break
        }
        try {
          await add(item)
          added++
        } catch (err) {
          if (err instanceof BoardFull) full++
          else failed.push(`${nameOf(item)}: ${err instanceof Error ? err.message : String(err)}`)
        }
        this.adding = { done: i + 1, total: items.length, stopping: stopped() }
      }
    } finally {
      this.adding = null
    }
    const images = items.length === 1 ? 'image' : 'images'
    const noun = items.length === 1 ? 'file' : 'files'
    const problems = [
      stoppedEarly ? `Stopped after adding ${added} of ${items.length} ${images}.` : '',
      failed.length > 0 ? `Could not add ${failed.length} of ${items.length} ${noun}. ${failed.join(' · ')}` : '',
      full > 0 ? this.#full(boardFull(full, items.length, 'file', 'Remove columns to make room and add those files again.')) : ''
    ].filter(Boolean)
    if (failed.length > 0 || full > 0) throw new BoardError(problems.join(' '))
    if (problems.length > 0) this.notice = problems[0]
  }

  async addDialog(): Promise<void> {
    if (this.#refusedFull('adding images')) return
    const { paths } = unwrap(await this.api.openImageDialog({ multiple: true }))
    await this.addPaths(paths)
  }

  /**
   * File › Import Swatches…: each group of a swatch file (or its loose swatches) becomes an
   * imported column whose palette is the file's, to compare and edit like an extracted one.
   */
  async importSwatches(): Promise<void> {
    await this.#run('Importing', async () => {
      if (this.#refusedFull('importing swatches')) return
      const { file } = unwrap(await this.api.importPalette({}))
      if (!file) return
      const name = baseName(file.path)
      if (file.groups.length === 0) throw new BoardError(`${name} has no swatches to import.`)
      const total = file.groups.length
      // Columns only for the groups the board has room for: the rest would be built to be refused.
      const columns = file.groups.slice(0, this.board.room).map((group) => importedColumn(group, name, file.path, total === 1))
      // One file is one undo step, however many groups it holds.
      const added = this.board.together(() =>
        columns.filter((column) => {
          if (!this.board.add(column)) return false
          offerForCompare(this.board, column)
          return true
        })
      )
      const cut = added.filter((c) => file.groups[columns.indexOf(c)].swatches.length > MAX_COLUMN_SWATCHES).map((c) => c.name)
      if (added.length === 0) throw new BoardError(this.#full(boardFull(total, total, 'palette', 'Remove columns to make room and import the file again.')))
      this.notice =
        `Imported ${name}${added.length > 1 ? ` as ${added.length} columns` : ''}` +
        (cut.length > 0 ? `; kept the first ${MAX_COLUMN_SWATCHES} swatches of ${cut.join(', ')}` : '') +
        (file.notice ? `. ${file.notice}` : '')
      const left = total - added.length
      if (left > 0) this.error = this.#full(boardFull(left, total, 'palette', notAdded(file.groups, added.length, name)))
    })
  }

  /**
   * Extracts `source` with every method and adds it as a column (nothing is added if it fails).
   * `preview`: the column's preview, made once the colour space its image is stored in is known.
   * A board opened meanwhile waits for it: a frame taken from a film lands on the board it was taken for.
   */
  addSource(source: ExtractSource, init: ColumnInit, preview?: (space: string) => Promise<Preview>): Promise<BoardColumn> {
    return this.#tracked(
      (async () => {
        const { palettes, space } = await this.extractAll(source)
        const column = new BoardColumn({ ...init, ...(preview && (await preview(space))) })
        column.setPalettes(palettes)
        if (!this.board.add(column)) throw new BoardFull(init.kind)
        return column
      })()
    )
  }

  /** The source's palettes, and the colour space its image is stored in. */
  async extractAll(source: ExtractSource): Promise<{ palettes: Palette[]; space: string }> {
    await this.init() // the methods this build has
    const palettes: Palette[] = []
    let space = 'srgb'
    for (const method of methodsToRun(this.methods)) {
      const result = unwrap(await this.api.extract({ requestId: crypto.randomUUID(), source, method }))
      space = result.source.space
      palettes.push(result.palette)
      if (result.groundTruth && !palettes.some((p) => p.method === 'median-cut')) palettes.push(result.groundTruth)
    }
    return { palettes, space }
  }

  /**
   * Edit > Copy Palette on the board: the palette of the column worked in last (the last column
   * when none was touched yet, e.g. after a restore), one swatch a line in the chosen format, as
   * the image view copies it; CSS variables as the column's CSS export writes them.
   */
  async copyPalette(writeClipboard: (text: string) => Promise<void>): Promise<void> {
    const column = this.board.active ?? this.board.columns.at(-1)
    if (!column) {
      this.notice = 'The board is empty: add images first.'
      return
    }
    const said = this.notice // #run clears it; the same copy again must still change it (copiedNotice)
    await this.#run('Copying', async () => {
      const group = this.groupOf(column)
      if (!group) throw new BoardError(noColours([column.name], 'copy'))
      const { format } = this.copying
      // The editor's swatches, as a chip's Ctrl+C copies them (EditedPalette): with the HSL or OKLCH
      // numbers typed, which the group's 8-bit colours have lost. A column with no palette of the
      // user's (none in its file) copies the one it exports, named as main's export names them.
      const { swatches } = column.editor
      const copied = swatches.length > 0 ? swatches : group.swatches.map((s) => ({ rgb: s.rgb, name: s.name ?? s.hex }))
      const text = copyLines(copied, format, group.name).join('\n')
      try {
        await writeClipboard(text)
      } catch {
        unwrap(await this.api.copyText({ text })) // no clipboard permission: main's clipboard
      }
      this.notice = copiedNotice(said, `the palette of ${column.name} as ${COPY_FORMATS[format]}`)
    })
  }

  /**
   * Puts `sentence` on the board's status line, "again" when it says that already: a live region
   * whose text does not change is not read out again (two edits in a column undone in a row).
   */
  say(sentence: string): void {
    this.notice = this.notice === sentence ? `${sentence.replace(/\.$/, '')} again.` : sentence
  }

  /** Says on the board's status line what a chip's Ctrl+C copied (said again when it is the same copy). */
  copied(what: string): void {
    this.notice = copiedNotice(this.notice, what)
  }

  /** The palette a column exports: the user's edited one. */
  groupOf(column: BoardColumn): SwatchGroup | null {
    const palette = column.palette('edited') ?? column.palettes[0]
    if (!palette || palette.swatches.length === 0) return null
    return {
      name: column.title,
      swatches: palette.swatches.map((s) => ({ rgb: s.rgb, hex: rgbToHex(s.rgb), share: s.share, name: s.name, type: s.type }))
    }
  }

  async exportColumn(column: BoardColumn, format: ExportFormat): Promise<void> {
    await this.#run('Exporting', async () => {
      const group = this.groupOf(column)
      if (!group) throw new BoardError(noColours([column.name]))
      await this.#export(format, [group], group.name, false)
    })
  }

  /** ASE and JSON: one file with a group per column; GPL and CSS: one file per column. Columns with no colours are left out, saying so. */
  async exportAll(format: ExportFormat): Promise<void> {
    await this.#run('Exporting', async () => {
      const { columns } = this.board
      // As Save Board says it (File › Export works with the board's buttons off).
      if (columns.length === 0) {
        this.notice = 'The board is empty: add images first.'
        return
      }
      const each = columns.map((column) => ({ column, group: this.groupOf(column) }))
      const empty = each.filter(({ group }) => group === null).map(({ column }) => column.name)
      const groups = each.flatMap(({ group }) => (group ? [group] : []))
      if (groups.length === 0) throw new BoardError(noColours(empty))
      const leftOut = empty.length > 0 ? `; ${leftOutEmpty(empty)}` : ''
      await this.#export(format, groups, this.boardName, format === 'gpl' || format === 'css', leftOut)
    })
  }

  /** The board's name for the files made from it: its project file's, 'board' until it is saved. */
  get boardName(): string {
    const saved = this.board.savedPath
    const file = saved && baseName(saved)
    return file ? clipName(withoutExtension(file)) : 'board'
  }

  /** `leftOut`: what the notice adds about columns not exported. */
  async #export(format: ExportFormat, groups: SwatchGroup[], suggestedName: string, filePerGroup: boolean, leftOut = ''): Promise<void> {
    const { paths } = unwrap(await this.api.exportPalette({ format, groups, suggestedName, filePerGroup }))
    if (paths.length > 0) this.notice = `Exported ${paths.length === 1 ? paths[0] : `${paths.length} files`}${leftOut}`
  }

  async save(saveAs = false): Promise<void> {
    await this.#run('Saving', async () => {
      // A dialog for a file with nothing in it would only look like work kept. Save As still asks
      // (the user chose a file), and a saved board emptied since is saved empty, as it now is.
      if (!saveAs && !this.board.savedPath && this.board.columns.length === 0) {
        this.notice = 'The board is empty: add images first.'
        return
      }
      // Taken with the JSON: changes made while the dialog is open or the file is written are not in it.
      const written = this.board.content()
      const json = { ...this.board.toJSON(), dirty: false }
      const path = this.board.savedPath && !saveAs ? this.board.savedPath : undefined
      const saved = unwrap(await checkedWrite(json, () => this.api.saveProject({ board: asWire(json), path, suggestedName: this.boardName })))
      if (!saved.path) return
      this.board.markSaved(saved.path, Date.now(), written)
      this.#autosave()
      this.notice = `Saved ${saved.path}`
    })
  }

  async open(path?: string): Promise<void> {
    await this.#run('Opening board', async () => {
      // Asked about with the columns an add made. Asked before the file is read: saving the
      // changes may write that very file (Open Recent of the board open), which is then opened as saved.
      await this.#endAdds()
      if (!(await this.#mayReplace())) return
      const project = await this.#read(path)
      if (!project) return
      // Again for an add started while the question or the dialog was open.
      await this.#endAdds()
      await this.#show(project)
      const over = this.board.columns.length - MAX_BOARD_COLUMNS
      this.notice =
        `Opened ${project.path}` +
        (over > 0 ? `. It has ${this.board.columns.length} columns, more than the ${MAX_BOARD_COLUMNS} a board takes: remove ${over} or more before adding others.` : '')
    })
  }

  /** The board file at `path` (the Open dialog's choice without one), or null when the dialog was cancelled. */
  async #read(path?: string): Promise<{ path: string; board: BoardJson } | null> {
    const { project } = unwrap(await this.api.openProject({ path }))
    if (!project) return null
    const parsed = parseBoard(project.board)
    // Opened from Recent or a drop, the designer may not know which file was meant: name it.
    if (!parsed.ok) throw new BoardError(`Could not open ${project.path}. ${parsed.message}`)
    return { path: project.path, board: parsed.board }
  }

  /** Puts the board read from a file on the board; saves to the file are checked against it from now on. */
  async #show({ path, board }: { path: string; board: BoardJson }): Promise<void> {
    this.board.load({ ...board, savedPath: path, dirty: false })
    unwrap(await this.api.adoptProject({ path }))
  }

  /**
   * Whether the board may be replaced: unsaved changes are saved first or discarded, as the user
   * chooses (replacing them also overwrites their autosave, the only other copy).
   */
  async #mayReplace(): Promise<boolean> {
    // From the content, not the flag: the columns of an add that just ended may not be noted yet.
    this.board.noteContent(this.board.content())
    if (!this.board.dirty) return true
    const choice = await this.unsaved.ask()
    if (choice === 'save') await this.save()
    return choice === 'discard' || (choice === 'save' && !this.board.dirty)
  }

  dismiss(): void {
    this.error = null
  }

  async #run(label: string, work: () => Promise<void>): Promise<void> {
    this.#running = [...this.#running, label]
    await runUserAction(this, work)
    const at = this.#running.lastIndexOf(label)
    this.#running = this.#running.filter((_, i) => i !== at)
  }
}
