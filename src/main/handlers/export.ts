// Exporting swatches: one file through a save dialog, or one file per group into a chosen folder.
// Every write goes through the formats' atomic writer, so a failed save leaves the old file intact;
// a file per group are written all or none, or the message names the files already replaced.
import { basename, extname, join } from 'node:path'
import {
  encodeSwatchFile,
  fitName,
  loadSwatchFile,
  PartlyReplaced,
  rgbToHex,
  writeFileAtomic,
  writeFilesAtomic,
  type ClampedColour,
  type NamedColour,
  type SourceModel,
  type SwatchFile
} from '../formats'
import { MAX_GROUP_SWATCHES, MAX_IMPORT_GROUPS, MAX_NAME, type ExportFormat, type RequestOf, type ResponseOf, type SwatchGroup } from '../../shared/ipc-contract'
import { shortened } from '../../shared/names'
import type { Swatch } from '../../shared/palette'
import { ShellError } from './errors'
import { chooseSavePath, fileNamePart, mayReplaceAll, saveLeaving, suggestedFileName } from './save-path'
import type { Dialogs, FileFilter } from './services'

const FORMAT_FILTERS: Record<ExportFormat, FileFilter> = {
  ase: { name: 'Adobe Swatch Exchange', extensions: ['ase'] },
  gpl: { name: 'GIMP Palette', extensions: ['gpl'] },
  json: { name: 'Palette Studio JSON', extensions: ['json'] },
  css: { name: 'CSS custom properties', extensions: ['css'] }
}

const stem = (name: string): string => basename(name, extname(name))
/**
 * The title inside the file: the suggested name less the format's own extension, if the caller
 * gave one ("sunset.ase"). Callers strip their image's extension themselves, so any other dot
 * belongs to the name ("IMG_2024.01.05").
 */
const titleOf = (suggestedName: string, format: ExportFormat): string =>
  extname(suggestedName).toLowerCase() === `.${format}` ? suggestedName.slice(0, -format.length - 1) : suggestedName

function swatchFileOf(title: string, groups: readonly SwatchGroup[]): SwatchFile {
  return {
    name: title,
    loose: [],
    groups: groups.map((g) => ({
      name: g.name,
      swatches: g.swatches.map((s) => ({ name: s.name ?? s.hex, rgb: s.rgb, share: s.share, ...(s.type && { type: s.type }) }))
    }))
  }
}

export async function exportPalette(
  dialogs: Dialogs,
  request: RequestOf<'exportPalette'>
): Promise<ResponseOf<'exportPalette'>> {
  const { format, groups, suggestedName } = request
  const perGroup = request.filePerGroup === true && groups.length > 1 && (format === 'gpl' || format === 'css')
  if (!perGroup) {
    const path = await chooseSavePath(dialogs, `Export ${format.toUpperCase()}`, suggestedName, format, [FORMAT_FILTERS[format]])
    if (path === null) return { paths: [] }
    const data = encodeSwatchFile(format, swatchFileOf(titleFor(path, suggestedName, format), groups))
    await saveLeaving([path], () => writeFileAtomic(path, data))
    return { paths: [path] }
  }
  const folder = await dialogs.openFolder(`Choose a folder for ${groups.length} ${format.toUpperCase()} files`, 'save')
  if (folder === null) return { paths: [] }
  const board = fileNamePart(titleOf(suggestedName, format), MAX_NAME_PART_BYTES)
  const names = uniqueNames(groups.map((g) => `${board} - ${fileNamePart(g.name, MAX_NAME_PART_BYTES)}`))
  const paths = names.map((name) => join(folder, `${name}.${format}`))
  if (!(await mayReplaceAll(dialogs, paths))) return { paths: [] }
  await writeAll(groups.map((group, i) => ({ path: paths[i], data: encodeSwatchFile(format, swatchFileOf(group.name, [group])) })))
  return { paths }
}

/**
 * The title inside a single file: the palette's own name ("film @ 01:23", which no file name
 * holds), unless the user named the file otherwise in the save dialog ("Brand.gpl" for "IMG_1234").
 */
function titleFor(path: string, suggestedName: string, format: ExportFormat): string {
  const chosen = basename(path)
  return titleOf(chosen === suggestedFileName(suggestedName, format) ? suggestedName : chosen, format)
}

/** Bytes of the board's and of a column's name in a file name: both, " - ", a "-10000" and the extension stay within the 255 a disk allows. */
const MAX_NAME_PART_BYTES = 100

