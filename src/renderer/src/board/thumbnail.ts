// Small JPEG previews for board columns, kept in the project file so a reopened board shows its
// images without their files. Browser-only (canvas).
export const THUMB_SIDE = 240

function fit(width: number, height: number, side: number): { w: number; h: number } {
  const scale = Math.min(1, side / Math.max(width, height))
  return { w: Math.max(1, Math.round(width * scale)), h: Math.max(1, Math.round(height * scale)) }
}

export function thumbOf(source: CanvasImageSource, width: number, height: number, side = THUMB_SIDE): string {
  const { w, h } = fit(width, height, side)
  const canvas = document.createElement('canvas')
  canvas.width = w
  canvas.height = h
  canvas.getContext('2d')?.drawImage(source, 0, 0, w, h)
  return canvas.toDataURL('image/jpeg', 0.85)
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
