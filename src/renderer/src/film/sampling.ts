// Where a film strip samples: N frames evenly across the whole film, or one every S seconds.
// Each sample is taken in the middle of the stretch of film it stands for, so a sample never
// sits on a cut at a stretch's edge (and the first is not the black frame films often open with).

export type SamplePlan = { mode: 'frames'; count: number } | { mode: 'every'; seconds: number }

/** Most samples in one strip: a strip wider than a screen of barcode says nothing more. */
export const MAX_SAMPLES = 2000

export function sampleTimes(duration: number, plan: SamplePlan): number[] {
  if (!Number.isFinite(duration) || duration <= 0) return []
  const step = plan.mode === 'frames' ? duration / Math.max(1, Math.floor(plan.count)) : Math.max(plan.seconds, 0.01)
  const count = Math.min(MAX_SAMPLES, plan.mode === 'frames' ? Math.max(1, Math.floor(plan.count)) : Math.ceil(duration / step))
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const start = i * step
    const end = Math.min(duration, start + step)
    times.push(Number(((start + end) / 2).toFixed(3)))
  }
  return times
}

/** 83.4 → "01:23.400"; with hours when the film is that long. */
export function formatTime(seconds: number): string {
  const ms = Math.round(seconds * 1000)
  const h = Math.floor(ms / 3_600_000)
  const m = Math.floor((ms % 3_600_000) / 60_000)
  const s = Math.floor((ms % 60_000) / 1000)
  const rest = ms % 1000
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${h > 0 ? `${two(h)}:` : ''}${two(m)}:${two(s)}.${String(rest).padStart(3, '0')}`
}
