// Keyboard shortcuts of the editor. Typing not yet committed keeps its field's own undo;
// everything else, a colour or name a field has committed included, is the palette's.
// Plain keys (digits, letters: keys.ts) are shortcuts only with focus on what they act on (`takesPlainKeys`).
import { ownsTextUndo } from './field'

type ShortcutAction = 'undo' | 'redo' | 'open'

export function shortcutFor(e: KeyboardEvent): ShortcutAction | undefined {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return undefined
  const key = e.key.toLowerCase()
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo'
  if (key === 'y' && !e.shiftKey) return 'redo'
  if (key === 'o' && !e.shiftKey) return 'open'
  return undefined
}

const TEXT_INPUTS = ['text', 'number', 'search', 'email', 'url', 'tel', 'password', '']

function isTextEntry(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return true
  if (target instanceof HTMLElement && target.isContentEditable) return true
  return target instanceof HTMLInputElement && TEXT_INPUTS.includes(target.type)
}

/**
 * Is the event aimed at a field where Ctrl+Z should undo typing rather than the palette? Not a
 * field whose text the palette has taken (lib/field.ts).
 */
export function inTextField(target: EventTarget | null): boolean {
  return isTextEntry(target) && (!(target instanceof HTMLInputElement) || ownsTextUndo(target))
}

/**
 * Does the element take plain keys as typing? Every text field does, one whose text the palette
 * has taken too: inTextField answers whose undo Ctrl+Z is, and is false there until the first key
 * typed, which must go into the field all the same. A select's type-ahead takes letters too.
 */
export function takesTyping(target: EventTarget | null): boolean {
  return isTextEntry(target) || target instanceof HTMLSelectElement
}

/**
 * Are the image view's plain keys (1–9, I, L, M: keys.ts) live where the key was pressed? Only with
 * focus on what they act on, the picture (its markers, the eyedropper's target) or a swatch's chip,
 * each marked `data-plain-keys` (ImageView, SwatchCard), or on nothing at all. WCAG 2.1.4: a word
 * of speech input, typed as keys while a button (Copy, Reset…) has focus, must not lock a swatch or
 * start an extraction.
 */
export function takesPlainKeys(target: EventTarget | null): boolean {
  if (!(target instanceof Element) || target === target.ownerDocument.body) return true
  return target.closest('[data-plain-keys]') !== null
}

/**
 * Is the key pressed while answering a question (KeepQuestion's alertdialog, which takes focus)?
 * Its buttons are the keys' business then: a digit or M must not change the palette it asks about.
 */
export function inQuestion(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('[role="alertdialog"]') !== null
}

/**
 * Copy (Ctrl+C, Edit › Copy) with nothing of the page's to copy, no text selected and no field
 * focused, copies the selected swatch's hex code instead.
 */
export function copiesSwatch(doc: Document = document): boolean {
  return !takesTyping(doc.activeElement) && (doc.getSelection()?.toString() ?? '') === ''
}

/**
 * Edit > Undo/Redo while a text field with typing of its own has focus undo the typing there, as
 * a native Edit menu would, and leave the palette alone. Returns whether it was the text field's (nothing else to do).
 */
export function textFieldHistory(action: 'undo' | 'redo', doc: Document = document): boolean {
  if (!inTextField(doc.activeElement)) return false
  // Chromium still runs the editing commands; there is no other way to reach a field's own history.
  doc.execCommand(action)
  return true
}

/**
 * Electron's menu accelerators may report a key press that the page already handled as a menu
 * event too; one press must undo once, so a menu command right after the same key is dropped.
 * Key presses themselves are never dropped (fast repeated Ctrl+Z must all count).
 */
export class KeyEcho {
  #keyed = new Map<string, number>()
  constructor(private readonly windowMs = 300) {}
  key(action: string, now = performance.now()): void {
    this.#keyed.set(action, now)
  }
  isEcho(action: string, now = performance.now()): boolean {
    const at = this.#keyed.get(action)
    this.#keyed.delete(action)
    return at !== undefined && now - at < this.windowMs
  }
}
