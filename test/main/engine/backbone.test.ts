// The committed ONNX backbones (resources/models/backbone-*.onnx) must compute exactly what
// the pretrained super-resolution networks of @upscalerjs/esrgan-legacy compute up to their
// cut, and their RGBY input must not change that: the reference below runs the ORIGINAL
// 3-channel models on plain RGB, in float64, from the package's own model.json and shards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InferenceSession, Tensor } from 'onnxruntime-node'
import type { RgbaImage } from '../../../src/main/engine/image'
import { mulberry32 } from '../../../src/main/engine/prng'
import { rgbyPlanes } from '../../../src/main/engine/rgby'
import { loadKerasModel, runKeras, type FeatureMap, type KerasModel } from '../../tools/keras-reference'

const MODELS = 'node_modules/@upscalerjs/esrgan-legacy/models'

/** Deterministic pseudo-random RGBA image (the project's mulberry32), fully opaque. */
function randomImage(width: number, height: number, seed: number): RgbaImage {
  const next = mulberry32(seed)
  const data = new Uint8Array(width * height * 4)
  for (let i = 0; i < data.length; i++) data[i] = i % 4 === 3 ? 255 : Math.floor(next() * 256)
  return { width, height, data }
}

/** What the original Keras model is fed: RGB only, channels last, times `scale`. */
function kerasInput(img: RgbaImage, scale: number): FeatureMap {
  const data = new Float64Array(img.width * img.height * 3)
  for (let p = 0; p < img.width * img.height; p++) {
    for (let c = 0; c < 3; c++) data[3 * p + c] = img.data[4 * p + c]! * scale
  }
  return { height: img.height, width: img.width, channels: 3, data }
}

/** Batches images (all one size) into the backbone's input, RGBY 0..255 times `scale`. */
function rgbyBatch(images: RgbaImage[], scale = 1): Tensor {
  const { width, height } = images[0]!
  const data = new Float32Array(images.length * 4 * width * height)
  images.forEach((img, n) => data.set(rgbyPlanes(img).map((v) => v * scale), n * 4 * width * height))
  return new Tensor('float32', data, [images.length, 4, height, width])
}

interface Deviation {
  maxAbs: number
  maxRef: number
}

/** Largest difference between item `n` of an NCHW output and a channels-last reference. */
function deviation(out: Tensor, n: number, ref: FeatureMap): Deviation {
  const [, channels, height, width] = out.dims as number[]
  expect([channels, height, width]).toEqual([ref.channels, ref.height, ref.width])
  const data = out.data as Float32Array
  let maxAbs = 0, maxRef = 0
  for (let c = 0; c < channels!; c++) {
    for (let p = 0; p < height! * width!; p++) {
      const want = ref.data[p * channels! + c]!
      maxAbs = Math.max(maxAbs, Math.abs(data[((n * channels!) + c) * height! * width! + p]! - want))
      maxRef = Math.max(maxRef, Math.abs(want))
    }
  }
  return { maxAbs, maxRef }
}

function report(label: string, d: Deviation): void {
  console.info(`${label}: max abs error ${d.maxAbs.toExponential(2)}, max |output| ${d.maxRef.toFixed(1)}, relative ${(d.maxAbs / d.maxRef).toExponential(2)}`)
}

async function features(session: InferenceSession, input: Tensor): Promise<Tensor> {
  const result = await session.run({ rgby: input })
  return result.features!
}

// float32 inference against a float64 reference: the error grows with the size of the
// features (up to ~1,000 on 0..255 input), so it is bounded relative to the largest output;
// measured here about 5e-7 (RDN: 5e-4 absolute on outputs near 1,000).
const RELATIVE_TOLERANCE = 1e-5

describe('RDN backbone (psnr-small, cut at the global residual FDF)', () => {
  let session: InferenceSession
  let keras: KerasModel
  beforeAll(async () => {
    session = await InferenceSession.create('resources/models/backbone-rdn.onnx', { intraOpNumThreads: 1 })
    keras = loadKerasModel(`${MODELS}/psnr-small`)
  })
  afterAll(async () => session?.release())

  it('takes rgby [N, 4, H, W] and gives 64 features per pixel at input resolution', async () => {
    expect(session.inputNames).toEqual(['rgby'])
    expect(session.outputNames).toEqual(['features'])
    const out = await features(session, rgbyBatch([randomImage(7, 5, 1)]))
    expect(out.dims).toEqual([1, 64, 5, 7])
  })

  it('matches the pretrained RGB network on 0..255 input when Y is the luma of RGB', async () => {
    const img = randomImage(12, 12, 2)
    const d = deviation(await features(session, rgbyBatch([img])), 0, runKeras(keras, kerasInput(img, 1), 'FDF'))
    report('RDN 12x12 0..255', d)
    expect(d.maxRef).toBeGreaterThan(100)
    expect(d.maxAbs / d.maxRef).toBeLessThan(RELATIVE_TOLERANCE)
  })

  it('matches it at an odd size, two images in one batch', async () => {
    const images = [randomImage(13, 9, 3), randomImage(13, 9, 4)]
    const out = await features(session, rgbyBatch(images))
    images.forEach((img, n) => {
      const d = deviation(out, n, runKeras(keras, kerasInput(img, 1), 'FDF'))
      report(`RDN 9x13 item ${n}`, d)
      expect(d.maxAbs / d.maxRef).toBeLessThan(RELATIVE_TOLERANCE)
    })
  })

  it('matches it within 1e-4 absolute on 0..1 input', async () => {
    const img = randomImage(12, 12, 5)
    const d = deviation(await features(session, rgbyBatch([img], 1 / 255)), 0, runKeras(keras, kerasInput(img, 1 / 255), 'FDF'))
    report('RDN 12x12 0..1', d)
    expect(d.maxAbs).toBeLessThan(1e-4)
  })

  it('reads the Y channel: a Y that disagrees with RGB changes the features', async () => {
    const img = randomImage(8, 8, 6)
    const consistent = rgbyBatch([img])
    const shifted = new Float32Array(consistent.data as Float32Array)
    for (let i = 3 * 64; i < 4 * 64; i++) shifted[i]! += 20
    const a = (await features(session, consistent)).data as Float32Array
    const b = (await features(session, new Tensor('float32', shifted, consistent.dims))).data as Float32Array
    const change = a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0)
    expect(change).toBeGreaterThan(1)
  })
})

describe('RRDN backbone (gans, cut at the global residual GRL)', () => {
  let session: InferenceSession
  let keras: KerasModel
  beforeAll(async () => {
    session = await InferenceSession.create('resources/models/backbone-rrdn.onnx', { intraOpNumThreads: 1 })
    keras = loadKerasModel(`${MODELS}/gans`)
  })
  afterAll(async () => session?.release())

  // The gans model was trained on 0..1 input; the backbone takes 0..255 like the RDN one.
  it('matches the pretrained network fed 0..1 RGB, given 0..255 RGBY', async () => {
    for (const [width, height, seed] of [[8, 8, 7], [7, 5, 8]] as const) {
      const img = randomImage(width, height, seed)
      const out = await features(session, rgbyBatch([img]))
      expect(out.dims).toEqual([1, 32, height, width])
      const d = deviation(out, 0, runKeras(keras, kerasInput(img, 1 / 255), 'GRL'))
      report(`RRDN ${height}x${width} 0..255`, d)
      expect(d.maxAbs / d.maxRef).toBeLessThan(RELATIVE_TOLERANCE)
    }
  })
})
