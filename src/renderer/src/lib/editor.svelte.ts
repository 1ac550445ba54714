// The editable palette of one image, up to five swatches: every change goes through `#edit`, so every
// change can be undone.
import type { ColourType, Method, Palette, Rgb, Swatch } from '../../../shared/palette'
import { clipName } from '../../../shared/names'
import { History } from './history.svelte'
import { fitOklch, hslToRgb, nudgeLightness, oklchToRgb, rgbToHex, rgbToHsl, rgbToOklch, type Hsl, type Oklch, type ReadColour } from './color'

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
  /**
   * The HSL or OKLCH numbers last typed for the swatch, while it keeps the colour they gave it
   * (any other change of colour drops them). They are read back as typed: the nearest ones of
   * the 8-bit colour moved the colour a step on later commits, and lost a hue or saturation
   * typed on black, white or a grey. Part of the swatch, so undo and redo bring them back too.
   */
  readonly typed?: { readonly hsl?: Hsl; readonly oklch?: Oklch }
  /**
   * The ASE colour type of an imported swatch (a spot ink stays a spot ink when exported). Kept
   * when the swatch is recoloured, as Illustrator keeps it; a swatch the app made has none.
   */
  readonly type?: ColourType
  /** Fields a newer build saved with the swatch: kept through every edit, and written back. */
  readonly unknown?: Readonly<Record<string, unknown>>
}

let nextId = 1

/** The most swatches the palette has: the five an extraction gives, at most. */
const MAX_SWATCHES = 5

/** An unnamed swatch is called by its hex code: on screen as in exported files, where it tells swatches apart. */
const labelled = (s: EditableSwatch): EditableSwatch => (s.named ? s : { ...s, name: rgbToHex(s.rgb) })

/** A palette's swatch with a name keeps it; one without (or with an empty one) is unnamed. */
function fromPalette(palette: Palette): EditableSwatch[] {
  return palette.swatches.map((s) =>
    labelled({ id: nextId++, rgb: s.rgb, name: s.name ?? '', named: Boolean(s.name), share: s.share, locked: false, ...(s.type && { type: s.type }) })
  )
}

/**
 * What undo and redo bring back: the swatches, and the palette they were extracted from (what Reset
 * goes back to, and its method), so that a new method's palette undone is undone whole.
 */
interface Snapshot {
  readonly swatches: EditableSwatch[]
  readonly extracted: Palette | undefined
}

export class Editor {
  swatches = $state<EditableSwatch[]>([])
  selected = $state(0)
  readonly history = new History<Snapshot>()
  #extracted = $state.raw<Palette | undefined>(undefined)

