// A batch's board previews come out of the extraction itself: of the very pixels the palette was
// made from, fitted into the box asked for, and bounded for the contract and the board file.
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { extractPalette } from '../../../src/main/engine/extract'
import { previewOf } from '../../../src/main/engine/preview'
import { ExtractResultSchema } from '../../../src/shared/ipc-contract'
import { MAX_PREVIEW_CHARS } from '../../../src/shared/preview-limits'

const jpegOf = (url: string): Buffer => Buffer.from(url.replace(/^data:image\/jpeg;base64,/, ''), 'base64')

describe('previews made by the extraction', () => {
  it('fits the decoded image into the box asked for, in its colours, and makes none unasked', async () => {
    const red = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 30, b: 40 } } }).jpeg().toBuffer()
    const result = await extractPalette(red, { method: 'kmeans', preview: { width: 480, height: 260 } })
    expect(ExtractResultSchema.parse(result).preview).toBe(result.preview)
    const jpeg = jpegOf(result.preview!)
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: 'jpeg', width: 390, height: 260 })
    const { dominant } = await sharp(jpeg).stats()
    expect(Math.abs(dominant.r - 200) + Math.abs(dominant.g - 30) + Math.abs(dominant.b - 40)).toBeLessThan(40)
    expect((await extractPalette(red, { method: 'kmeans' })).preview).toBeUndefined()
  })

  it('keeps even pure noise within the contract, and gives none rather than one too long', async () => {
    const data = await sharp({ create: { width: 512, height: 512, channels: 4, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 120 } } }).raw().toBuffer()
    const noise = { width: 512, height: 512, data }
    const url = await previewOf(noise, { width: 512, height: 512 }, MAX_PREVIEW_CHARS)
    expect(url!.length).toBeLessThanOrEqual(MAX_PREVIEW_CHARS)
    expect(await previewOf(noise, { width: 512, height: 512 }, 1000)).toBeUndefined()
  })
})
