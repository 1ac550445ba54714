// A column's preview has one size, whether the page draws it or the engine makes it for a batch.
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { MIN_SHOWN_SIDE, previewBox, stretchedSide, thumbSize } from '../../../src/renderer/src/board/preview-size'

/** What the engine's preview.ts makes of a `width` × `height` image in `box`. */
async function engineSize(width: number, height: number, box: { width: number; height: number }): Promise<{ w: number; h: number }> {
  const { info } = await sharp({ create: { width, height, channels: 3, background: '#808080' } })
    .resize({ width: box.width, height: box.height, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { w: info.width, h: info.height }
}

describe('thumbSize', () => {
  it('fits the box the engine is given, at 100 %, 125 %, 150 % and 200 %', async () => {
    for (const scale of [1, 1.25, 1.5, 2]) {
      for (const [width, height] of [[1000, 2000], [333, 1999], [120, 60], [1001, 7], [7, 1001], [1008, 756], [756, 1008], [640, 427], [1999, 1333]]) {
        expect(thumbSize(width, height, scale), `${width}×${height} at ${scale}`).toEqual(await engineSize(width, height, previewBox(scale)))
      }
    }
  })
})

describe('stretchedSide', () => {
  it('names the side a strip’s preview would show as a hairline, which the column shows MIN_SHOWN_SIDE px long instead', () => {
    expect(MIN_SHOWN_SIDE).toBeGreaterThanOrEqual(16)
    // The previews of 4000 × 8 and 8 × 4000 images, at 100 % and 200 %.
    for (const scale of [1, 2]) {
      const wide = thumbSize(4000, 8, scale)
      const tall = thumbSize(8, 4000, scale)
      expect(stretchedSide(wide.w, wide.h), `wide at ${scale}`).toBe('height')
      expect(stretchedSide(tall.w, tall.h), `tall at ${scale}`).toBe('width')
    }
    for (const [w, h] of [[240, 160], [1, 1], [87, 130], [240, 27], [2000, 200]]) expect(stretchedSide(w, h), `${w}×${h}`).toBeNull()
  })
})
