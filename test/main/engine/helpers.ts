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
