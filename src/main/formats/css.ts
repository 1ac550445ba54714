// CSS custom properties, for designers handing a palette to the web:
//   /* <title>: Palette Studio */
//   :root {
//     --palette-1: #1a2b3c; /* swatch name */
//   }
// The declarations are shared/css-declarations' (Copy as CSS variables writes the same ones).
// Names survive only as comments, made safe for a stylesheet pasted into an HTML <style> element
// as well as for a .css file.
import { rgbToHex, type NamedColour, type SwatchFile } from './swatch-file'
import { commentSafe, cssDeclarations, type CssColour } from '../../shared/css-declarations'
import { normaliseName } from '../../shared/names'

export function writeCss(file: SwatchFile): string {
  const title = normaliseName(file.name ?? '')
  const groups = file.groups.map((g) => ({ name: g.name, colours: cssColours(g.swatches) }))
  const declarations = cssDeclarations(cssColours(file.loose), groups).map((line) => `  ${line}`)
  return [`/* ${commentSafe(title ? `${title}: ` : '')}Palette Studio */`, ':root {', ...declarations, '}'].join('\n') + '\n'
}

const cssColours = (colours: readonly NamedColour[]): CssColour[] => colours.map((c) => ({ name: c.name, hex: rgbToHex(c.rgb) }))
