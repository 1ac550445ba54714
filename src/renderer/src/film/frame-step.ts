// Stepping a paused film one frame at a time, as the arrow keys on its position slider do. The
// player tells nothing of a film's frame rate (which may vary), so the frames it presents say
// where one frame ends: a step seeks just past the frame on show, then further until another
// frame comes, checks that no frame lies between, and lands on that frame's own time. Browser-only.
import { seek } from './frame-grab'

/**
 * Presented frame times come in whole microseconds: a seek this far past one lands on that frame
 * for sure, not on the one before it, and the time shown (to the millisecond) is still the frame's.
 */
export const FRAME_EDGE = 1e-4
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

  /**
   * Pauses, and shows the next (1) or previous (-1) frame; resolves once it is on show, true when
   * there was none that way (the last or the first frame was on show already: it stays).
   */
  step(direction: 1 | -1): Promise<boolean> {
    this.video.pause()
    // A step that failed (a seek the film refused) says nothing of where the film ends.
    const atEdge = this.#queue.then(() => (direction > 0 ? this.#forward() : this.#back())).catch(() => false)
    this.#queue = atEdge.then(() => {})
    return atEdge
  }

  stop(): void {
    this.video.cancelVideoFrameCallback(this.#handle)
  }

  get #here(): number {
    return this.#shown ?? this.video.currentTime
  }

  /** Whether the frame on show was the last. */
  async #forward(): Promise<boolean> {
    const here = this.#here
    let frame = await this.#ahead(here)
    if (frame === null) return this.#stay(here)
    // A look ahead by the shortest frame yet passes frames shorter still (where a film's frame rate
    // rises: 0.1 s frames, then 0.02 s ones): the frame before the one found, as a step back finds
    // it, is the next one while it is after the frame on show.
    for (;;) {
      const before = await seek(this.video, frame - FRAME_EDGE)
      if (before === null || before <= here + FRAME_EDGE / 2 || before >= frame - FRAME_EDGE / 2) break
      frame = before
    }
    await this.#land(frame, frame - here)
    return false
  }

  /** A frame after the one at `here`, the next or one further on; null when `here` is the last. */
  async #ahead(here: number): Promise<number | null> {
    const end = this.video.duration
    // Ahead by the shortest frame yet, one look after another; before one is known, each look goes twice as far.
    for (let ahead = this.#shortest ?? SHORTEST_FRAME; ; ahead += this.#shortest ?? ahead) {
      // The film's end shows its last frame: when that is the frame on show, it stays.
      const last = here + ahead + FRAME_EDGE >= end
      const at = await seek(this.video, last ? end : here + ahead + FRAME_EDGE)
      if (at !== null && at > here + FRAME_EDGE / 2) return at
      if (last) return null
    }
  }

  /** Whether the frame on show was the first. */
  async #back(): Promise<boolean> {
    const here = this.#here
    if (here - FRAME_EDGE <= 0) return true
    const at = await seek(this.video, here - FRAME_EDGE)
    // Before the first frame the player shows the first frame again.
    if (at === null || at >= here - FRAME_EDGE / 2) return this.#stay(here)
    await this.#land(at, here - at)
    return false
  }

  /** Back on the frame on show, where a step found no other: true, for step(). */
  async #stay(frame: number): Promise<true> {
    await this.#land(frame)
    return true
  }

  /** Puts the player's time on the frame's own (a step's seek may have landed inside it); `length`: the frame stepped over. */
  async #land(frame: number, length?: number): Promise<void> {
    this.#shown = frame
    if (length !== undefined) this.#shortest = Math.max(SHORTEST_FRAME, Math.min(this.#shortest ?? length, length))
    // Just before the frame (where a step's check of the frame before it left the player) shows the frame before.
    const time = this.video.currentTime
    if (time < frame || time - frame - FRAME_EDGE > 5e-4) await seek(this.video, frame + FRAME_EDGE)
  }
}