/** A file per group, all or none; a set the disk refused part-way after replacing some of its files says which. */
async function writeAll(files: readonly { path: string; data: Buffer }[]): Promise<void> {
  try {
    await saveLeaving(
      files.map((f) => f.path),
      () => writeFilesAtomic(files)
    )
  } catch (error) {
    if (!(error instanceof PartlyReplaced)) throw error
    throw new ShellError('IO_ERROR', partlyReplacedMessage(error), { cause: error })
  }
}

/** E.g. "board - Sea.gpl" and 1 other file were replaced before the export stopped (EBUSY); the rest were left as they were. */
function partlyReplacedMessage({ replaced, cause }: PartlyReplaced): string {
  const others = replaced.length - 1
  const which = `"${basename(replaced[0])}"${others === 0 ? ' was' : ` and ${others === 1 ? '1 other file' : `${others} other files`} were`}`
  const code = (cause as { code?: unknown } | null)?.code
  return `${which} replaced before the export stopped (${typeof code === 'string' ? code : 'unknown error'}); the rest were left as they were.`
}

/**
 * Two columns of the same image must not overwrite each other's file, nor may a numbered name
 * ("photo-2" for the second "photo") take the name of a column that is called "photo 2". Names
 * are told apart as macOS and Windows disks tell them, where "Sea" and "sea" (or an "é" composed
 * and one decomposed) name the same file.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const ownNames = new Set(names.map(sameFile))
  const used = new Set<string>()
  const free = (name: string, numbered: boolean): boolean => !used.has(sameFile(name)) && !(numbered && ownNames.has(sameFile(name)))
  return names.map((name) => {
    let unique = name
    for (let n = 2; !free(unique, unique !== name); n++) unique = `${name}-${n}`
    used.add(sameFile(unique))
    return unique
  })
}

/** One key for the names a case-insensitive disk holds as one file. */
const sameFile = (name: string): string => name.normalize('NFC').toLowerCase()

/**
 * A file's colour as a palette swatch. Our exports name an unnamed swatch by its hex code ("#aabbcc"),
 * other apps may write it without the "#" or in capitals: such a name is no name, so the swatch
 * stays unnamed and its label follows its colour when it is recoloured.
 */
