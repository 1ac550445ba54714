// The hex field of a palette editor (the Image view's, a board column's): it takes a hex code or
// any CSS colour, and says why it refuses text (lib/color's words) until the text reads, Escape,
// or leaving the field. Refused text stays in the field as long as the refusal is said, so that
// the field, its message and its invalid state agree, and the typo can be mended.
import { untrack } from 'svelte'
import { on } from 'svelte/events'
import type { Attachment } from 'svelte/attachments'
import { parseColor, readColor, type ReadColour } from './color'
import { commitOnChange } from './field'

/** What the field takes, for its tooltip. */
export const HEX_FIELD_TITLE = 'A hex code (#3a7bd5, 3a7bd5, #fff) or a CSS colour: rgb(…), hsl(…), oklch(…), a name'

export class HexEntry {
  /** Why the field's text was refused, while that is still to be said. */
  problem = $state<string>()
  /** The text refused (what the field keeps showing while `problem` stands). */
  #refused = ''

  /** `apply` takes a colour the text gave (with its HSL or OKLCH numbers); `shown` is the hex code the field shows of the swatch. */
  constructor(
    private readonly apply: (color: ReadColour) => void,
    private readonly shown: () => string
  ) {}

  /** Attach to the field: commits on change, and clears the refusal as said above. */
  readonly field: Attachment<HTMLInputElement> = (input) => {
    const clear = (): void => {
      this.problem = undefined
    }
    // Before the commit field's own: its Escape then finds the refusal cleared, and takes the
    // refused text back to the swatch's colour.
    const off = [
      on(input, 'input', () => {
        if (parseColor(input.value)) clear()
      }),
      on(input, 'keydown', (e) => {
        if (e.key === 'Escape') clear()
      }),
      on(input, 'blur', () => {
        if (this.problem === undefined) return
        clear()
        input.value = this.shown()
      })
    ]
    // The swatch changed from elsewhere (undo, the menu, another swatch chosen): the field shows
    // it, so the refusal of text no longer there ends too.
    $effect(() => {
      const hex = this.shown()
      untrack(() => {
        if (this.problem === undefined) return
        clear()
        input.value = hex
      })
    })
    const uncommit = commitOnChange(
      (text) => this.take(text),
      () => (this.problem === undefined ? this.shown() : this.#refused)
    )(input)
    return () => {
      off.forEach((undo) => undo())
      if (uncommit) uncommit()
    }
  }

  private take(text: string): void {
    this.problem = undefined
    if (text.trim() === '') return // emptied: the field shows the swatch's colour again
    const reading = readColor(text)
    if ('problem' in reading) {
      this.problem = reading.problem
      this.#refused = text
    } else this.apply(reading)
  }
}
