// The editable five-swatch palette of one image: every change goes through `#edit`, so every
// change can be undone.
import type { Palette, Rgb, Swatch } from '../../../shared/palette'
import { History } from './history.svelte'
import { nudgeLightness, rgbToHex } from './color'

export interface EditableSwatch {
  readonly id: number
  readonly rgb: Rgb
  /** What the swatch is called on screen: the user's name, or its hex code while it has none. */
  readonly name: string
  /** Whether the name was given (typed, or from the palette); an unnamed swatch follows its colour. */
  readonly named: boolean
  /**
   * The share of the extracted swatch this one came from. A share describes the image region the
   * swatch stands for, so recolouring, renaming or moving the swatch keeps it.
   */
  readonly share: number
  readonly locked: boolean
}

let nextId = 1

/** An unnamed swatch is called by its hex code: on screen as in exported files, where it tells swatches apart. */
const labelled = (s: EditableSwatch): EditableSwatch => (s.named ? s : { ...s, name: rgbToHex(s.rgb) })

/** A palette's swatch with a name keeps it; one without (or with an empty one) is unnamed. */
function fromPalette(palette: Palette): EditableSwatch[] {
  return palette.swatches.map((s) =>
    labelled({ id: nextId++, rgb: s.rgb, name: s.name ?? '', named: Boolean(s.name), share: s.share, locked: false })
  )
}

export class Editor {
  swatches = $state<EditableSwatch[]>([])
  selected = $state(0)
  readonly history = new History<EditableSwatch[]>()
  #extracted: EditableSwatch[] = []

  readonly current = $derived<EditableSwatch | undefined>(this.swatches[this.selected])

  /**
   * Takes a freshly extracted palette. Locked swatches stay where they are; the other places
   * are filled with the new colours in rank order, skipping colours already held by a lock.
   * The first palette is not an undo step; later ones are (they may replace edits).
   */
  load(palette: Palette): void {
    const incoming = fromPalette(palette)
    this.#extracted = incoming
    if (this.swatches.length === 0) {
      this.swatches = incoming
      this.selected = 0
      return
    }
    this.#edit(() => mergeKeepingLocks(this.swatches, incoming))
  }

  setColor(index: number, rgb: Rgb, gesture?: string): void {
    this.#edit((list) => replaceAt(list, index, { rgb }), gesture && `color-${index}-${gesture}`)
  }

  /** A blank name changes nothing: a swatch always has a name. */
  rename(index: number, name: string): void {
    const trimmed = name.trim()
    this.#edit((list) => (trimmed ? replaceAt(list, index, { name: trimmed, named: true }) : list))
  }

  toggleLock(index: number): void {
    this.#edit((list) => replaceAt(list, index, { locked: !list[index].locked }))
  }

  nudge(index: number, direction: 1 | -1): void {
    this.#edit((list) => replaceAt(list, index, { rgb: nudgeLightness(list[index].rgb, direction) }))
  }

  /** Moves the swatch at `from` to `to`; selection follows the moved swatch. */
  move(from: number, to: number): void {
    if (from === to || to < 0 || to >= this.swatches.length) return
    this.#edit((list) => {
      const next = [...list]
      const [moved] = next.splice(from, 1)
      next.splice(to, 0, moved)
      return next
    })
    this.selected = to
  }

  /** Back to the palette as extracted, locks included (an undo step like any other). */
  reset(): void {
    if (this.#extracted.length === 0) return
    this.#edit(() => this.#extracted.map((s) => ({ ...s, id: nextId++ })))
  }

  undo(): void {
    const previous = this.history.undo(this.swatches)
    if (previous) this.#restore(previous)
  }

  redo(): void {
    const next = this.history.redo(this.swatches)
    if (next) this.#restore(next)
  }

  select(index: number): void {
    if (index >= 0 && index < this.swatches.length) this.selected = index
  }

  hexes(): string[] {
    return this.swatches.map((s) => rgbToHex(s.rgb))
  }

  /** The palette as it is exported: only names the user gave (files name the others by hex code). */
  toSwatches(): Swatch[] {
    return this.swatches.map((s) => ({ rgb: s.rgb, hex: rgbToHex(s.rgb), share: s.share, ...(s.named && { name: s.name }) }))
  }

  #edit(change: (list: EditableSwatch[]) => EditableSwatch[], gesture?: string): void {
    const before = this.swatches
    const after = change(before).map(labelled)
    if (sameSwatches(before, after)) return
    this.history.record(before, gesture)
    this.swatches = after
  }

  #restore(list: EditableSwatch[]): void {
    this.swatches = list
    this.selected = Math.min(this.selected, Math.max(0, list.length - 1))
  }
}

function replaceAt(list: EditableSwatch[], index: number, patch: Partial<EditableSwatch>): EditableSwatch[] {
  if (index < 0 || index >= list.length) return list
  return list.map((s, i) => (i === index ? { ...s, ...patch } : s))
}

function sameSwatches(a: EditableSwatch[], b: EditableSwatch[]): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => {
      const t = b[i]
      return s.id === t.id && s.name === t.name && s.locked === t.locked && rgbToHex(s.rgb) === rgbToHex(t.rgb)
    })
  )
}

/** A new colour this close to a locked one (±15 per channel, the paper's "same colour") is that colour. */
const SAME_COLOUR = 15
const channelDistance = (a: Rgb, b: Rgb): number => Math.max(...a.map((v, i) => Math.abs(v - b[i])))

function mergeKeepingLocks(current: EditableSwatch[], incoming: EditableSwatch[]): EditableSwatch[] {
  const locked = current.filter((s) => s.locked)
  const fresh = [...incoming]
  // Each lock already stands for its nearest new colour: drop that one so it does not appear twice.
  for (const lock of locked) {
    const nearest = fresh.reduce<number>(
      (best, s, i) => (best < 0 || channelDistance(s.rgb, lock.rgb) < channelDistance(fresh[best].rgb, lock.rgb) ? i : best),
      -1
    )
    if (nearest >= 0 && channelDistance(fresh[nearest].rgb, lock.rgb) <= SAME_COLOUR) fresh.splice(nearest, 1)
  }
  const size = Math.max(locked.length, incoming.length)
  const merged: EditableSwatch[] = []
  for (let i = 0; i < size; i++) {
    const kept = current[i]?.locked ? current[i] : undefined
    const next = kept ?? fresh.shift()
    if (next) merged.push(next)
  }
  // Locked swatches beyond the new palette's length are kept too.
  for (const s of current.slice(size)) if (s.locked) merged.push(s)
  return merged
}
