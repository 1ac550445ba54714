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

/**
 * Runs `change` from `button` (Undo, Redo); if that leaves it disabled (history's end), focus goes
 * to `other`, which has a step to take, instead of to nowhere.
 */
export function stepFrom(button: HTMLButtonElement | undefined, change: () => void, other: HTMLButtonElement | undefined): void {
  focusAfter(change, () => (button?.disabled ? other : undefined))
}

/** Whether focus is nowhere: on the page's body, as when the control that had it was removed or disabled. */
export function focusLost(): boolean {
  const active = document.activeElement
  // A control just disabled keeps focus until the browser's next focus fix-up, yet takes no keys.
  return active === null || active === document.body || active.matches(':disabled')
}

/**
 * An attachment for the control that takes focus as its part of the page shows (a question's first
 * answer). Focus is lent: when that part goes and leaves focus nowhere, it goes back to where it
 * was, if that is still there.
 */
export function borrowFocus(control: HTMLElement): () => void {
  const before = document.activeElement
  control.focus()
  return () => {
    if (focusLost() && before instanceof HTMLElement) before.focus()
  }
}

/** What Tab stops at: enabled controls, and elements put in the Tab order. */
const TAB_STOPS = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])'

/**
 * A keydown handler's part for a modal part of the page (a question): Tab and Shift+Tab go round
 * its own controls, from the last to the first and back, and never leave it, where its Escape and
 * its answers would no longer be heard.
 */
export function keepTabIn(e: KeyboardEvent, container: HTMLElement): void {
  if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return
  const stops = [...container.querySelectorAll<HTMLElement>(TAB_STOPS)]
  if (stops.length === 0) return
  e.preventDefault()
  const at = stops.indexOf(document.activeElement as HTMLElement)
  const step = e.shiftKey ? -1 : 1
  // From the container itself (its message clicked), the first control, or with Shift the last.
  const next = at === -1 ? (e.shiftKey ? stops.length - 1 : 0) : (at + step + stops.length) % stops.length
  stops[next].focus()
}

/**
 * An attachment for a control that comes and goes with a mode (the eyedropper's target, the
 * markers it replaces): when it goes and leaves focus nowhere, focus goes to what `next` gives.
 */
export function handsFocusTo(next: () => HTMLElement | null | undefined): () => () => void {
  return () => () => {
    if (focusLost()) next()?.focus()
  }
}

/**
 * An attachment for a control that takes another's place (Make strip and its Cancel, a batch's
 * Cancel and Close): it takes focus when the control it replaced had it, which left focus nowhere.
 * Two controls rather than one that changes its action, so that a double click on Make strip
 * cannot start the strip and cancel it.
 */
export function takesFocusInPlace(control: HTMLElement): void {
  // After the update that mounts it, by when the control it replaces is gone.
  queueMicrotask(() => {
    if (focusLost()) control.focus()
  })
}
