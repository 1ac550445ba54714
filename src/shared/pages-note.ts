// Animations and multi-page files give their first frame or page only: the CLI and the app say so.

/** "first of 3 frames" (a TIFF's are pages), or undefined for a single picture. */
export function pagesNote(source: { format: string; pages?: number }): string | undefined {
  const pages = source.pages ?? 1
  if (pages < 2) return undefined
  return `first of ${pages.toLocaleString('en-US')} ${source.format === 'tiff' ? 'pages' : 'frames'}`
}
