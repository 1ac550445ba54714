// The tools a designer would pick instead, called the way their READMEs show, from a file path.
import { getPalette } from 'colorthief'
import { Vibrant } from 'node-vibrant/node'
import sharp from 'sharp'
import { decodeThreads } from '../src/main/engine/decode'

export const peers = {
  /** Color Thief 3.5, `getPalette(path, { colorCount: 5 })` with its defaults. */
  'color-thief': async (path: string): Promise<unknown> => getPalette(path, { colorCount: 5 }),
  'node-vibrant': async (path: string): Promise<unknown> => Vibrant.from(path).getPalette(),
  /**
   * The floor for any method that reads the whole picture: sharp alone decoding to 512 px, with
   * as many libvips threads as our decode uses (Color Thief's own copy of sharp resets the
   * process-wide setting to 1 when it loads).
   */
  'sharp-decode-512': async (path: string): Promise<unknown> => {
    sharp.concurrency(decodeThreads())
    return sharp(path).resize(512, 512, { fit: 'inside', withoutEnlargement: true }).raw().toBuffer()
  }
} as const

export type PeerName = keyof typeof peers
