// Which plain key does what in the image view. Free of the DOM, so that the unit tests run it in
// Node; whether focus is where the keys act is shortcuts.ts's `takesPlainKeys`.
import type { Method } from '../../../shared/palette'

/** What the mapping reads of a KeyboardEvent. */
export interface KeyPress {
  key: string
  /** The physical key ('Digit1', 'Numpad1'), whatever the layout types with it. */
  code: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
  repeat: boolean
}

/** The image view's plain keys, as designers know them: Photoshop's and Figma's I for the eyedropper. */
export type EditorKey =
  | { action: 'select'; index: number }
  | { action: 'eyedropper' }
  | { action: 'lock' }
  | { action: 'next-method' }

const LETTERS = new Map<string, EditorKey>([
  ['i', { action: 'eyedropper' }],
  ['l', { action: 'lock' }],
  ['m', { action: 'next-method' }]
])

/** Where the plain keys act (shortcuts.ts's `takesPlainKeys`), as the tooltips naming them say it. */
export const PLAIN_KEYS_WHERE = 'while the image, a swatch or nothing has focus'

/** 1–9 select swatch 1–9; I toggles the eyedropper, L the selected swatch's lock; M re-extracts with the next method. */
export function editorKeyFor(e: KeyPress): EditorKey | undefined {
  // With a modifier the key is another shortcut (Ctrl+1…) or another character (AltGr).
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined
  const digit = digitOf(e)
  if (digit) return { action: 'select', index: digit - 1 }
  if (e.shiftKey) return undefined // another character
  // A toggle held down would flicker, and a held M start one extraction after another.
  if (e.repeat) return undefined
  return LETTERS.get(e.key.toLowerCase()) // Caps Lock gives 'I'
}

/** The digit key 1–9 pressed, of the top row or the number pad. */
function digitOf(e: KeyPress): number | undefined {
  // By where the key is, Shift or not: AZERTY's top row types & é " ' ( and needs Shift for digits.
  const top = /^Digit([1-9])$/.exec(e.code)?.[1]
  if (top) return Number(top)
  // With Num Lock off the number pad's keys are End, the arrows, Page Down…: not digits.
  if (/^Numpad[1-9]$/.test(e.code)) return /^[1-9]$/.test(e.key) ? Number(e.key) : undefined
  // No physical key told (on-screen keyboards, remote desktops, some input methods): the character.
  return !e.shiftKey && /^[1-9]$/.test(e.key) ? Number(e.key) : undefined
}

/** The method after `current` in the picker's order, round again after the last; none when there is no other. */
export function nextMethod(methods: readonly Method[], current: Method): Method | undefined {
  if (methods.length < 2) return undefined
  return methods[(methods.indexOf(current) + 1) % methods.length]
}

/**
 * What a key does on a draggable item, a board column's header or a swatch's chip: Delete or
 * Backspace removes it (nothing is typed there), Alt+← / Alt+→ moves it one place, the keyboard's
 * drag. Undefined for any other key.
 */
export function itemKeyFor(e: Pick<KeyPress, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): { action: 'remove' } | { action: 'move'; by: -1 | 1 } | undefined {
  const plain = !(e.altKey || e.ctrlKey || e.metaKey || e.shiftKey)
  if (plain && (e.key === 'Delete' || e.key === 'Backspace')) return { action: 'remove' }
  if (!e.altKey) return undefined
  if (e.key === 'ArrowLeft') return { action: 'move', by: -1 }
  if (e.key === 'ArrowRight') return { action: 'move', by: 1 }
  return undefined
}

/** Whether the browser runs on a Mac (read through globalThis: this module is type-checked without the DOM too). */
function onMac(): boolean {
  const { navigator } = globalThis as { navigator?: { userAgent: string } }
  return /Mac/.test(navigator?.userAgent ?? '')
}

/** A menu accelerator as a tooltip names it: CmdOrCtrl is Cmd on a Mac. */
export function keyLabel(accelerator: string, mac = onMac()): string {
  return accelerator.replace('CmdOrCtrl', mac ? 'Cmd' : 'Ctrl')
}

/**
 * The tab a key moves to in a row of `count` tabs from tab `index` (WAI-ARIA tabs): ← and → the
 * one beside it, round from the last to the first; Home the first, End the last. Undefined for
 * any other key, and with a modifier (Alt+← is the browser's Back).
 */
export function tabStep(e: Pick<KeyPress, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, index: number, count: number): number | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return undefined
  if (e.key === 'ArrowRight') return (index + 1) % count
  if (e.key === 'ArrowLeft') return (index - 1 + count) % count
  if (e.key === 'Home') return 0
  if (e.key === 'End') return count - 1
  return undefined
}