  readonly current = $derived<EditableSwatch | undefined>(this.swatches[this.selected])
  /** The method of the palette last extracted (undefined before the first): undo brings back the one before. */
  readonly method = $derived<Method | undefined>(this.#extracted?.method)
  /** Whether a swatch may be added: an extraction may give fewer than five (median cut drops empty boxes). */
  readonly canAdd = $derived(this.swatches.length < MAX_SWATCHES)

  /**
   * Takes a freshly extracted palette. Locked swatches stay where they are; the other places
   * are filled with the new colours in rank order, skipping colours already held by a lock
   * (mergeKeepingLocks). The first palette is not an undo step; later ones are (they may replace edits).
   */
  load(palette: Palette): void {
    const incoming = fromPalette(palette)
    if (this.swatches.length === 0) {
      this.#extracted = palette
      this.swatches = incoming
      this.selected = 0
      return
    }
    this.#edit((list) => mergeKeepingLocks(list, incoming), undefined, palette)
  }

  /** Channels are whole numbers from 0 to 255 (a field's 12.5 is 13); a colour with no number changes nothing. */
  setColor(index: number, rgb: Rgb, gesture?: string): void {
    if (!rgb.every(Number.isFinite)) return
    const channel = (v: number): number => Math.min(255, Math.max(0, Math.round(v)))
    const whole: Rgb = [channel(rgb[0]), channel(rgb[1]), channel(rgb[2])]
    this.#edit((list) => recolour(list, index, whole), gesture && `color-${index}-${gesture}`)
  }

  /**
   * A pasted palette, as one undo step: the first colour for swatch `index` (locked or not, as one
   * colour pasted), the next ones for the unlocked swatches after it, in order; a locked swatch was
   * locked to keep its colour. Colours past the last swatch are left out. Says how many went in,
   * and past how many locked swatches.
   */
  setColors(index: number, colors: readonly Rgb[]): { placed: number; skipped: number } {
    const after = this.swatches.flatMap((s, i) => (i > index && !s.locked ? [i] : []))
    const targets = index >= 0 && index < this.swatches.length ? [index, ...after] : []
    const placed = Math.min(colors.length, targets.length)
    const last = targets[placed - 1] ?? index
    const skipped = this.swatches.filter((s, i) => i > index && i < last && s.locked).length
    this.#edit((list) => targets.slice(0, placed).reduce((l, at, k) => recolour(l, at, colors[k]), list))
    return { placed, skipped }
  }

  /** The HSL numbers of swatch `index`: the ones typed for its colour, else its colour's. */
  hslOf(index: number): Hsl {
    const swatch = this.swatches[index]
    return swatch?.typed?.hsl ?? rgbToHsl(swatch?.rgb ?? [0, 0, 0])
  }

  /** The OKLCH numbers of swatch `index`: the ones typed for its colour, else its colour's. */
  oklchOf(index: number): Oklch {
    const swatch = this.swatches[index]
    return swatch?.typed?.oklch ?? rgbToOklch(swatch?.rgb ?? [0, 0, 0])
  }

  /** Colours by HSL numbers, read back as typed (a hue typed on black is an edit too). */
  setHsl(index: number, hsl: Hsl, gesture?: string): void {
    const rgb = hslToRgb(hsl)
    this.#edit((list) => replaceAt(list, index, { rgb, typed: { hsl } }), gesture && `color-${index}-${gesture}`)
  }

  /** As `setHsl`; outside sRGB the colour gets the chroma sRGB allows, and the numbers read back say so. */
  setOklch(index: number, oklch: Oklch, gesture?: string): void {
    const fitted = fitOklch(oklch)
    const rgb = oklchToRgb(fitted)
    this.#edit((list) => replaceAt(list, index, { rgb, typed: { oklch: fitted } }), gesture && `color-${index}-${gesture}`)
  }

  /** A colour read from text (the hex field): by its HSL or OKLCH numbers when it came in them, as if typed in their fields. */
  setRead(index: number, { rgb, typed }: ReadColour): void {
    if (typed && 'hsl' in typed) this.setHsl(index, typed.hsl)
    else if (typed) this.setOklch(index, typed.oklch)
    else this.setColor(index, rgb)
  }

  /**
   * Names the swatch. A blank name takes the given one away: the swatch is called by its hex code
   * again, and follows its colour (so does one given its own hex code while it had no name). A name
   * longer than an export carries is cut to fit.
   */
  rename(index: number, name: string): void {
    const trimmed = clipName(name.trim()).trimEnd()
    this.#edit((list) => {
      const swatch = list[index]
      const unnamed = trimmed === '' || (swatch && !swatch.named && trimmed === swatch.name)
      return replaceAt(list, index, unnamed ? { named: false } : { name: trimmed, named: true })
    })
  }

  /** No swatch at `index` (L on an image with no colours: every pixel transparent) changes nothing. */
  toggleLock(index: number): void {
    this.#edit((list) => replaceAt(list, index, { locked: !list[index]?.locked }))
  }

  nudge(index: number, direction: 1 | -1): void {
    this.#edit((list) => recolour(list, index, nudgeLightness(list[index].rgb, direction)))
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

  /**
   * Adds an unnamed, unlocked swatch of colour `rgb` at the end, selected, as one undo step. Its
   * share is 0: it stands for no region of the extraction. False when the palette is full.
   */
  add(rgb: Rgb): boolean {
    if (!this.canAdd) return false
    this.#edit((list) => [...list, { id: nextId++, rgb, name: '', named: false, share: 0, locked: false }])
    this.selected = this.swatches.length - 1
    return true
  }

  /**
   * Removes swatch `index` as one undo step; the selection stays on its swatch, or on the one that
   * takes the removed one's place (the one before, for the last). Not a locked swatch (it was
   * locked to keep it), nor the last one left. Whether it was removed.
   */
  remove(index: number): boolean {
    const swatch = this.swatches[index]
    if (!swatch || swatch.locked || this.swatches.length <= 1) return false
    this.#edit((list) => list.filter((_, i) => i !== index))
    return true
  }

  /**
   * Back to the palette as extracted, as one undo step. Locked swatches stay in their places, as a
   * new method's palette keeps them: a designer locks a swatch to keep it through such changes.
   */
  reset(): void {
    const extracted = this.#extracted
    if (!extracted || extracted.swatches.length === 0) return
    this.#edit((list) => mergeKeepingLocks(list, fromPalette(extracted)))
  }

  /** Whether there was a step to undo. */
  undo(): boolean {
    const previous = this.history.undo(this.#snapshot())
    if (previous) this.#show(previous)
    return previous !== undefined
  }

  /** Whether there was a step to redo. */
  redo(): boolean {
    const next = this.history.redo(this.#snapshot())
    if (next) this.#show(next)
    return next !== undefined
  }

  select(index: number): void {
    if (index >= 0 && index < this.swatches.length) this.selected = index
  }

  /** The palette as it is exported: only names the user gave (files name the others by hex code). */
  toSwatches(): Swatch[] {
    return this.swatches.map((s) => ({ rgb: s.rgb, hex: rgbToHex(s.rgb), share: s.share, ...(s.named && { name: s.name }), ...(s.type && { type: s.type }) }))
  }

  /** A change of the swatches (and, for a new palette, of the palette extracted) as one undo step. */
  #edit(change: (list: EditableSwatch[]) => EditableSwatch[], gesture?: string, extracted = this.#extracted): void {
    const before = this.#snapshot()
    const after = change(before.swatches).map(labelled)
    if (extracted === before.extracted && sameSwatches(before.swatches, after)) return
    this.history.record(before, gesture)
    this.#show({ swatches: after, extracted })
  }

  #snapshot(): Snapshot {
    return { swatches: this.swatches, extracted: this.#extracted }
  }

  /**
   * Shows `snapshot`, wherever the swatches change. The selection stays on its swatch wherever the
   * new list has it (an undone move takes it back with the swatch, a lock stays selected through a
   * new palette), else on its place, or on the last swatch when fewer are left: never past the end,
   * where the fields and keys would have no swatch to act on.
   */
  #show({ swatches, extracted }: Snapshot): void {
    const id = this.swatches[this.selected]?.id
    const at = swatches.findIndex((s) => s.id === id)
    this.swatches = swatches
    this.#extracted = extracted
    this.selected = at >= 0 ? at : Math.min(this.selected, Math.max(0, swatches.length - 1))
  }
}

