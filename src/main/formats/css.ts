// CSS custom properties, for designers handing a palette to the web:
//   /* <title>: Palette Studio */
//   :root {
//     --palette-1: #1a2b3c; /* swatch name */
//   }
// Loose colours are `--palette-<n>`; each group's are `--<group slug>-<n>` (a slug made unique
// by a numeric suffix when two groups share one). Names survive only as comments, made safe for
// a stylesheet pasted into an HTML <style> element as well as for a .css file.
import { normaliseName, rgbToHex, type NamedColour, type SwatchFile } from './swatch-file'
import { propertySlug, uniqueSlug } from '../../shared/css-names'

export { propertySlug }

export function writeCss(file: SwatchFile): string {
  const used = new Set<string>()
  const lines: string[] = []
  const title = normaliseName(file.name ?? '')
  lines.push(`/* ${commentSafe(title ? `${title}: ` : '')}Palette Studio */`, ':root {')
  if (file.loose.length) lines.push(...declarations(uniqueSlug('palette', used), file.loose))
  for (const group of file.groups) lines.push(...declarations(uniqueSlug(propertySlug(group.name), used), group.swatches))
  lines.push('}')
  return lines.join('\n') + '\n'
}

function declarations(prefix: string, colours: NamedColour[]): string[] {
  return colours.map((c, i) => {
    const name = commentSafe(normaliseName(c.name))
    return `  --${prefix}-${i + 1}: ${rgbToHex(c.rgb)};${name ? ` /* ${name} */` : ''}`
  })
}

/**
 * Lower-case ASCII letters, digits and single hyphens ("Sunset – Frame 12.jpg" → "sunset-frame-12-jpg"),
 * never starting with a digit (a custom property may, but class-like names read better), "palette" when nothing is left.
 */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (!slug) return 'palette'
  return /^\d/.test(slug) ? `p-${slug}` : slug
}

/**
 * A name inside a comment must not close it ("*\/"), nor, in a <style> element, close that
 * ("</style", any case), which would drop every colour after it and show the rest as page text.
 */
function commentSafe(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/<\/(?=style)/gi, '< /')
}
