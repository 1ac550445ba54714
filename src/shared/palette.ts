// Plain-data palette types shared by the engine, the CLI, the IPC contract and the renderer.
// Nothing here may import Node or Electron: the renderer compiles it too.

/** An sRGB colour, each channel an integer 0..255. */
export type Rgb = readonly [r: number, g: number, b: number]

export const METHODS = ['neural', 'median-cut', 'kmeans'] as const
export type Method = (typeof METHODS)[number]

/** How Adobe apps treat a colour (an ASE colour's type): global process, spot ink, or plain process. */
export const COLOUR_TYPES = ['global', 'spot', 'normal'] as const
export type ColourType = (typeof COLOUR_TYPES)[number]

export interface Swatch {
  rgb: Rgb
  /** `#rrggbb`, lower case. */
  hex: string
  /** Share of the counted (opaque) pixels of the analysis image that this swatch stands for, 0..1. */
  share: number
  /** Optional display name (swatch files carry names). */
  name?: string
  /** The colour's type in the swatch file it came from, so a spot colour is written back as one. */
  type?: ColourType
}

export interface Palette {
  method: Method
  /** Ranked swatches, most representative first; usually 5, sometimes 3 or 4 (median cut's empty boxes). */
  swatches: Swatch[]
}
