// Exporting swatches: one file through a save dialog, or one file per group into a chosen folder.
// Every write goes through the formats' atomic writer, so a failed save leaves the old file intact.
import { basename, extname, join } from 'node:path'
import { encodeSwatchFile, loadSwatchFile, rgbToHex, slugify, writeFileAtomic, type NamedColour, type SwatchFile } from '../formats'
import type { ExportFormat, RequestOf, ResponseOf, SwatchGroup } from '../../shared/ipc-contract'
import type { Swatch } from '../../shared/palette'
import type { Dialogs, FileFilter } from './services'

export const FORMAT_FILTERS: Record<ExportFormat, FileFilter> = {
  ase: { name: 'Adobe Swatch Exchange', extensions: ['ase'] },
  gpl: { name: 'GIMP Palette', extensions: ['gpl'] },
  json: { name: 'Palette Studio JSON', extensions: ['json'] },
  css: { name: 'CSS custom properties', extensions: ['css'] }
}

/** `name` with the format's extension (the user may type a name without one). */
export function withExtension(name: string, ext: string): string {
  return extname(name).toLowerCase() === `.${ext}` ? name : `${name}.${ext}`
}

const stem = (name: string): string => basename(name, extname(name))

export function swatchFileOf(title: string, groups: readonly SwatchGroup[]): SwatchFile {
  return {
    name: title,
    loose: [],
    groups: groups.map((g) => ({
      name: g.name,
      swatches: g.swatches.map((s) => ({ name: s.name ?? s.hex, rgb: s.rgb, share: s.share }))
    }))
  }
}

export async function exportPalette(
  dialogs: Dialogs,
  request: RequestOf<'exportPalette'>
): Promise<ResponseOf<'exportPalette'>> {
  const { format, groups } = request
  const title = stem(request.suggestedName)
  const perGroup = request.filePerGroup === true && groups.length > 1 && (format === 'gpl' || format === 'css')
  if (!perGroup) {
    const chosen = await dialogs.saveFile(`Export ${format.toUpperCase()}`, withExtension(request.suggestedName, format), [FORMAT_FILTERS[format]])
    if (chosen === null) return { paths: [] }
    const path = withExtension(chosen, format)
    await writeFileAtomic(path, encodeSwatchFile(format, swatchFileOf(title, groups)))
    return { paths: [path] }
  }
  const folder = await dialogs.openFolder(`Choose a folder for ${groups.length} ${format.toUpperCase()} files`)
  if (folder === null) return { paths: [] }
  const paths = uniqueNames(groups.map((g) => `${slugify(title) || 'palette'}-${slugify(g.name) || 'group'}`)).map((name) =>
    join(folder, `${name}.${format}`)
  )
  for (const [i, group] of groups.entries()) {
    await writeFileAtomic(paths[i], encodeSwatchFile(format, swatchFileOf(group.name, [group])))
  }
  return { paths }
}

/** Two columns of the same image must not overwrite each other's file. */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>()
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1
    seen.set(name, n)
    return n === 1 ? name : `${name}-${n}`
  })
}

const toSwatch = (c: NamedColour): Swatch => ({ rgb: c.rgb, hex: rgbToHex(c.rgb), share: c.share ?? 0, name: c.name })

export async function importPalette(dialogs: Dialogs): Promise<ResponseOf<'importPalette'>> {
  const path = await dialogs.openFile('Open swatches', [
    { name: 'Swatch files', extensions: ['ase', 'gpl', 'json'] },
    FORMAT_FILTERS.ase,
    FORMAT_FILTERS.gpl,
    FORMAT_FILTERS.json
  ])
  if (path === null) return { file: null }
  const file = await loadSwatchFile(path)
  const groups = [
    ...(file.loose.length > 0 ? [{ name: file.name ?? stem(path), swatches: file.loose.map(toSwatch) }] : []),
    ...file.groups.filter((g) => g.swatches.length > 0).map((g) => ({ name: g.name, swatches: g.swatches.map(toSwatch) }))
  ]
  return { file: { path, groups } }
}
