// Plain-data palette types shared by the engine, the CLI, the IPC contract and the renderer.
// Nothing here may import Node or Electron: the renderer compiles it too.

/** An sRGB colour, each channel an integer 0..255. */
export type Rgb = readonly [r: number, g: number, b: number]

export const METHODS = ['neural', 'median-cut', 'kmeans'] as const
export type Method = (typeof METHODS)[number]

export interface Swatch {
  rgb: Rgb
  /** `#rrggbb`, lower case. */
  hex: string
  /** Share of the counted (opaque) pixels of the analysis image that this swatch stands for, 0..1. */
  share: number
  /** Optional display name (swatch files carry names). */
  name?: string
}

export interface Palette {
  method: Method
  /** Ranked swatches, most representative first; usually 5, sometimes 3 or 4 (median cut's empty boxes). */
  swatches: Swatch[]
}
