// A film opened in the app: where the user is in it, and its strip of palettes (the film's
// colour "barcode"). Sampling takes one frame at a time and yields between frames, so the UI
// stays responsive, and it stops at the next frame when cancelled or when another film opens.
import type { Palette } from '../../../shared/palette'
import type { SwatchGroup } from '../../../shared/ipc-contract'
import { formatTime, frameGroupName, stripName } from '../../../shared/film-names'
import { sampleTimes, type PictureSpan, type SamplePlan } from './sampling'

export interface StripEntry {
  /** When the frame starts (seconds): the frame on show at the sample's time, which may fall later in it. */
  time: number
  palette: Palette
  /** A small JPEG data: URL of the frame, for its board column ('' when none). */
  thumb: string
}

interface StripProgress {
  done: number
  total: number
}

/**
 * Takes the palette and preview of the frame on show at `time` (seek, grab, extract), with that
 * frame's own time: the strip names a frame by when it starts, as the command line does, not by
 * the sample's time inside it. Null when the frame shown there is one the strip has already (a
 * film with fewer frames than asked for). Throws an UnreadableFrame when the film cannot be read there.
 */
type FrameAt = (time: number) => Promise<StripEntry | null>

/** The film could not be read at a sample's time (a damaged stretch): the strip goes on without that frame. */
export class UnreadableFrame extends Error {
  override readonly name = 'UnreadableFrame'
}

/**
 * Samples in a row the film may fail to give before the strip stops: a damaged stretch spoils a
 * sample or two, a film moved, deleted or on a drive unplugged spoils every one that follows.
 */
const UNREAD_IN_A_ROW = 4

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

/** What a film needs of the board: its columns, to tell whether the strip's frames are on it. */
interface FilmBoard {
  readonly columns: readonly object[]
}

export class Film {
  url = $state('')
  name = $state('')
  duration = $state(0)
  time = $state(0)
  strip = $state<StripEntry[]>([])
  sampling = $state<StripProgress | null>(null)
  failure = $state<string | null>(null)
  /** Why the last film asked for could not be opened (the film on show, if any, stays). */
  openError = $state<string | null>(null)
  /** What the film view last said about this film (a strip made, a file saved, why it cannot play). */
  message = $state<string | null>(null)
  /** The player could not play this film (its codec, a damaged or vanished file), or it has no picture. */
  unplayable = $state(false)
  /** Counts films opened, the same one again included: each gets a player of its own. */
  opened = $state(0)
  /** The strip went to a file: making another loses nothing. */
  saved = $state(false)
  /** How many times the last strip sampled: more than its frames where the film has fewer frames than that. */
  asked = 0
  /** The times of the last strip's samples that could not be read (UnreadableFrame), in order. */
  unread: number[] = []
  #cancelled = false
  /** Counts strips and films: a strip whose number is no longer the latest belongs to a film closed since. */
  #run = 0
  /**
   * The columns the strip's frames were added to the board as. The strip is kept while one of them
   * is on the board: an undo there (or a board opened in its place) takes it back, a redo brings it.
   */
  #columns = $state.raw<object[]>([])

  /** The film's bytes, for one dropped from memory (its url a blob: URL); null for one opened by path. */
  file = $state.raw<Blob | null>(null)
  /** Its file's size and last modification when opened by path (getMediaUrl), '' for one dropped from memory. */
  version = ''

  /** `board`: where the strip's frames go, to tell whether they are on it now (none in a film of its own). */
  constructor(private readonly board: FilmBoard = { columns: [] }) {}

  open(url: string, name: string, file: Blob | null = null, version = ''): void {
    // The new film may be sampled at once; a strip of the old one stops, its frame in flight dropped.
    this.#run++
    this.sampling = null
    // A dropped film plays from a blob: URL that only this view holds.
    if (this.url.startsWith('blob:')) URL.revokeObjectURL(this.url)
    this.url = url
    this.name = name
    this.file = file
    this.version = version
    this.duration = 0
    this.time = 0
    this.strip = []
    this.failure = null
    this.openError = null
    this.message = null
    this.unplayable = false
    this.opened++
  }