function toSwatch(c: NamedColour): Swatch {
  const hex = rgbToHex(c.rgb)
  const name = fitName(c.name, MAX_NAME)
  const ownHex = name.replace(/^#/, '').toLowerCase() === hex.slice(1)
  return { rgb: c.rgb, hex, share: c.share ?? 0, ...(!ownHex && { name }), ...(c.type && { type: c.type }) }
}

/** A file's group as the contract carries it: names cut to fit, at most MAX_GROUP_SWATCHES swatches (leftOutNotice says how many were not; the board keeps fewer and says so). */
const toGroup = (name: string, colours: readonly NamedColour[]): SwatchGroup => ({
  name: fitName(name, MAX_NAME),
  swatches: colours.slice(0, MAX_GROUP_SWATCHES).map(toSwatch)
})

export async function importPalette(dialogs: Dialogs): Promise<ResponseOf<'importPalette'>> {
  const path = await dialogs.openFile('Open swatches', [
    { name: 'Swatch files', extensions: ['ase', 'gpl', 'json'] },
    FORMAT_FILTERS.ase,
    FORMAT_FILTERS.gpl,
    FORMAT_FILTERS.json
  ])
  if (path === null) return { file: null }
  // A group keeps MAX_GROUP_SWATCHES colours: a GPL's further colours (its one group) are only counted, which keeps a file of millions quick.
  const file = await loadSwatchFile(path, { maxColours: MAX_GROUP_SWATCHES })
  const fileName = quoted(basename(path))
  const loose = file.loose.length > 0 ? [{ name: file.name ?? stem(path), swatches: file.loose, total: file.loose.length + (file.leftOut ?? 0) }] : []
  const all = [...loose, ...file.groups.filter((g) => g.swatches.length > 0).map((g) => ({ ...g, total: g.swatches.length }))]
  // A film strip of more frames than a board holds still opens: its first frames, saying so.
  const read = all.slice(0, MAX_IMPORT_GROUPS)
  const groups = read.map((g) => toGroup(g.name, g.swatches))
  const notices = [
    ...(read.length < all.length ? [`Only the first ${MAX_IMPORT_GROUPS} of the ${all.length.toLocaleString('en')} groups in ${fileName} were read: a board holds ${MAX_IMPORT_GROUPS} columns.`] : []),
    ...leftOutNotice(fileName, read),
    ...(file.clamped ? [clampedNotice(fileName, valueRange(path), file.clamped)] : []),
    // Of the swatches the groups keep: a converted colour past them never reaches the designer.
    ...convertedNotice(fileName, read.flatMap((g) => g.swatches.slice(0, MAX_GROUP_SWATCHES)))
  ]
  return { file: { path, groups, ...(notices.length > 0 && { notice: notices.join(' ') }) } }
}

/** E.g. Only the first 256 colours of each palette in "big.gpl" were read: 1,744 of "Big" were left out. */
function leftOutNotice(fileName: string, groups: readonly { name: string; total: number }[]): string[] {
  const cut = groups.filter((g) => g.total > MAX_GROUP_SWATCHES)
  if (cut.length === 0) return []
  const left = cut.reduce((sum, g) => sum + g.total - MAX_GROUP_SWATCHES, 0)
  const named = cut.slice(0, NAMED_IN_NOTICE).map((g) => `${(g.total - MAX_GROUP_SWATCHES).toLocaleString('en')} of ${quoted(g.name)}`)
  return [`Only the first ${MAX_GROUP_SWATCHES} colours of each palette in ${fileName} were read: ${listed(named, cut.length)} ${left === 1 ? 'was' : 'were'} left out.`]
}

/** Colours named in a notice; the count covers the rest, so the status line stays one line. */
const NAMED_IN_NOTICE = 5
/**
 * Longest name a notice quotes, "…" included: with NAMED_IN_NOTICE names in each of its sentences,
 * the notice of a file that needs every sentence stays well within the contract's 2,000 characters.
 */
const NAME_IN_NOTICE = 40

/** A file's, a group's or a colour's name as a notice quotes it: one too long for the status line loses its end. */
function quoted(name: string): string {
  return `"${shortened(fitName(name, MAX_NAME), NAME_IN_NOTICE)}"`
}

/** `names` quoted, the first NAMED_IN_NOTICE of `count`, and how many more: "Sky", "Sea" and 2 more. */
function listed(names: readonly string[], count: number): string {
  const more = count > NAMED_IN_NOTICE ? ` and ${count - NAMED_IN_NOTICE} more` : ''
  return `${names.slice(0, NAMED_IN_NOTICE).join(', ')}${more}`
}

const colourCount = (count: number): string => (count === 1 ? '1 colour' : `${count} colours`)

/** The range a format stores colour values in (ASE: 0–1, CMYK as fractions, not percentages). */
const valueRange = (path: string): string => (extname(path).toLowerCase() === '.ase' ? '0–1' : '0–255')

/** E.g. 2 colours in "x.gpl" had values outside 0–255 and were clamped: "Sky", "Sea". */
function clampedNotice(fileName: string, range: string, clamped: readonly ClampedColour[]): string {
  const count = clamped.length
  const named = clamped.slice(0, NAMED_IN_NOTICE).map((c) => (c.name ? quoted(c.name) : c.line ? `the colour on line ${c.line}` : 'an unnamed colour'))
  return `${colourCount(count)} in ${fileName} had values outside ${range} and ${count === 1 ? 'was' : 'were'} clamped: ${listed(named, count)}.`
}

const orList = new Intl.ListFormat('en', { type: 'disjunction' })
const MODEL_WORDS: Record<SourceModel, string> = { RGB: 'RGB', CMYK: 'CMYK', LAB: 'Lab', Gray: 'Gray' }

/**
 * The app shows and exports sRGB only, so a colour stored as CMYK, Lab or Gray (a printer's spot
 * ink, say) is converted with a formula that knows no ink or profile: the designer must be told
 * which colours to check. E.g. 1 colour in "brand.ase" was stored as CMYK and is now an RGB approximation: "PANTONE 300 C".
 */
function convertedNotice(fileName: string, colours: readonly NamedColour[]): string[] {
  const converted = colours.filter((c) => c.sourceModel !== undefined && c.sourceModel !== 'RGB')
  const count = converted.length
  if (count === 0) return []
  const models = orList.format(new Set(converted.map((c) => MODEL_WORDS[c.sourceModel ?? 'RGB'])))
  const named = converted.slice(0, NAMED_IN_NOTICE).map((c) => quoted(fitName(c.name, MAX_NAME) || rgbToHex(c.rgb)))
  return [`${colourCount(count)} in ${fileName} ${count === 1 ? 'was' : 'were'} stored as ${models} and ${count === 1 ? 'is now an RGB approximation' : 'are now RGB approximations'}: ${listed(named, count)}.`]
}
