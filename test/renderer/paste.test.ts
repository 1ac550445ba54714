import { describe, expect, it } from 'vitest'
import type { Rgb } from '../../src/shared/palette'
import { Editor } from '../../src/renderer/src/lib/editor.svelte'
import { rgbToHex } from '../../src/renderer/src/lib/color'
import { pasteColors } from '../../src/renderer/src/lib/paste'

const GREYS: Rgb[] = [10, 60, 110, 160, 210].map((v) => [v, v, v])
const hexes = (editor: Editor): string[] => editor.swatches.map((s) => rgbToHex(s.rgb))

function loaded(): Editor {
  const editor = new Editor()
  editor.load({ method: 'median-cut', swatches: GREYS.map((rgb) => ({ rgb, hex: rgbToHex(rgb), share: 0.2 })) })
  return editor
}

describe('pasting colours on a swatch', () => {
  it('gives a pasted palette to the selected swatch and the ones after it, as one undo step', () => {
    const editor = loaded()
    editor.select(1)
    expect(pasteColors(editor, '#ff0000\n#00ff00\n#0000ff\n')).toBe('Pasted 3 colours')
    expect(hexes(editor)).toEqual(['#0a0a0a', '#ff0000', '#00ff00', '#0000ff', '#d2d2d2'])
    editor.undo()
    expect(hexes(editor)).toEqual(GREYS.map(rgbToHex))
  })

  it('passes over locked swatches after the selected one, and says how many colours had no swatch left', () => {
    const editor = loaded()
    editor.toggleLock(3)
    editor.select(2)
    expect(pasteColors(editor, '#111111, #222222, #333333, #444444')).toBe(
      'Pasted 2 of 4 colours, past 1 locked swatch (no swatch after the last for the other 2)'
    )
    expect(hexes(editor)).toEqual(['#0a0a0a', '#3c3c3c', '#111111', '#a0a0a0', '#222222'])
  })

  it('refuses the whole text when a part is not a colour, naming it, and changes nothing', () => {
    const editor = loaded()
    expect(pasteColors(editor, '#ff0000 #00ff00 teal-ish')).toBe('Nothing pasted. Not a colour: teal-ish')
    expect(hexes(editor)).toEqual(GREYS.map(rgbToHex))
    expect(editor.history.canUndo).toBe(false)
  })
})
