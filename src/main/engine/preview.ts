// A small JPEG of the image a palette was made from, for a board column. It is made from the very
// pixels the palette saw (decoded once, oriented, in sRGB), so a batch's columns need no second
// read of their files, and a preview always matches its palette even if the file changes later.
import sharp from 'sharp'
import type { RgbaImage } from './image'

/** The pixels a preview must fit in (never enlarged beyond the image). */
export interface PreviewBox {
  width: number
  height: number
}

/** Tried in turn: a noisy photo that makes too long a preview at the first gets a plainer one. */
const QUALITIES = [85, 60]

/** A JPEG data: URL of `image` fitted into `box`, or undefined when none fits in `maxChars`. */
export async function previewOf(image: RgbaImage, box: PreviewBox, maxChars: number): Promise<string | undefined> {
  const { width, height, data } = image
  // Transparent pixels come out black, as on the page's canvas (JPEG has no alpha).
  const fitted = await sharp(data, { raw: { width, height, channels: 4 } })
    .resize({ width: box.width, height: box.height, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#000000' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  const { info } = fitted
  for (const quality of QUALITIES) {
    const jpeg = await sharp(fitted.data, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality }).toBuffer()
    const url = `data:image/jpeg;base64,${jpeg.toString('base64')}`
    if (url.length <= maxChars) return url
  }
  return undefined
}
