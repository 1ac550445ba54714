import { join } from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { EngineError } from '../../../src/main/engine/errors'
import { analysisImage } from '../../../src/main/engine/area-scale'
import { extractPalette, registerMethod, type MethodRunner } from '../../../src/main/engine/extract'
import { kmeans } from '../../../src/main/engine/kmeans'
import { rankingCensus, swatchPopulations } from '../../../src/main/engine/rank'
import { scorePalette } from '../../../src/main/engine/score'
import { ALPHA, ensureFixtures, QUADRANTS } from '../../fixtures/make-fixtures'
import { variedImages } from '../../tools/fixtures/varied'
import { bands } from './helpers'

let dir = ''
beforeAll(async () => {
  dir = await ensureFixtures()
})

describe('extractPalette', () => {
  it.each(['median-cut', 'kmeans'] as const)('%s finds the four quadrant colours of a PNG, with timings', async (method) => {
    const result = await extractPalette(join(dir, 'quadrants.png'), { method })
    const truth = Object.values(QUADRANTS)
    expect(scorePalette(result.palette.swatches.map((s) => s.rgb), truth).correct).toBe(4)
    expect(result.palette.method).toBe(method)
    expect(result.groundTruth?.method).toBe('median-cut')
    expect(result.source).toEqual({ width: 64, height: 48, format: 'png', hasAlpha: false, space: 'srgb' })
    for (const stage of ['decode', 'analysis', 'groundTruth', 'extract', 'rank', 'total']) expect(result.timings[stage]).toBeGreaterThanOrEqual(0)
  })

  it('says the colour space the file stores, as the app shows a CMYK one from the engine’s own conversion', async () => {
    const cmyk = await extractPalette(join(dir, 'cmyk.jpg'), { method: 'median-cut' })
    expect(cmyk.source).toMatchObject({ format: 'jpeg', space: 'cmyk' })
    const frame = await extractPalette({ width: 1, height: 1, data: new Uint8Array([1, 2, 3, 255]) }, { method: 'median-cut' })
    expect(frame.source.space).toBe('srgb')
  })

  it('never puts a see-through colour in the palette', async () => {
    const result = await extractPalette(join(dir, 'alpha.png'), { method: 'kmeans' })
    expect(result.palette.swatches.map((s) => s.rgb)).toEqual([ALPHA.opaque])
    // Median cut reports its 5-bit box colour, so near the teal, not equal to it.
    const truth = result.groundTruth?.swatches.map((s) => s.rgb) ?? []
    expect(truth).toHaveLength(1)
    expect(scorePalette(truth, [ALPHA.opaque]).correct).toBe(1)
  })

  it('a picture drawn wholly see-through (smoke, a cloud layer) gives the colours it shows, not its faint black edge', async () => {
    // 40 × 40: an amber half at 40 % opacity, a blue quarter at 35 %, and a black quarter at 4 %.
    const data = new Uint8Array(40 * 40 * 4)
    for (let p = 0; p < 1600; p++) data.set(p < 800 ? [200, 120, 40, 100] : p < 1200 ? [40, 90, 200, 90] : [0, 0, 0, 10], p * 4)
    const result = await extractPalette({ width: 40, height: 40, data }, { method: 'kmeans' })
    expect(result.palette.swatches.map((s) => s.rgb)).toEqual([
      [200, 120, 40],
      [40, 90, 200]
    ])
    expect(scorePalette(result.groundTruth?.swatches.map((s) => s.rgb) ?? [], [[200, 120, 40], [40, 90, 200]]).correct).toBe(2)
  })

  it('a wholly transparent picture has no colours to give', async () => {
    const result = await extractPalette({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 4).fill(90).map((v, i) => (i % 4 === 3 ? 0 : v)) }, { method: 'median-cut' })
    expect([result.palette.swatches, result.groundTruth?.swatches]).toEqual([[], []])
  })

  it('accepts raw frames and ranks the dominant colour first', async () => {
    const frame = bands(16, [
      { rgb: [20, 40, 200], rows: 12 },
      { rgb: [230, 200, 30], rows: 4 }
    ])
    const result = await extractPalette(frame, { method: 'kmeans' })
    expect(result.palette.swatches.map((s) => s.hex)).toEqual(['#1428c8', '#e6c81e'])
    expect(result.source.format).toBe('raw')
  })

  it.each(['median-cut', 'kmeans'] as const)('%s gives a 1 × 1 image its one colour', async (method) => {
    const dot = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#123456' } }).png().toBuffer()
    const { palette } = await extractPalette(dot, { method })
    expect(palette.swatches.map((s) => s.share)).toEqual([1])
    expect(scorePalette(palette.swatches.map((s) => s.rgb), [[0x12, 0x34, 0x56]]).correct).toBe(1)
  })

  it('tells each stage as it starts, in order (the app shows them while it works)', async () => {
    const stages: string[] = []
    await extractPalette(join(dir, 'quadrants.png'), { method: 'kmeans', onProgress: (stage) => stages.push(stage) })
    expect(stages).toEqual(['decode', 'analysis', 'groundTruth', 'extract', 'rank'])
  })

  it('refuses a frame whose byte count does not match its size', async () => {
    await expect(extractPalette({ width: 4, height: 4, data: new Uint8Array(10) }, { method: 'kmeans' })).rejects.toMatchObject({ code: 'CORRUPT' })
  })

  it('passes decode errors through as EngineErrors', async () => {
    await expect(extractPalette(join(dir, 'truncated.jpg'), { method: 'median-cut' })).rejects.toBeInstanceOf(EngineError)
  })

  it('stops with CANCELLED when the signal is aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(extractPalette(join(dir, 'quadrants.png'), { method: 'kmeans', signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  it('uses a registered method (the seam for the neural one) and ranks its output', async () => {
    const frame = bands(8, [
      { rgb: [200, 0, 0], rows: 2 },
      { rgb: [0, 0, 200], rows: 6 }
    ])
    registerMethod('neural', () => ({
      swatches: [{ rgb: [199, 1, 0], hex: '#c70100', share: 0 }, { rgb: [0, 2, 201], hex: '#0002c9', share: 0 }],
      agentSteps: 3,
      provider: 'cpu',
      timings: { backbone: 12.345, agent: 2, rank: 1 }
    }))
    const result = await extractPalette(frame, { method: 'neural' })
    expect(result.palette.swatches.map((s) => [s.hex, s.share])).toEqual([['#0002c9', 0.75], ['#c70100', 0.25]])
    expect([result.agentSteps, result.provider]).toEqual([3, 'cpu'])
    // The method's own stages are reported too; one named like a pipeline stage is kept apart.
    expect([result.timings.backbone, result.timings.agent, result.timings['neural.rank']]).toEqual([12.35, 2, 1])
  })

  // The generated agreement images (gradients, noise, patchworks…): on most of them median cut's
  // box counts and k-means' clusters order the colours otherwise than the §2.2 ranking does.
  const varied = variedImages()
  const ownShares: MethodRunner = ({ analysis }) => ({ swatches: kmeans(analysis, 5).map((s, i, all) => ({ ...s, share: all[all.length - 1 - i].share })) })

  it.each(['median-cut', 'kmeans', 'neural'] as const)('%s lists its swatches with shares that never grow down the list', async (method) => {
    // A stand-in neural method that brings its own shares, in no particular order.
    registerMethod('neural', ownShares)
    for (const { name, image } of varied) {
      const { palette, groundTruth } = await extractPalette(image, { method })
      for (const swatches of [palette.swatches, groundTruth?.swatches ?? []]) {
        const shares = swatches.map((s) => s.share)
        expect(shares, name).toEqual([...shares].sort((a, b) => b - a))
      }
    }
  })

  it('median cut’s palette and the ground truth are the same list: same order, same shares', async () => {
    for (const { name, image } of varied) {
      const result = await extractPalette(image, { method: 'median-cut' })
      expect(result.palette.swatches, name).toEqual(result.groundTruth?.swatches)
    }
  })

  it.each(['median-cut', 'kmeans', 'neural'] as const)('%s gives each swatch its ranking population as its share', async (method) => {
    registerMethod('neural', ownShares)
    for (const { name, image } of varied) {
      const census = rankingCensus(analysisImage(image, 256))
      const { palette } = await extractPalette(image, { method })
      const populations = swatchPopulations(census, palette.swatches)
      expect(palette.swatches.map((s) => s.share), name).toEqual(populations.map((n) => n / census.total))
    }
  })

  it('gives two close colours in one 16-level bin each its own part of the image', async () => {
    // 32 columns of #808080, 16 of #8e8e8e, 16 of #20a020: the two greys share a bin, which
    // given whole to #808080 left #8e8e8e 0 % beside it.
    const columns = (x: number): number[] => (x < 32 ? [0x80, 0x80, 0x80] : x < 48 ? [0x8e, 0x8e, 0x8e] : [0x20, 0xa0, 0x20])
    const data = new Uint8Array(64 * 64 * 4)
    for (let i = 0; i < 64 * 64; i++) data.set([...columns(i % 64), 255], i * 4)
    const { palette } = await extractPalette({ width: 64, height: 64, data }, { method: 'kmeans' })
    const [first, ...rest] = palette.swatches.map((s) => [s.hex, s.share])
    expect([first, rest.sort()]).toEqual([['#808080', 0.5], [['#20a020', 0.25], ['#8e8e8e', 0.25]]])
  })

  it('a method without shares (the neural generator) gets ranking shares that sum to 1', async () => {
    registerMethod('neural', () => ({
      swatches: [10, 90, 170, 250].map((v) => ({ rgb: [v, 255 - v, 128] as [number, number, number], hex: '#000000', share: 0 }))
    }))
    const result = await extractPalette(join(dir, 'quadrants.png'), { method: 'neural' })
    const shares = result.palette.swatches.map((s) => s.share)
    expect(shares.filter((share) => share > 0).length).toBeGreaterThan(1)
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9)
    expect(shares).toEqual([...shares].sort((a, b) => b - a))
  })

  it('never shows a registered method the median-cut answer: it gets the pixels only', async () => {
    const seen: Record<string, unknown>[] = []
    registerMethod('neural', (input) => {
      seen.push({ ...input })
      return { swatches: [{ rgb: [10, 20, 30], hex: '#0a141e', share: 0 }] }
    })
    const result = await extractPalette(join(dir, 'quadrants.png'), { method: 'neural' })
    expect(seen).toHaveLength(1)
    expect(Object.keys(seen[0]).sort()).toEqual(['analysis', 'decoded', 'signal'])
    // The ground truth was still computed for the app to show, just not handed to the method.
    expect(result.groundTruth?.swatches.length).toBe(4)
    expect(result.palette.swatches.map((s) => s.hex)).toEqual(['#0a141e'])
  })
})
