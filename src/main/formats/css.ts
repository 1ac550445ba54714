// CSS custom properties, for designers handing a palette to the web:
//   /* <title>: Palette Studio */
//   :root {
//     --palette-1: #1a2b3c; /* swatch name */
//   }
// Loose colours are `--palette-<n>`; each group's are `--<group slug>-<n>` (a slug made unique
// by a numeric suffix when two groups share one). Names survive only as comments, made safe for
// a stylesheet pasted into an HTML <style> element as well as for a .css file.
import { normaliseName, rgbToHex, type NamedColour, type SwatchFile } from './swatch-file'

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
 * CSS Syntax's non-ASCII ident code points (drafts.csswg.org/css-syntax/#non-ascii-ident-code-point):
 * a browser that follows it drops a declaration whose name holds any other without an escape.
 */
const NON_ASCII_IDENT =
  /\u200c|\u200d|[\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff\u203f\u2040\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\u{10000}-\u{10ffff}]/u
// The zero-width joiner holds an emoji sequence (👩‍🎨) together.
const WORD = /[\p{L}\p{M}\p{N}\p{Extended_Pictographic}]|\u200d/u

/**
 * A group's name as a custom property's: as slugify, but letters, digits and emoji of any script
 * are kept ("日本語の写真.png (kmeans)" → "日本語の写真-png-kmeans"), so that a name without Latin
 * letters is not reduced to its extension. Latin letters still lose their accents ("Été" → "ete").
 */
export function propertySlug(name: string): string {
  const text = name
    .normalize('NFKD')
    .replace(/(\p{Script=Latin})[\u0300-\u036f]+/gu, '$1')
    .normalize('NFC')
    .toLowerCase()
  const slug = Array.from(text, (c) => (/[a-z0-9]/.test(c) || (WORD.test(c) && NON_ASCII_IDENT.test(c)) ? c : '-'))
    .join('')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
  if (!slug) return 'palette'
  return /^\p{N}/u.test(slug) ? `p-${slug}` : slug
}

function uniqueSlug(slug: string, used: Set<string>): string {
  let candidate = slug
  for (let n = 2; used.has(candidate); n++) candidate = `${slug}-${n}`
  used.add(candidate)
  return candidate
}

/**
 * A name inside a comment must not close it ("*\/"), nor, in a <style> element, close that
 * ("</style", any case), which would drop every colour after it and show the rest as page text.
 */
function commentSafe(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/<\/(?=style)/gi, '< /')
}
