// Decodes an image URL and hands back the image (the image view draws it) and a copy of its pixels
// (markers and eyedropper read them).
import { DISPLAY_COPY_MAX_SIDE } from '../../../shared/ipc-contract'
import type { Pixels } from './markers'

/** Long side of the pixel copy: plenty for markers and picking, cheap to scan (the engine's display copies are no larger). */
const MAX_SIDE = DISPLAY_COPY_MAX_SIDE

export async function loadPixels(url: string): Promise<{ image: HTMLImageElement; pixels: Pixels }> {
  const image = new Image()
  image.src = url
  await image.decode()
  const scale = Math.min(1, MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight))
  // A canvas of its own: the one on screen is sized to the screen's pixels, not to the image's.
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(image.naturalWidth * scale))
  canvas.height = Math.max(1, Math.round(image.naturalHeight * scale))
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (!context) throw new Error('no 2D canvas')
  context.drawImage(image, 0, 0, canvas.width, canvas.height)
  const data = context.getImageData(0, 0, canvas.width, canvas.height)
  return { image, pixels: { width: data.width, height: data.height, data: data.data } }
}