function replaceAt(list: EditableSwatch[], index: number, patch: Partial<EditableSwatch>): EditableSwatch[] {
  if (index < 0 || index >= list.length) return list
  return list.map((s, i) => (i === index ? { ...s, ...patch } : s))
}

/** A new colour for the swatch at `index`; the numbers typed for its old one go (its own colour keeps them). */
function recolour(list: EditableSwatch[], index: number, rgb: Rgb): EditableSwatch[] {
  const swatch = list[index]
  return swatch && rgbToHex(swatch.rgb) === rgbToHex(rgb) ? list : replaceAt(list, index, { rgb, typed: undefined })
}

function sameSwatches(a: EditableSwatch[], b: EditableSwatch[]): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => {
      const t = b[i]
      return (
        s.id === t.id &&
        s.name === t.name &&
        s.named === t.named &&
        s.locked === t.locked &&
        rgbToHex(s.rgb) === rgbToHex(t.rgb) &&
        JSON.stringify(s.typed) === JSON.stringify(t.typed)
      )
    })
  )
}

/** A new colour this close to a locked one (±15 per channel, the paper's "same colour") is that colour. */
const SAME_COLOUR = 15
const channelDistance = (a: Rgb, b: Rgb): number => Math.max(...a.map((v, i) => Math.abs(v - b[i])))

/**
 * The new palette with the locked swatches of `current` in their places: it is as long as the new
 * palette, or reaches the last lock, and its other places take the new colours in rank order. When
 * the new colours run out before a lock, the locks left close up (a palette has no gaps).
 */
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
  const size = Math.max(incoming.length, current.findLastIndex((s) => s.locked) + 1)
  const merged: EditableSwatch[] = []
  for (let i = 0; i < size; i++) {
    const next = current[i]?.locked ? current[i] : fresh.shift()
    if (!next) return [...merged, ...current.slice(i).filter((s) => s.locked)]
    merged.push(next)
  }
  return merged
}
