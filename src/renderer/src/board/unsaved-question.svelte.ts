// Asks, in the window, what to do with unsaved changes before the board is replaced (an in-app
// bar rather than a native dialog, so it looks like the rest of the board). The caller awaits the
// user's choice.

export type UnsavedChoice = 'save' | 'discard' | 'cancel'

export class UnsavedQuestion {
  asking = $state(false)
  #answer: ((choice: UnsavedChoice) => void) | null = null

  ask(): Promise<UnsavedChoice> {
    this.answer('cancel') // a question still open is overtaken by the new one
    this.asking = true
    return new Promise((resolve) => (this.#answer = resolve))
  }

  answer(choice: UnsavedChoice): void {
    const answer = this.#answer
    this.#answer = null
    this.asking = false
    answer?.(choice)
  }
}
