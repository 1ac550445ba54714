// Small synthetic images for engine tests, and how they expect an engine error.
import { expect } from 'vitest'
import { EngineError, type EngineErrorCode } from '../../../src/main/engine/errors'
import type { RgbaImage } from '../../../src/main/engine/image'

/** Expects `promise` to fail with the engine's error `code`, its message matching `message`. */
export async function expectEngineError(promise: Promise<unknown>, code: EngineErrorCode, message: RegExp): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(EngineError)
  expect((error as EngineError).code).toBe(code)
  expect((error as EngineError).message).toMatch(message)
}

/** An image made of horizontal bands: each [r, g, b, a?] colour gets `rows` rows of `width` pixels. */
export function bands(width: number, spec: { rgb: readonly number[]; rows: number; alpha?: number }[]): RgbaImage {
  const height = spec.reduce((n, s) => n + s.rows, 0)
  const data = new Uint8Array(width * height * 4)
  let y = 0
  for (const { rgb, rows, alpha = 255 } of spec) {
    for (let i = 0; i < rows * width; i++) data.set([rgb[0], rgb[1], rgb[2], alpha], ((y * width) + i) * 4)
    y += rows
  }
  return { width, height, data }
}

export interface TiffLayout {
  /** PhotometricInterpretation: 1 greyscale, 2 RGB, 5 CMYK, 8 CIELab, 9 ICCLab. */
  photometric: number
  /** One pixel's samples, every pixel the same. */
  pixel: number[]
  bits: 8 | 16 | 32 | 64
  /** SampleFormat: 1 unsigned, 2 signed, 3 floating point. */
  format: 1 | 2 | 3
  /** ExtraSamples, one for each sample past the colours: 0 unspecified (a selection, a spot colour), 2 alpha. */
  extra?: number[]
}

/** How each SampleFormat:bits pair the tests use is written, little-endian. */
const TIFF_SAMPLE_WRITERS: Record<string, (bytes: Buffer, value: number) => number> = {
  '1:8': (bytes, value) => bytes.writeUInt8(value),
  '1:16': (bytes, value) => bytes.writeUInt16LE(value),
  '2:16': (bytes, value) => bytes.writeInt16LE(value),
  '3:32': (bytes, value) => bytes.writeFloatLE(value),
  '3:64': (bytes, value) => bytes.writeDoubleLE(value)
}

function tiffSample(value: number, bits: number, format: number): Buffer {
  const bytes = Buffer.alloc(bits / 8)
  TIFF_SAMPLE_WRITERS[`${format}:${bits}`](bytes, value)
  return bytes
}

/**
 * A 4 × 4 uncompressed TIFF of one strip, built by hand for sample layouts sharp does not write
 * (it saves every TIFF as 8- or 16-bit unsigned RGB or greyscale). Every tag is a SHORT; arrays
 * longer than two follow the directory, then the strip.
 */
export function tiffOf({ photometric, pixel, bits, format, extra = [] }: TiffLayout): Buffer {
  const samples = pixel.length
  const one = Buffer.concat(pixel.map((value) => tiffSample(value, bits, format)))
  const strip = Buffer.concat(Array.from({ length: 16 }, () => one))
  const tags = (stripAt: number): [number, number[]][] => [
    [256, [4]], // width
    [257, [4]], // height
    [258, Array<number>(samples).fill(bits)],
    [259, [1]], // no compression
    [262, [photometric]],
    [273, [stripAt]],
    [277, [samples]],
    [278, [4]], // rows a strip
    [279, [strip.length]],
    ...(extra.length > 0 ? [[338, extra] as [number, number[]]] : []),
    [339, Array<number>(samples).fill(format)]
  ]
  const directoryEnd = 8 + 2 + tags(0).length * 12 + 4
  const spilled = tags(0).reduce((bytes, [, values]) => bytes + (values.length > 2 ? values.length * 2 : 0), 0)
  const out = Buffer.alloc(directoryEnd + spilled + strip.length)
  out.write('II*\0', 'latin1')
  out.writeUInt32LE(8, 4)
  out.writeUInt16LE(tags(0).length, 8)
  let entry = 10
  let spill = directoryEnd
  for (const [tag, values] of tags(directoryEnd + spilled)) {
    out.writeUInt16LE(tag, entry)
    out.writeUInt16LE(3, entry + 2) // SHORT
    out.writeUInt32LE(values.length, entry + 4)
    if (values.length > 2) out.writeUInt32LE(spill, entry + 8)
    for (const [i, value] of values.entries()) out.writeUInt16LE(value, values.length > 2 ? spill + 2 * i : entry + 8 + 2 * i)
    if (values.length > 2) spill += values.length * 2
    entry += 12
  }
  strip.copy(out, directoryEnd + spilled)
  return out
}
