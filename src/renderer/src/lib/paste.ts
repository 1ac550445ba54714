// Paste on a swatch (Ctrl+V, Edit › Paste) in the image view and on a board column: the colours of
// the text pasted go to the selected swatch and the ones after it.
import type { Editor } from './editor.svelte'
import { readColors, rgbToHex } from './color'

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`

/** Pastes `text` into `editor`'s palette (one undo step) and says what it did, for the status line. */
export function pasteColors(editor: Editor, text: string): string {
  if (text.trim() === '') return 'Nothing pasted: the clipboard holds no text. Copy a hex code or a CSS colour, then paste'
  const reading = readColors(text)
  if ('problem' in reading) return `Nothing pasted. ${reading.problem}`
  const { colors } = reading
  const { placed, skipped } = editor.setColors(editor.selected, colors)
  if (colors.length === 1) return `Pasted ${rgbToHex(colors[0])}`
  const count = placed < colors.length ? `${placed} of ${colors.length} colours` : plural(placed, 'colour')
  const past = skipped > 0 ? `, past ${plural(skipped, 'locked swatch')}` : ''
  const left = placed < colors.length ? ` (no swatch after the last for the other ${colors.length - placed})` : ''
  return `Pasted ${count}${past}${left}`
}
