// Stepping a paused film one frame at a time, as the arrow keys on its position slider do. The
// player tells nothing of a film's frame rate (which may vary), so the frames it presents say
// where one frame ends: a step seeks just past the frame on show, then further until another
// frame comes, and lands on that frame's own time. Browser-only.
import { seek } from './frame-grab'

/**
 * Presented frame times come in whole microseconds: a seek this far past one lands on that frame
 * for sure, not on the one before it, and the time shown (to the millisecond) is still the frame's.
 */
const FRAME_EDGE = 1e-4
/** The first guess at a frame's length before one has been measured (240 fps: a phone's slow motion). */
const SHORTEST_FRAME = 1 / 240

export class FrameStepper {
  /** Media time of the frame on show (null before the first is presented). */
  #shown: number | null = null
  /** The shortest frame stepped over yet (null before the first step): how far each look ahead goes. */
  #shortest: number | null = null
  #handle = 0
  /** Steps run one after another: each starts from the frame the one before landed on. */
  #queue: Promise<void> = Promise.resolve()

  constructor(private readonly video: HTMLVideoElement) {
    const onFrame: VideoFrameRequestCallback = (_now, { mediaTime }) => {
      this.#shown = mediaTime
      this.#handle = video.requestVideoFrameCallback(onFrame)
    }
    this.#handle = video.requestVideoFrameCallback(onFrame)
  }

  /** Pauses, and shows the next (1) or previous (-1) frame; resolves once it is on show. */
  step(direction: 1 | -1): Promise<void> {
    this.video.pause()
    this.#queue = this.#queue.then(() => (direction > 0 ? this.#forward() : this.#back())).catch(() => {})
    return this.#queue
  }

  stop(): void {
    this.video.cancelVideoFrameCallback(this.#handle)
  }

  get #here(): number {
    return this.#shown ?? this.video.currentTime
  }

  async #forward(): Promise<void> {
    const here = this.#here
    const end = this.video.duration
    // Ahead by the shortest frame yet, one look after another, lands on the next frame, not past it,
    // even where frames vary in length (variable frame rate, a dropped frame); before one is known,
    // each look goes twice as far.
    for (let ahead = this.#shortest ?? SHORTEST_FRAME; ; ahead += this.#shortest ?? ahead) {
      // The film's end shows its last frame: when that is the frame on show, it stays.
      const last = here + ahead + FRAME_EDGE >= end
      const at = await seek(this.video, last ? end : here + ahead + FRAME_EDGE)
      if (at !== null && at > here + FRAME_EDGE / 2) return this.#land(at, at - here)
      if (last) return this.#land(here)
    }
  }

  async #back(): Promise<void> {
    const here = this.#here
    if (here - FRAME_EDGE <= 0) return
    const at = await seek(this.video, here - FRAME_EDGE)
    // Before the first frame the player shows the first frame again.
    if (at === null || at >= here - FRAME_EDGE / 2) return this.#land(here)
    return this.#land(at, here - at)
  }

  /** Puts the player's time on the frame's own (a step's seek may have landed inside it); `length`: the frame stepped over. */
  async #land(frame: number, length?: number): Promise<void> {
    this.#shown = frame
    if (length !== undefined) this.#shortest = Math.max(SHORTEST_FRAME, Math.min(this.#shortest ?? length, length))
    if (Math.abs(this.video.currentTime - frame - FRAME_EDGE) > 5e-4) await seek(this.video, frame + FRAME_EDGE)
  }
}
