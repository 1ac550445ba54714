// CPU time of the converted backbones in onnxruntime-node, the runtime the app uses.
//   node training/convert/bench-backbones.mjs [threads=2] [runs=15]
// Prints, per backbone and input size, the session creation time, and the median and
// fastest wall time of `runs` inferences on a 1×4×S×S random RGBY tensor (after 2 warm-up
// runs) with the median process CPU time (user + system) of one inference. On a shared,
// busy machine the CPU time is the steadier figure; with several threads it includes the
// thread pool's spinning.
import { InferenceSession, Tensor } from 'onnxruntime-node'
import { cpus, loadavg } from 'node:os'

const threads = Number(process.argv[2] ?? 2)
const runs = Number(process.argv[3] ?? 15)
const sizes = [32, 48, 64]

function input(size) {
  const plane = size * size, data = new Float32Array(4 * plane)
  for (let p = 0; p < plane; p++) {
    const [r, g, b] = [Math.random() * 255, Math.random() * 255, Math.random() * 255]
    data[p] = r; data[plane + p] = g; data[2 * plane + p] = b
    data[3 * plane + p] = 0.299 * r + 0.587 * g + 0.114 * b
  }
  return new Tensor('float32', data, [1, 4, size, size])
}

console.log(`onnxruntime-node CPU, ${threads} intra-op thread(s), ${runs} runs, ${cpus().length} cores (${cpus()[0].model}), load ${loadavg()[0].toFixed(2)}`)
for (const name of ['rdn', 'rrdn']) {
  const t0 = performance.now()
  const session = await InferenceSession.create(`resources/models/backbone-${name}.onnx`, {
    executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1
  })
  const created = performance.now() - t0
  const row = [`${name}: session ${created.toFixed(0)} ms`]
  for (const size of sizes) {
    const feeds = { rgby: input(size) }
    for (let i = 0; i < 2; i++) await session.run(feeds)
    const times = [], cpu = []
    for (let i = 0; i < runs; i++) {
      const t = performance.now(), c = process.cpuUsage()
      await session.run(feeds)
      times.push(performance.now() - t)
      const used = process.cpuUsage(c)
      cpu.push((used.user + used.system) / 1000)
    }
    times.sort((a, b) => a - b)
    cpu.sort((a, b) => a - b)
    row.push(`${size}×${size} median ${times[runs >> 1].toFixed(1)} ms (min ${times[0].toFixed(1)}, CPU ${cpu[runs >> 1].toFixed(0)} ms)`)
  }
  console.log(row.join(', '))
  await session.release()
}
