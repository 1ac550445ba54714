// JPEG previews for board columns, kept in the project file so a reopened board shows its images
// without their files. Browser-only (canvas).
//
// A preview has the pixels of the box a column shows it in (ColumnCard: its width, THUMB_BOX's
// height) times the screen's scale, so that it is sharp at 150 % and 200 % too; the scale is
// capped at MAX_THUMB_SCALE, which bounds a preview's size in the board file. A worst case (pure
// noise, which JPEG cannot compress) at the cap is about 130,000 characters of data: URL, under a
// third of the project file's limit on one (project.ts). Older boards' previews (240 px on their
// longest side) still open: the box scales them up. Its size is preview-size.ts's.
import { MAX_THUMB_SCALE, thumbSize } from './preview-size'

const QUALITY = 0.85

/** The screen's scale (devicePixelRatio), from 1 to MAX_THUMB_SCALE. */
export function thumbScale(ratio: number = globalThis.devicePixelRatio ?? 1): number {
  return Number.isFinite(ratio) ? Math.min(MAX_THUMB_SCALE, Math.max(1, ratio)) : 1
}

export function thumbOf(source: CanvasImageSource, width: number, height: number, scale = thumbScale()): string {
  const { w, h } = thumbSize(width, height, scale)
  const canvas = document.createElement('canvas')
  canvas.width = w
  canvas.height = h
  const context = canvas.getContext('2d')
  if (context) {
    context.imageSmoothingQuality = 'high' // a photo shrunk several times over, not aliased
    context.drawImage(source, 0, 0, w, h)
  }
  return canvas.toDataURL('image/jpeg', QUALITY)
}

/** A preview of an encoded image, or '' when the browser cannot decode it (TIFF, HEIC…). */
export async function thumbOfBlob(blob: Blob): Promise<string> {
  try {
    const bitmap = await createImageBitmap(blob)
    try {
      return thumbOf(bitmap, bitmap.width, bitmap.height)
    } finally {
      bitmap.close()
    }
  } catch {
    return ''
  }
}
