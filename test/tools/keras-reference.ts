// An independent float64 evaluation of a TensorFlow.js layers model, straight from its
// model.json and weight shards: the yardstick the converted ONNX backbones are checked
// against. It shares no code with training/convert/tfjs_to_onnx.py on purpose (other
// language, other layout: NHWC and HWIO kernels, as Keras stores them), so a mistake in
// the converter cannot be repeated here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

const quantization = z.object({ dtype: z.enum(['uint8', 'uint16']), scale: z.number(), min: z.number() })
const weightSpec = z.object({
  name: z.string(),
  shape: z.array(z.number().int()),
  dtype: z.literal('float32'),
  quantization: quantization.optional()
})
const layerSpec = z.object({
  class_name: z.string(),
  name: z.string(),
  config: z.record(z.string(), z.unknown()),
  inbound_nodes: z.array(z.array(z.tuple([z.string()]).rest(z.unknown())))
})
const modelSpec = z.object({
  format: z.literal('layers-model'),
  modelTopology: z.object({ model_config: z.object({ config: z.object({ layers: z.array(layerSpec) }) }) }),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(weightSpec) }))
})
const convConfig = z.object({
  filters: z.number().int(),
  kernel_size: z.tuple([z.number().int(), z.number().int()]),
  strides: z.tuple([z.literal(1), z.literal(1)]),
  padding: z.enum(['same', 'valid']),
  activation: z.enum(['linear', 'relu']),
  use_bias: z.boolean()
})

type Layer = z.infer<typeof layerSpec>

/** One image, channels last: value of (y, x, c) at data[(y * width + x) * channels + c]. */
export interface FeatureMap {
  height: number
  width: number
  channels: number
  data: Float64Array
}

export interface KerasModel {
  layers: Layer[]
  weights: Map<string, Float64Array>
}

/** Reads model.json and its shards, dequantising each weight as q * scale + min (as tfjs does). */
export function loadKerasModel(dir: string): KerasModel {
  const model = modelSpec.parse(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')))
  const weights = new Map<string, Float64Array>()
  for (const group of model.weightsManifest) {
    const shard = Buffer.concat(group.paths.map((p) => readFileSync(join(dir, p))))
    let offset = 0
    for (const spec of group.weights) {
      const count = spec.shape.reduce((a, b) => a * b, 1)
      const values = new Float64Array(count)
      const q = spec.quantization
      if (q === undefined) {
        for (let i = 0; i < count; i++) values[i] = shard.readFloatLE(offset + 4 * i)
        offset += 4 * count
      } else if (q.dtype === 'uint8') {
        for (let i = 0; i < count; i++) values[i] = shard[offset + i]! * q.scale + q.min
        offset += count
      } else {
        for (let i = 0; i < count; i++) values[i] = shard.readUInt16LE(offset + 2 * i) * q.scale + q.min
        offset += 2 * count
      }
      weights.set(spec.name, values)
    }
    if (offset !== shard.length) throw new Error(`${dir}: ${shard.length - offset} bytes of weights left unread`)
  }
  return { layers: model.modelTopology.model_config.config.layers, weights }
}

/** Runs the model on `input` and returns the output of layer `until`. */
export function runKeras(model: KerasModel, input: FeatureMap, until: string): FeatureMap {
  const maps = new Map<string, FeatureMap>()
  for (const layer of model.layers) {
    const inputs = (layer.inbound_nodes[0] ?? []).map(([name]) => {
      const map = maps.get(name)
      if (map === undefined) throw new Error(`${layer.name}: input ${name} not computed yet`)
      return map
    })
    maps.set(layer.name, evaluate(model, layer, inputs, input))
    if (layer.name === until) return maps.get(until)!
  }
  throw new Error(`no layer named ${until}`)
}

function evaluate(model: KerasModel, layer: Layer, inputs: FeatureMap[], image: FeatureMap): FeatureMap {
  switch (layer.class_name) {
    case 'InputLayer':
      return image
    case 'Conv2D':
      return conv2d(model, layer, inputs[0]!)
    case 'Activation':
      return layer.config.activation === 'relu' ? relu(inputs[0]!) : inputs[0]!
    case 'Concatenate':
      if (layer.config.axis !== 3 && layer.config.axis !== -1) throw new Error(`${layer.name}: not a channel concat`)
      return concatChannels(inputs)
    case 'Add':
      return add(inputs)
    case 'MultiplyBeta':
      // UpscalerJS's custom layer (its esrgan.js): x * 0.2.
      return scale(inputs[0]!, typeof layer.config.beta === 'number' ? layer.config.beta : 0.2)
    default:
      throw new Error(`${layer.name}: layer ${layer.class_name} not supported`)
  }
}

/** Keras Conv2D, stride 1, HWIO kernel; "same" zero-pads (k - 1) / 2 on each side (odd k). */
function conv2d(model: KerasModel, layer: Layer, x: FeatureMap): FeatureMap {
  const cfg = convConfig.parse(layer.config)
  const kernel = model.weights.get(`${layer.name}/kernel`)!
  const bias = cfg.use_bias ? model.weights.get(`${layer.name}/bias`)! : new Float64Array(cfg.filters)
  const [kh, kw] = cfg.kernel_size
  const [ph, pw] = cfg.padding === 'same' ? [(kh - 1) / 2, (kw - 1) / 2] : [0, 0]
  const height = x.height + 2 * ph - kh + 1, width = x.width + 2 * pw - kw + 1
  const cin = x.channels, cout = cfg.filters
  if (kernel.length !== kh * kw * cin * cout) throw new Error(`${layer.name}: kernel does not fit ${cin} input channels`)
  const out = new Float64Array(height * width * cout)
  for (let y = 0; y < height; y++) {
    for (let xo = 0; xo < width; xo++) {
      const o = (y * width + xo) * cout
      out.set(bias, o)
      for (let dy = 0; dy < kh; dy++) {
        const sy = y + dy - ph
        if (sy < 0 || sy >= x.height) continue
        for (let dx = 0; dx < kw; dx++) {
          const sx = xo + dx - pw
          if (sx < 0 || sx >= x.width) continue
          const s = (sy * x.width + sx) * cin
          const k = (dy * kw + dx) * cin * cout
          for (let ci = 0; ci < cin; ci++) {
            const v = x.data[s + ci]!
            const kr = k + ci * cout
            for (let co = 0; co < cout; co++) out[o + co] += v * kernel[kr + co]!
          }
        }
      }
    }
  }
  const result = { height, width, channels: cout, data: out }
  return cfg.activation === 'relu' ? relu(result) : result
}

function relu(x: FeatureMap): FeatureMap {
  return { ...x, data: x.data.map((v) => (v > 0 ? v : 0)) }
}

function scale(x: FeatureMap, factor: number): FeatureMap {
  return { ...x, data: x.data.map((v) => v * factor) }
}

function add(xs: FeatureMap[]): FeatureMap {
  const data = new Float64Array(xs[0]!.data.length)
  for (const x of xs) for (let i = 0; i < data.length; i++) data[i] += x.data[i]!
  return { ...xs[0]!, data }
}

function concatChannels(xs: FeatureMap[]): FeatureMap {
  const { height, width } = xs[0]!
  const channels = xs.reduce((n, x) => n + x.channels, 0)
  const data = new Float64Array(height * width * channels)
  for (let p = 0; p < height * width; p++) {
    let o = p * channels
    for (const x of xs) {
      data.set(x.data.subarray(p * x.channels, (p + 1) * x.channels), o)
      o += x.channels
    }
  }
  return { height, width, channels, data }
}