  /** The strip would be lost if replaced: it has frames, went to no file, and none of its frames is on the board. */
  get unkept(): boolean {
    if (this.strip.length === 0 || this.saved) return false
    const added = this.#columns
    return !this.board.columns.some((column) => added.includes(column))
  }

  /** The strip's frames went to the board as `columns`. */
  addedToBoard(columns: readonly object[]): void {
    this.#columns = [...this.#columns, ...columns]
  }

  /** A frame's name, as on its board column: "film.mp4 @ 01:23.400". */
  frameName(time: number): string {
    return `${this.name} @ ${formatTime(time)}`
  }

  /** The name suggested for the strip's files ("film-strip"), within what an export carries. */
  get stripName(): string {
    return stripName(this.name)
  }

  /** One swatch group per frame with colours, named like its board column's exports ("film @ 01:23.400"). */
  groups(): SwatchGroup[] {
    return this.strip
      .filter(({ palette }) => palette.swatches.length > 0)
      .map(({ time, palette }) => ({ name: frameGroupName(this.name, time), swatches: palette.swatches }))
  }

  /**
   * Samples the strip over the part of the film with picture (what `spanOf` finds; all of it by
   * default); resolves with whether it ran to the end. A frame the film cannot give is left out
   * (its time in `unread`); any other failure stops the strip with a reason.
   */
  async sample(plan: SamplePlan, frameAt: FrameAt, spanOf: () => Promise<PictureSpan> = async () => ({ start: 0, end: this.duration })): Promise<boolean> {
    if (this.sampling) return false
    const run = ++this.#run
    const current = (): boolean => run === this.#run
    this.#cancelled = false
    this.failure = null
    this.strip = []
    this.unread = []
    this.saved = false
    this.#columns = []
    // Progress (and Cancel) from the start, while the picture is looked for: the whole film's count until then.
    this.sampling = { done: 0, total: sampleTimes(this.duration, plan).length }
    try {
      const span = await spanOf()
      const times = sampleTimes(span.end - span.start, plan).map((time) => Number((span.start + time).toFixed(3)))
      this.sampling = { done: 0, total: times.length }
      this.asked = times.length
      let unreadInARow = 0
      for (const [i, time] of times.entries()) {
        if (this.#cancelled || !current()) return false
        const frame = await frameAt(time).catch((err: unknown) => {
          if (!(err instanceof UnreadableFrame)) throw err
          if (current()) this.unread = [...this.unread, time]
          if (++unreadInARow >= UNREAD_IN_A_ROW) throw new Error(this.#unreadable(this.unread.at(-UNREAD_IN_A_ROW) ?? time))
          return undefined // unread, where null is a frame the strip has already
        })
        if (this.#cancelled || !current()) return false
        if (frame !== undefined) unreadInARow = 0
        if (frame) this.strip = [...this.strip, frame]
        this.sampling = { done: i + 1, total: times.length }
        await nextTask()
      }
      return true
    } catch (err) {
      if (current()) this.failure = err instanceof Error ? err.message : String(err)
      return false
    } finally {
      if (current()) this.sampling = null
    }
  }

  cancel(): void {
    this.#cancelled = true
  }

  /** Why the strip stopped: the film gave nothing from `from` on (each failed seek can take seconds). */
  #unreadable(from: number): string {
    const kept = this.strip.length > 0 ? ` The ${this.strip.length === 1 ? 'frame' : `${this.strip.length} frames`} before ${this.strip.length === 1 ? 'it is' : 'them are'} kept.` : ''
    return `${this.name} could not be read at ${UNREAD_IN_A_ROW} samples in a row from ${formatTime(from)}: was it moved or deleted, or is it damaged from there on? Open it again, or export it again from its source.${kept}`
  }

  /** The strip as JSON: what a script or another tool reads. */
  stripJson(): string {
    const samples = this.strip.map(({ time, palette }) => ({
      time,
      method: palette.method,
      swatches: palette.swatches.map((s) => ({ hex: s.hex, rgb: s.rgb, share: s.share }))
    }))
    return `${JSON.stringify({ film: this.name, duration: this.duration, samples }, null, 2)}\n`
  }
}
