// Custom property names made from palette names, for the declarations (css-declarations) that
// the CSS export (main) and the page's Copy as CSS variables alike write.

/**
 * CSS Syntax's non-ASCII ident code points (drafts.csswg.org/css-syntax/#non-ascii-ident-code-point):
 * a browser that follows it drops a declaration whose name holds any other without an escape.
 */
const NON_ASCII_IDENT =
  /\u200c|\u200d|[\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff\u203f\u2040\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\u{10000}-\u{10ffff}]/u
// The zero-width joiner holds an emoji sequence (👩‍🎨) together.
const WORD = /[\p{L}\p{M}\p{N}\p{Extended_Pictographic}]|\u200d/u

/**
 * A group's name as a custom property's: lower-case words joined by single hyphens, never
 * starting with a digit, "palette" when nothing is left. Letters, digits and emoji of any script
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

/** `slug`, or with the first numeric suffix not yet `used` ("brand-2"); taken into `used`. */
export function uniqueSlug(slug: string, used: Set<string>): string {
  let candidate = slug
  for (let n = 2; used.has(candidate); n++) candidate = `${slug}-${n}`
  used.add(candidate)
  return candidate
}
