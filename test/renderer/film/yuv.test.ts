import { describe, expect, it } from 'vitest'
import { playerCorrection, yuvToRgba, yuvToRgbaHalf, type YuvColour, type YuvPlanes } from '../../../src/renderer/src/film/yuv'

/** A 2 × 2 frame of one colour, in I420 (Y plane, then U, then V) or NV12 (Y, then U and V interleaved). */
function flat(format: YuvPlanes['format'], [y, u, v]: [number, number, number]): YuvPlanes {
  // One chroma sample each: I420's U and V planes, or NV12's one interleaved pair, lie the same in memory.
  const data = Uint8Array.of(y, y, y, y, u, v)
  const layout = format === 'I420' ? [{ offset: 0, stride: 2 }, { offset: 4, stride: 1 }, { offset: 5, stride: 1 }] : [{ offset: 0, stride: 2 }, { offset: 4, stride: 2 }]
  return { format, width: 2, height: 2, data, layout }
}

const rgbOf = (planes: YuvPlanes, colour: YuvColour): number[] => [...yuvToRgba(planes, colour).slice(0, 4)]
const BT709_TV: YuvColour = { matrix: 'bt709', fullRange: false }
const BT601_PC: YuvColour = { matrix: 'bt601', fullRange: true }

describe('yuvToRgba', () => {
  it('BT.709 limited range: 16 is black, 235 white, and its red and a film pixel come out as ffmpeg gives them', () => {
    expect(rgbOf(flat('I420', [16, 128, 128]), BT709_TV)).toEqual([0, 0, 0, 255])
    expect(rgbOf(flat('I420', [235, 128, 128]), BT709_TV)).toEqual([255, 255, 255, 255])
    // BT.709's red, in limited range (ITU-R BT.709 table, 8 bits).
    rgbOf(flat('I420', [63, 102, 240]), BT709_TV).forEach((c, i) => expect(Math.abs(c - [255, 0, 0, 255][i])).toBeLessThanOrEqual(1))
    // A pixel of a bt709-tagged test film, and ffmpeg's RGB of it (accurate_rnd+full_chroma_int); BT.601 would give 188,93,50.
    rgbOf(flat('I420', [116, 95, 173]), BT709_TV).forEach((c, i) => expect(Math.abs(c - [197, 99, 47, 255][i])).toBeLessThanOrEqual(1))
  })

  it('BT.601 full range: 0 is black, 255 white, and a film pixel comes out as ffmpeg gives it', () => {
    expect(rgbOf(flat('I420', [0, 128, 128]), BT601_PC)).toEqual([0, 0, 0, 255])
    expect(rgbOf(flat('I420', [255, 128, 128]), BT601_PC)).toEqual([255, 255, 255, 255])
    // BT.601 full range (JPEG's, ITU-T T.871) red.
    rgbOf(flat('I420', [76, 85, 255]), BT601_PC).forEach((c, i) => expect(Math.abs(c - [255, 0, 0, 255][i])).toBeLessThanOrEqual(1))
    rgbOf(flat('I420', [125, 86, 182]), BT601_PC).forEach((c, i) => expect(Math.abs(c - [201, 101, 51, 255][i])).toBeLessThanOrEqual(1))
  })

  it('NV12 gives what I420 gives', () => {
    expect(rgbOf(flat('NV12', [116, 95, 173]), BT709_TV)).toEqual(rgbOf(flat('I420', [116, 95, 173]), BT709_TV))
  })

  it('each chroma sample covers its 2 × 2 pixels, with strides wider than the picture', () => {
    // A 4 × 2 frame, its rows padded to 8 and 4: left half grey, right half BT.709 red.
    const data = new Uint8Array(8 * 2 + 4 + 4).fill(0)
    data.set([126, 126, 63, 63], 0)
    data.set([126, 126, 63, 63], 8)
    data.set([128, 102], 16)
    data.set([128, 240], 20)
    const rgba = yuvToRgba({ format: 'I420', width: 4, height: 2, data, layout: [{ offset: 0, stride: 8 }, { offset: 16, stride: 4 }, { offset: 20, stride: 4 }] }, BT709_TV)
    const pixel = (i: number): number[] => [...rgba.slice(i * 4, i * 4 + 3)]
    for (const i of [0, 1, 4, 5]) expect(pixel(i)).toEqual([128, 128, 128])
    for (const i of [2, 3, 6, 7]) pixel(i).forEach((c, k) => expect(Math.abs(c - [255, 0, 0][k])).toBeLessThanOrEqual(1))
  })
})

describe('playerCorrection', () => {
  /** The colour (0–255) `values` make of `rgb`, as feColorMatrix computes it on sRGB-encoded values. */
  const apply = (values: number[], rgb: number[]): number[] =>
    [0, 1, 2].map((row) => 255 * (values[row * 5] * (rgb[0] / 255) + values[row * 5 + 1] * (rgb[1] / 255) + values[row * 5 + 2] * (rgb[2] / 255) + values[row * 5 + 4]))

  it("turns the colours Chromium's player shows of partly tagged films into the film's own, as ffmpeg decodes them", () => {
    // Measured: the test films' colour as Chromium decodes them, and as ffmpeg does (docs/decoding.md).
    apply(playerCorrection(BT709_TV), [188, 93, 50]).forEach((c, i) => expect(Math.abs(c - [197, 99, 47][i])).toBeLessThanOrEqual(1.5))
    apply(playerCorrection(BT601_PC), [213, 99, 43]).forEach((c, i) => expect(Math.abs(c - [201, 101, 51][i])).toBeLessThanOrEqual(1.5))
  })

  it("leaves alone what Chromium decodes as tagged, and keeps alpha", () => {
    const identity = playerCorrection({ matrix: 'bt601', fullRange: false })
    ;[1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0].forEach((v, i) => expect(identity[i]).toBeCloseTo(v, 10))
    expect(playerCorrection(BT709_TV).slice(15)).toEqual([0, 0, 0, 1, 0])
  })
})

describe('yuvToRgbaHalf', () => {
  it('gives each 2 × 2 block the mean of what the full-size conversion gives it, odd edges included', () => {
    const [width, height] = [7, 5]
    const [cw, ch] = [4, 3]
    // Mid-range values, so that no channel clamps and the affine conversion commutes with the mean.
    let seed = 7
    const next = (from: number, span: number): number => from + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % span)
    const data = Uint8Array.from({ length: width * height + 2 * cw * ch }, (_, i) => (i < width * height ? next(80, 90) : next(112, 32)))
    const planes: YuvPlanes = { format: 'I420', width, height, data, layout: [{ offset: 0, stride: width }, { offset: width * height, stride: cw }, { offset: width * height + cw * ch, stride: cw }] }
    for (const colour of [BT709_TV, BT601_PC]) {
      const full = yuvToRgba(planes, colour)
      const half = yuvToRgbaHalf(planes, colour)
      expect([half.width, half.height]).toEqual([4, 3])
      for (let row = 0; row < 3; row++) {
        for (let col = 0; col < 4; col++) {
          const pixels = [[2 * row, 2 * col], [2 * row, 2 * col + 1], [2 * row + 1, 2 * col], [2 * row + 1, 2 * col + 1]].map(([r, c]) => [Math.min(r, height - 1), Math.min(c, width - 1)])
          for (let channel = 0; channel < 3; channel++) {
            const mean = pixels.reduce((sum, [r, c]) => sum + full[(r * width + c) * 4 + channel], 0) / 4
            expect(Math.abs(half.rgba[(row * 4 + col) * 4 + channel] - mean)).toBeLessThanOrEqual(1)
          }
        }
      }
    }
  })
})
