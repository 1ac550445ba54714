// Where a film strip samples: N frames evenly across the whole film, or one every S seconds, at
// the times the command line samples too (shared/sample-spacing.ts).
import { spacedTimes, spacingOf, type Sampling } from '../../../shared/sample-spacing'

/** Where a film's picture is, in its player's timeline (seconds). */
export interface PictureSpan {
  start: number
  end: number
}

export type SamplePlan = { mode: 'frames'; count: number } | { mode: 'every'; seconds: number }

/** Most samples in one strip: a strip wider than a screen of barcode says nothing more. */
export const MAX_SAMPLES = 2000
/** Shortest interval between samples (the field's min and step): shorter says nothing more and mostly meets MAX_SAMPLES. */
export const MIN_INTERVAL = 0.1

/**
 * The plan the strip's fields ask for, or why it cannot be sampled, in the words the view shows.
 * An emptied number field reads null. A fraction of a frame is refused, not rounded: a strip
 * has the number of frames typed, or none.
 */
export function planOf(mode: SamplePlan['mode'], count: number | null, seconds: number | null): SamplePlan | string {
  if (mode === 'frames') {
    const whole = count !== null && Number.isInteger(count) && count >= 1 && count <= MAX_SAMPLES
    return whole ? { mode, count } : `Type how many frames to sample: a whole number from 1 to ${MAX_SAMPLES}.`
  }
  const often = seconds !== null && Number.isFinite(seconds) && seconds >= MIN_INTERVAL
  return often ? { mode, seconds } : `Type how often to sample, at least every ${MIN_INTERVAL} s.`
}

/** The plan in the terms the command line's film mode shares (spacingOf: both sample the same frames). */
const samplingOf = (plan: SamplePlan): Sampling => (plan.mode === 'frames' ? { frames: plan.count } : { everySeconds: Math.max(plan.seconds, 0.01) })

/** How many samples the plan asks of a film this long, before MAX_SAMPLES (0 for a film of unknown length). */
export function sampleCount(duration: number, plan: SamplePlan): number {
  return spacingOf(duration, samplingOf(plan)).count
}

export function sampleTimes(duration: number, plan: SamplePlan): number[] {
  const times: number[] = []
  for (const exact of spacedTimes(spacingOf(duration, samplingOf(plan)), MAX_SAMPLES)) {
    const time = Number(exact.toFixed(3))
    // More samples than the film has milliseconds would take a time twice (a strip keys its frames by time).
    if (time !== times.at(-1)) times.push(time)
  }
  return times
}
