// Keyboard shortcuts of the editor. Typing not yet committed keeps its field's own undo;
// everything else, a colour or name a field has committed included, is the palette's.
import { ownsTextUndo } from './field'

export type ShortcutAction = 'undo' | 'redo' | 'open'

export function shortcutFor(e: KeyboardEvent): ShortcutAction | undefined {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return undefined
  const key = e.key.toLowerCase()
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo'
  if (key === 'y' && !e.shiftKey) return 'redo'
  if (key === 'o' && !e.shiftKey) return 'open'
  return undefined
}

const TEXT_INPUTS = ['text', 'number', 'search', 'email', 'url', 'tel', 'password', '']

/**
 * Is the event aimed at a field where Ctrl+Z should undo typing rather than the palette? Not a
 * field whose text the palette has taken (lib/field.ts).
 */
export function inTextField(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return true
  if (target instanceof HTMLElement && target.isContentEditable) return true
  return target instanceof HTMLInputElement && TEXT_INPUTS.includes(target.type) && ownsTextUndo(target)
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
