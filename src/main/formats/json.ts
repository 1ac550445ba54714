// Palette Studio's own JSON swatch file. Schema (version 1):
// {
//   "format": "palette-studio-swatches",  "version": 1,
//   "name"?: string,
//   "swatches": Colour[],                          // colours outside any group
//   "groups": { "name": string, "swatches": Colour[] }[]
// }
// Colour = { "name": string, "hex": "#rrggbb", "share"?: 0..1, "type"?: "global"|"spot"|"normal" }
// Unknown keys are ignored on read, so later versions can add fields without breaking this reader.
//
// The reader also opens the film view's strip JSON, written for scripts (renderer film.svelte.ts):
// { "film": string, "duration": seconds, "samples": { "time": seconds, "method", "swatches": Swatch[] }[] }
// as one group per frame, named as the strip's ASE and GPL exports name them.
import { z } from 'zod'
import { frameGroupName, stripName } from '../../shared/film-names'
import { PaletteSchema } from '../../shared/ipc-contract'
import { COLOUR_TYPES, type Rgb } from '../../shared/palette'
import { EngineError } from '../engine/errors'
import { badSwatchFile } from './bad-file'
import { fitName, rgbToHex, type NamedColour, type SwatchFile } from './swatch-file'

const JSON_FORMAT_ID = 'palette-studio-swatches'
/** Longest name the reader takes, in UTF-16 units; the writer cuts longer ones to fit. */
const MAX_NAME = 10_000
/** Most colours in one list, and most groups, that the reader takes; the writer refuses more. */
const MAX_COLOURS = 100_000
const MAX_GROUPS = 10_000

const colourSchema = z.object({
  name: z.string().max(MAX_NAME),
  hex: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be "#rrggbb"'),
  share: z.number().min(0).max(1).optional(),
  type: z.enum(COLOUR_TYPES).optional()
})

export const swatchJsonSchema = z.object({
  format: z.literal(JSON_FORMAT_ID),
  version: z.literal(1),
  name: z.string().max(MAX_NAME).optional(),
  swatches: z.array(colourSchema).max(MAX_COLOURS),
  groups: z.array(z.object({ name: z.string().max(MAX_NAME), swatches: z.array(colourSchema).max(MAX_COLOURS) })).max(MAX_GROUPS)
})

type ColourJson = z.infer<typeof colourSchema>

/** A frame of the strip is a palette as the page holds it (hex and rgb agreeing, a share each) at its time. */
const filmStripSchema = z.object({
  film: z.string().max(MAX_NAME),
  duration: z.number().min(0),
  samples: z.array(PaletteSchema.extend({ time: z.number().min(0) })).max(MAX_GROUPS)
})

export function writeJson(file: SwatchFile): string {
  checkReadable(file)
  const doc: z.infer<typeof swatchJsonSchema> = {
    format: JSON_FORMAT_ID,
    version: 1,
    ...(file.name === undefined ? {} : { name: fitName(file.name, MAX_NAME) }),
    swatches: file.loose.map(colourToJson),
    groups: file.groups.map((g) => ({ name: fitName(g.name, MAX_NAME), swatches: g.swatches.map(colourToJson) }))
  }
  return JSON.stringify(doc, null, 2) + '\n'
}

/** Refuse a file the reader would refuse, so that every JSON file the app writes opens again. */
function checkReadable(file: SwatchFile): void {
  const tooMany = (colours: readonly NamedColour[]) => colours.length > MAX_COLOURS
  if (file.groups.length > MAX_GROUPS || tooMany(file.loose) || file.groups.some((g) => tooMany(g.swatches))) {
    throw new EngineError(
      'TOO_LARGE',
      `This palette is too large for a JSON swatch file (at most ${MAX_GROUPS.toLocaleString('en')} groups of ${MAX_COLOURS.toLocaleString('en')} colours): export fewer frames or images at a time.`
    )
  }
}

function colourToJson(c: NamedColour): ColourJson {
  const out: ColourJson = { name: fitName(c.name, MAX_NAME), hex: rgbToHex(c.rgb) }
  if (c.share !== undefined) out.share = c.share
  if (c.type !== undefined) out.type = c.type
  return out
}

export function readJson(data: Buffer | string): SwatchFile {
  let raw: unknown
  try {
    raw = JSON.parse(typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: true }).decode(data))
  } catch {
    throw badSwatchFile('JSON', 'it is not valid UTF-8 JSON')
  }
  return isFilmStrip(raw) ? readFilmStrip(raw) : readSwatches(raw)
}

/** The strip's JSON has no "format" of its own: it is known by its keys. */
const isFilmStrip = (raw: unknown): raw is object =>
  typeof raw === 'object' && raw !== null && !('format' in raw) && ('film' in raw || 'samples' in raw)

function readSwatches(raw: unknown): SwatchFile {
  const parsed = swatchJsonSchema.safeParse(raw)
  if (!parsed.success) throw badSwatchFile('JSON', firstIssue(parsed.error))
  const doc = parsed.data
  return {
    ...(doc.name === undefined ? {} : { name: doc.name }),
    loose: doc.swatches.map(colourFromJson),
    groups: doc.groups.map((g) => ({ name: g.name, swatches: g.swatches.map(colourFromJson) }))
  }
}

/** One group per frame, each swatch named by its hex code, as the strip’s ASE export names it. */
function readFilmStrip(raw: object): SwatchFile {
  const parsed = filmStripSchema.safeParse(raw)
  if (!parsed.success) throw badSwatchFile('JSON', `it is a damaged film strip, at ${firstIssue(parsed.error)}`)
  const { film, samples } = parsed.data
  return {
    name: stripName(film),
    loose: [],
    groups: samples.map(({ time, swatches }) => ({
      name: frameGroupName(film, time),
      swatches: swatches.map((s) => ({ name: s.name ?? s.hex, rgb: s.rgb, share: s.share, ...(s.type && { type: s.type }) }))
    }))
  }
}

/** Where the file first fails its schema, and how: "groups.0.swatches.2.hex: must be "#rrggbb"". */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  const where = issue.path.length ? issue.path.join('.') : 'the top level'
  return `${where}: ${issue.message}`
}

function colourFromJson(c: ColourJson): NamedColour {
  const n = parseInt(c.hex.slice(1), 16)
  const rgb: Rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255]
  const out: NamedColour = { name: c.name, rgb }
  if (c.share !== undefined) out.share = c.share
  if (c.type !== undefined) out.type = c.type
  return out
}
