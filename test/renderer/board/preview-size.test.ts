// A column's preview has one size, whether the page draws it or the engine makes it for a batch.
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { previewBox, thumbSize } from '../../../src/renderer/src/board/preview-size'

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
