// Keeping keyboard focus where the user works when a change re-renders or removes the focused control.
import { flushSync } from 'svelte'

/**
 * Runs `change`, renders it at once, then focuses what `target` gives (if anything): the control
 * that had focus may be gone or moved, and a keyboard user would be dropped at the top of the page.
 */
export function focusAfter(change: () => void, target: () => HTMLElement | null | undefined): void {
  change()
  flushSync()
  target()?.focus()
}
