// Fields that commit their text on change (Enter, Tab, leaving them) and take it back on Escape.
// Svelte writes a field only when the value it shows changes, so text the app refused, or that
// changed nothing (R = 300 on a red already at 255), would stay in the field as if it had been taken.
//
// Until a field commits, its typing is its own, and so is Ctrl+Z (the browser's text undo). Once
// committed, the change is the palette's: Ctrl+Z must undo it there, or the field would go back
// while the palette kept the value, and leaving the field would commit the old text as a new edit.

import { flushSync } from 'svelte'
import type { Attachment } from 'svelte/attachments'
import { on } from 'svelte/events'

/** Commit fields the user has typed in since they last committed or lost focus. */
const typing = new WeakSet<HTMLInputElement>()
const commitFields = new WeakSet<HTMLInputElement>()

/** Makes an input a commit field: `commit` takes its text, then it shows what the app kept (`kept`). */
export function commitOnChange(commit: (text: string) => void, kept: () => string): Attachment<HTMLInputElement> {
  return (input) => {
    commitFields.add(input)
    const off = [
      // Typing, pasting, dropping text, and the text undo and redo themselves (a field whose
      // typing was undone keeps it to redo).
      on(input, 'beforeinput', () => typing.add(input)),
      on(input, 'change', () => {
        typing.delete(input)
        commit(input.value)
        flushSync() // props passed down (a swatch in a list) catch up with the commit before `kept` reads them
        input.value = kept()
      }),
      // Escape takes back the typing: the field shows what the swatch has, and nothing is
      // committed, then or on leaving. (Not also the window's Escape: this was all it did.)
      on(input, 'keydown', (e) => {
        if (e.key !== 'Escape' || e.isComposing) return
        const shown = kept()
        if (!typing.has(input) && input.value === shown) return
        typing.delete(input)
        input.value = shown
        e.preventDefault()
        e.stopPropagation()
      }),
      // Leaving commits the typing (change comes first) or finds it as it was: none is left.
      on(input, 'blur', () => typing.delete(input))
    ]
    return () => {
      off.forEach((remove) => remove())
      commitFields.delete(input)
    }
  }
}

/**
 * Does Ctrl+Z in this input undo its own typing? Any input but a commit field does; a commit
 * field only while it holds typing not yet committed.
 */
export function ownsTextUndo(input: HTMLInputElement): boolean {
  return !commitFields.has(input) || typing.has(input)
}
