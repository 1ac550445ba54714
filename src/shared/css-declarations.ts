// The custom property declarations of the CSS export's `:root` block (main's formats/css), which
// the page's Copy as CSS variables writes too: a copied property has the name, value and comment
// the exported stylesheet gives it, so the two can sit side by side.
import { propertySlug, uniqueSlug } from './css-names'
import { normaliseName } from './names'

/** A colour as a declaration writes it: its name (a comment) and `#rrggbb` (the value). */
export interface CssColour {
  readonly name: string
  readonly hex: string
}

export interface CssGroup {
  readonly name: string
  readonly colours: readonly CssColour[]
}

/**
 * One declaration a colour, without indentation: loose colours are `--palette-<n>`, each group's
 * `--<group slug>-<n>` (a slug made unique by a numeric suffix when two groups share one), and a
 * colour's name follows as a comment.
 */
export function cssDeclarations(loose: readonly CssColour[], groups: readonly CssGroup[]): string[] {
  const used = new Set<string>()
  const lines = loose.length ? declarations(uniqueSlug('palette', used), loose) : []
  for (const group of groups) lines.push(...declarations(uniqueSlug(propertySlug(group.name), used), group.colours))
  return lines
}

function declarations(prefix: string, colours: readonly CssColour[]): string[] {
  return colours.map((c, i) => {
    const name = commentSafe(normaliseName(c.name))
    return `--${prefix}-${i + 1}: ${c.hex};${name ? ` /* ${name} */` : ''}`
  })
}

/**
 * A name inside a comment must not close it ("*\/"), nor, in a <style> element, close that
 * ("</style", any case), which would drop every colour after it and show the rest as page text.
 */
export function commentSafe(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/<\/(?=style)/gi, '< /')
}
