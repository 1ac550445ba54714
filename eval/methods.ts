// The rows of the paper's Table 1, each a function from a crop to a palette; ours (k-means, the
// neural rows) as the app shows them, a colour they repeat listed once.
import { getPalette } from 'colorthief'
import sharp from 'sharp'
import { extractPalette } from '../src/main/engine/extract'
import type { RgbaImage } from '../src/main/engine/image'
import { kmeans } from '../src/main/engine/kmeans'
import { eachColourOnce } from '../src/main/engine/swatch'
import { NeuralPalette } from '../src/main/engine/neural'
import { installedBackbones } from '../src/main/engine/neural-method'
import type { Rgb } from '../src/shared/palette'
import type { EvalCrop } from './crops'

/**
 * The app's median cut (its whole pipeline from the decoded crop: see-through check, analysis
 * image, median cut, ranking) scored against the harness's ground truth (median cut of the
 * re-cut analysis image): 1.0 everywhere, or the harness does not score what the app shows.
 */
export const HARNESS_CHECK = 'Median cut (ground truth: harness check)'

interface EvalMethod {
  name: string
  run: (crop: EvalCrop) => Promise<{ palette: Rgb[]; agentSteps?: number }>
  release?: () => Promise<void>
}

const png = (img: RgbaImage): Promise<Buffer> =>
  sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } }).png().toBuffer()

/**
 * Color Thief 3.5 reads image files, so it gets a lossless PNG. Three rows, because its settings
 * move it from far to near median cut: its defaults (OKLCH quantisation, every 10th pixel) on the
 * crop; RGB quantisation on the crop; and RGB on every pixel of our own 256-px analysis image,
 * where its MMCQ is nearly Leptonica's median cut.
 */
function colorThief(name: string, image: (c: EvalCrop) => RgbaImage, options: object): EvalMethod {
  return {
    name: `Color Thief 3.5, ${name}`,
    async run(crop) {
      const colours = (await getPalette(await png(image(crop)), { colorCount: 5, ...options })) ?? []
      return { palette: colours.map((c) => c.array() as Rgb) }
    }
  }
}

/** One neural row per installed backbone (the paper's Table 1 compares them), with and without RL. */
function neuralRows(): EvalMethod[] {
  return installedBackbones().flatMap((backbone) =>
    [false, true].map((fineTune): EvalMethod => {
      const neural = new NeuralPalette({ backbone, device: 'cpu', fineTune })
      return {
        name: `Backbone-${backbone.toUpperCase()} ${fineTune ? 'with' : 'without'} fine-tuning`,
        async run({ decoded, analysis }) {
          const r = await neural.extract(decoded, analysis)
          return { palette: eachColourOnce(r.swatches).map((s) => s.rgb), agentSteps: r.agentSteps }
        },
        release: () => neural.release()
      }
    })
  )
}

export function evalMethods(): EvalMethod[] {
  return [
    { name: 'K-means (OKLab, k-means++)', run: async ({ analysis }) => ({ palette: eachColourOnce(kmeans(analysis, 5)).map((s) => s.rgb) }) },
    { name: HARNESS_CHECK, run: async ({ decoded }) => ({ palette: (await extractPalette(decoded, { method: 'median-cut' })).palette.swatches.map((s) => s.rgb) }) },
    colorThief('defaults, crop', (c) => c.decoded, {}),
    colorThief("colorSpace 'rgb', crop", (c) => c.decoded, { colorSpace: 'rgb' }),
    colorThief("colorSpace 'rgb', quality 1, 256-px analysis image", (c) => c.analysis, { colorSpace: 'rgb', quality: 1 }),
    ...neuralRows()
  ]
}
