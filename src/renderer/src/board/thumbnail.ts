// JPEG previews for board columns, kept in the project file so a reopened board shows its images
// without their files. Browser-only (canvas).
//
// A preview has the pixels of the box a column shows it in (ColumnCard: its width, THUMB_BOX's
// height) times the screen's scale, so that it is sharp at 150 % and 200 % too; the scale is
// capped at MAX_THUMB_SCALE, which bounds a preview's size in the board file. A worst case (pure
// noise, which JPEG cannot compress) at the cap is about 130,000 characters of data: URL, under a
// third of the project file's limit on one (project.ts). Older boards' previews (240 px on their
// longest side) still open: the box scales them up.

/** The box a column shows its preview in, in CSS px (ColumnCard's .thumb: the column's width, this height). */
export const THUMB_BOX = { width: 240, height: 130 } as const
/** Screens scaled beyond 200 % get the 200 % preview (a larger one would only grow board files). */
export const MAX_THUMB_SCALE = 2
const QUALITY = 0.85

/** The screen's scale (devicePixelRatio), from 1 to MAX_THUMB_SCALE. */
export function thumbScale(ratio: number = globalThis.devicePixelRatio ?? 1): number {
  return Number.isFinite(ratio) ? Math.min(MAX_THUMB_SCALE, Math.max(1, ratio)) : 1
}

/** The pixels a preview is fitted into: THUMB_BOX at the screen's scale (the engine makes a batch's so). */
export function previewBox(scale = thumbScale()): { width: number; height: number } {
  return { width: Math.round(THUMB_BOX.width * scale), height: Math.round(THUMB_BOX.height * scale) }
}

/**
 * The preview's pixels for an image of `width` × `height`: fitted into previewBox, never enlarged;
 * the same box the engine fits a batch's previews into, so both ways give one size.
 */
export function thumbSize(width: number, height: number, scale = thumbScale()): { w: number; h: number } {
  const box = previewBox(scale)
  // Divided by the shrink, not multiplied by its inverse, as sharp does: 97.5 px comes out 97 in both.
  const shrink = Math.max(1, width / box.width, height / box.height)
  return { w: Math.max(1, Math.round(width / shrink)), h: Math.max(1, Math.round(height / shrink)) }
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
