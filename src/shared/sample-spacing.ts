// Where a film is sampled, the one plan the app's strip and the command line share, so that the
// same film asked the same gives the same frames in both. Each sample stands for a stretch of the
// film and is taken in its middle, so it never sits on a cut at a stretch's edge (nor on the
// black frame films often open with).

/** N frames spread evenly over the film, or one every S seconds from its start. */
export type Sampling = { frames: number } | { everySeconds: number }

/**
 * Sample k is at (k + ½)·step from the start of the picture for k < count − 1; the last one at
 * `last` (the middle of its own stretch, which may be shorter than a step).
 */
export interface Spacing {
  step: number
  count: number
  last: number
}

/** Tolerance on a film's length in steps: 6 s every 2 s is 3 whole steps, though 6 / 2 reads 2.9999… in floating point. */
const ROUNDING = 1e-9

/**
 * N frames: the middles of N equal stretches. Every S seconds: the middles of the whole stretches
 * of S seconds from the start, and of the stretch left at the end when it is at least half a step
 * (less says nothing the one before did not: 3.003 s every 1 s is 3 samples, not a 4th over the last
 * 3 ms). A film shorter than half a step is one sample, in its middle. None for a film of unknown
 * length.
 */
export function spacingOf(duration: number, sampling: Sampling): Spacing {
  if (!Number.isFinite(duration) || duration <= 0) return { step: 0, count: 0, last: 0 }
  if ('frames' in sampling) {
    const count = Math.max(1, Math.floor(sampling.frames))
    const step = duration / count
    return { step, count, last: duration - step / 2 }
  }
  const step = sampling.everySeconds
  const steps = (duration / step) * (1 + ROUNDING)
  const whole = Math.floor(steps)
  if (steps - whole >= 0.5) return { step, count: whole + 1, last: (whole * step + duration) / 2 }
  if (whole === 0) return { step: duration, count: 1, last: duration / 2 }
  return { step, count: whole, last: (whole - 0.5) * step }
}

/** The spacing's sample times, from the start of the picture (seconds), the first `max` of them. */
export function spacedTimes({ step, count, last }: Spacing, max = count): number[] {
  return Array.from({ length: Math.min(count, max) }, (_, k) => (k === count - 1 ? last : (k + 0.5) * step))
}
