// How large a column's preview is: the box ColumnCard shows it in, at the screen's scale. Pure,
// so that a test can hold it against the engine's own fitting (engine/preview.ts, with sharp).

/** The box a column shows its preview in, in CSS px (ColumnCard's .thumb: the column's width, this height). */
export const THUMB_BOX = { width: 240, height: 130 } as const
/** Screens scaled beyond 200 % get the 200 % preview (a larger one would only grow board files). */
export const MAX_THUMB_SCALE = 2

/** The pixels a preview is fitted into: THUMB_BOX at the screen's `scale` (the engine makes a batch's so). */
export function previewBox(scale: number): { width: number; height: number } {
  return { width: Math.round(THUMB_BOX.width * scale), height: Math.round(THUMB_BOX.height * scale) }
}

/**
 * The preview's pixels for an image of `width` × `height`: fitted into previewBox, never enlarged;
 * the same box the engine fits a batch's previews into, so both ways give one size.
 */
export function thumbSize(width: number, height: number, scale: number): { w: number; h: number } {
  const box = previewBox(scale)
  // Divided by the shrink, not multiplied by its inverse, as sharp does: 97.5 px comes out 97 in both.
  const shrink = Math.max(1, width / box.width, height / box.height)
  return { w: Math.max(1, Math.round(width / shrink)), h: Math.max(1, Math.round(height / shrink)) }
}

/** The least a column shows of its preview's short side, in CSS px: a 4000 × 8 image's is otherwise a hairline. */
export const MIN_SHOWN_SIDE = 24

/**
 * The side of a preview of `width` × `height` pixels that fitted into THUMB_BOX (as ColumnCard's
 * object-fit: contain shows it) would be shorter than MIN_SHOWN_SIDE: the column shows it that long
 * instead, stretched across, its colours recognisable. null when both sides show at least that.
 */
export function stretchedSide(width: number, height: number): 'width' | 'height' | null {
  const scale = Math.min(THUMB_BOX.width / width, THUMB_BOX.height / height)
  if (height * scale < MIN_SHOWN_SIDE) return 'height'
  if (width * scale < MIN_SHOWN_SIDE) return 'width'
  return null
}
