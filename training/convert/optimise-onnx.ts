// Rewrites exported models with ONNX Runtime's own graph optimisations already applied, so the
// app does not redo them at every launch. torch.onnx.export leaves the split generator 1,639
// operators, a third of them Constant nodes and most of the rest shape bookkeeping; optimising
// them took about 200 ms of CPU each time the engine created the session, a fifth of its cold
// start. Saved, the graph has about 920 operators and the session is created in half the time.
//
// 'extended' is the deepest level whose result does not depend on the machine ('all' adds CPU
// layout transforms). It fuses Gemm+Relu into com.microsoft FusedGemm, which only ONNX Runtime
// runs: the generator runs on its CPU provider in the app (neural.ts), never on a GPU provider or
// another runtime. The backbone, which runs on a GPU where there is one, is left as converted, and
// the agent (five nodes) gains nothing. The export marks the file `optimised` in models.json, and the engine
// then runs none of the optimisations again (another 60 ms or so of CPU at launch).
//   npx tsx training/convert/optimise-onnx.ts <model.onnx>...
import { renameSync, rmSync } from 'node:fs'
import * as ort from 'onnxruntime-node'

async function optimiseOnnx(path: string): Promise<void> {
  const tmp = `${path}.optimised.tmp`
  try {
    const session = await ort.InferenceSession.create(path, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'extended',
      optimizedModelFilePath: tmp
    })
    await session.release()
    renameSync(tmp, path) // atomic: a reader sees the old file or the new one, never half of one
  } finally {
    rmSync(tmp, { force: true })
  }
}

async function main(paths: string[]): Promise<void> {
  if (paths.length === 0) throw new Error('usage: npx tsx training/convert/optimise-onnx.ts <model.onnx>...')
  for (const path of paths) await optimiseOnnx(path)
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
