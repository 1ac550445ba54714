// A PNG of an image as the engine decodes it, for a renderer that cannot decode the file itself
// (Chromium reads neither TIFF nor HEIF). It comes out of the palette's own decoder, so it is
// oriented and converted to sRGB exactly as the palette saw it.
import sharp from 'sharp'
import { decodeImage } from './decode'

interface DisplayCopy {
  width: number
  height: number
  png: Buffer
}

/** The image at most `maxSide` pixels on its long side (never enlarged), as a PNG. */
export async function displayCopy(input: string | Buffer, maxSide: number): Promise<DisplayCopy> {
  const { image, source } = await decodeImage(input, { maxSide })
  const { width, height } = image
  let png = sharp(image.data, { raw: { width, height, channels: 4 } })
  // An opaque image's alpha channel would only add a quarter to the bytes sent to the page.
  if (!source.hasAlpha) png = png.removeAlpha()
  // PNG, not JPEG: lossless, so the eyedropper picks the very colours the palette was made from.
  return { width, height, png: await png.png().toBuffer() }
}
