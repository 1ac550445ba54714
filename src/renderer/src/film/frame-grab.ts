// Frames from a <video> element (the player, or an offscreen one that samples a strip): seek, then
// draw the frame to a canvas (or convert its planes, for films Chromium decodes with the wrong
// colours) and read its RGBA pixels, the engine's raw-frame input. And what a
// video's error means, in words. Browser-only.
import type { PictureSpan } from './sampling'
import { yuvToRgba, yuvToRgbaHalf, type YuvColour } from './yuv'

/** Frames sent to the engine are at most this long on their long side (the engine analyses 512). */
const GRAB_SIDE = 1024

interface RgbaFrame {
  width: number
  height: number
  data: Uint8Array
}

/**
 * A video element of its own for sampling a strip, so that the player stays the user's to play,
 * scrub and jump while the strip is made: sampled with the player, a jump during a sample's seek
 * answered that seek, and the strip got the frame jumped to under the sample's time.
 */
export function offscreenVideo(url: string): HTMLVideoElement {
  const video = document.createElement('video')
  video.muted = true
  video.preload = 'auto'
  video.src = url
  return video
}

/** Lets go of what an offscreen video holds (its decoder, the film's buffered data). */
export function release(video: HTMLVideoElement): void {
  video.removeAttribute('src')
  video.load()
}

/** A frame shown at most this long before the time asked for is that time's frame (films run at 10 fps or more). */
const FRAME_SECONDS = 0.1
/**
 * Every seek to another time presents one frame (the same one again, for a time in the frame on
 * show), up to 5 ms before 'seeked' or 85 ms after it (measured), later on a busy machine. One
 * that has not come by this long after 'seeked' is not coming.
 */
const FRAME_TIMEOUT_MS = 3_000
/**
 * How long a seek waits for a frame that may not come: after a frame not at the time asked for (the
 * first one loaded, or the last frame, past the end of the picture), for the time's own; and after
 * a seek to the time on show, which Chromium may skip, presenting nothing. That is on an idle
 * machine: about 3 times the 85 ms a frame took there at most.
 */
const FRAME_WAIT_MS = 250
/**
 * On a busy machine frames come later: with another test run beside it on 2 cores, a time's own
 * frame came more than 250 ms after one on the way, the seek ended with that one, and a frame step
 * landed a frame too far. So the wait is also this many times as long as the seek has taken so far,
 * or as its video's latest seeks took to bring their frame.
 */
const WAIT_PER_LAG = 3
/**
 * How long the latest seeks of each video took to bring their frame (ms), the slowest counting most.
 * Each seek after a slow one keeps this share of its time, so the wait shortens again as the load goes.
 */
const lags = new WeakMap<HTMLVideoElement, number>()
const LAG_KEPT = 0.5

/** Notes that a seek of `video` brought its frame `lag` ms after it started. */
function noteLag(video: HTMLVideoElement, lag: number): void {
  lags.set(video, Math.max(lag, (lags.get(video) ?? 0) * LAG_KEPT))
}

/** How long a seek of `video`, `lag` ms since it started, waits for a frame that may not come. */
function frameWait(video: HTMLVideoElement, lag: number): number {
  return Math.max(FRAME_WAIT_MS, WAIT_PER_LAG * Math.max(lag, lags.get(video) ?? 0))
}

/**
 * Resolves once the video shows the frame at `time` and it can be drawn, its length loaded first;
 * with the time of the frame it presented (null when none came: it showed that frame already).
 */
export async function seek(video: HTMLVideoElement, time: number, timeoutMs = 10_000): Promise<number | null> {
  // Until then a new currentTime is only where playback will start: no seek, no 'seeked'.
  if (video.readyState === HTMLMediaElement.HAVE_NOTHING) await next(video, 'loadedmetadata', () => {}, timeoutMs)
  // 'seeked' can come before the frame reaches the compositor, and a canvas then draws the frame
  // shown before: 1 seek in 180 did (measured), and a strip got the last sample's colours. The
  // frame's own callback, asked for before the seek starts, says when it has arrived.
  const frame = framesShown(video, time)
  const onShow = Math.abs(video.currentTime - time) < 1e-5
  const timers: ReturnType<typeof setTimeout>[] = []
  const delay = (ms: number): Promise<void> => new Promise((resolve) => timers.push(setTimeout(resolve, ms)))
  const started = performance.now()
  const shown = frame.shown.then(() => noteLag(video, performance.now() - started))
  try {
    await next(video, 'seeked', () => (video.currentTime = time), timeoutMs)
    // Measured once 'seeked' has come: a seek that took long to get there is slow to present its frame too.
    const wait = frameWait(video, performance.now() - started)
    const any = onShow ? delay(wait) : Promise.race([frame.any.then(() => delay(wait)), delay(Math.max(FRAME_TIMEOUT_MS, wait))])
    await Promise.race([shown, any])
    return frame.last()
  } finally {
    frame.cancel()
    // The waits that lost the race: a strip's hundreds of seeks would otherwise leave as many timers.
    timers.forEach(clearTimeout)
  }
}

/**
 * Resolves `shown` when the video presents the frame at `time`, and `any` when it presents a frame;
 * frames it presents on the way (the first it loaded) do not count for `shown`. `last` is the time
 * of the latest frame presented: past the end of the picture (a file cut off, a sound track longer
 * than the picture) it is the last frame's.
 */
function framesShown(video: HTMLVideoElement, time: number): { shown: Promise<void>; any: Promise<void>; last: () => number | null; cancel: () => void } {
  let handle = 0
  let last: number | null = null
  let presented = (): void => {}
  const any = new Promise<void>((resolve) => (presented = resolve))
  const shown = new Promise<void>((resolve) => {
    const onFrame: VideoFrameRequestCallback = (_now, { mediaTime }) => {
      last = mediaTime
      presented()
      if (mediaTime <= time + 1e-3 && time - mediaTime < FRAME_SECONDS) resolve()
      else handle = video.requestVideoFrameCallback(onFrame)
    }
    handle = video.requestVideoFrameCallback(onFrame)
  })
  return { shown, any, last: () => last, cancel: () => video.cancelVideoFrameCallback(handle) }
}

/**
 * How long each seek that looks for the picture may take (its length loaded first): past it the
 * strip covers the whole timeline, as it did before, and its own seeks report what is wrong.
 */
const SPAN_SEEK_MS = 5_000
/**
 * Less time than this without picture at either end is the whole film: a sound track often runs a
 * few frames past the picture, and a strip over them differs by nothing worth a word.
 */
const SPAN_SLACK_SECONDS = 0.5

/**
 * The part of the timeline with picture. A player's duration is its longest stream's: a sound
 * track that runs on after the picture, a picture that starts late, or a WebM cut off part-way
 * (whose header still gives the whole length) leave stretches where a seek shows the nearest
 * frame again, and a strip over them repeats it. Chromium tells nothing of its streams' own
 * lengths, so the frames presented by seeks to both ends (and to just before the last frame, for
 * how long a frame lasts) tell where the picture is. Three seeks; the whole timeline when they
 * tell nothing sure (no frame presented, one that was shown already). Sampling with `video` moves it.
 */
export async function pictureSpan(video: HTMLVideoElement, duration: number): Promise<PictureSpan> {
  const whole = { start: 0, end: duration }
  if (!Number.isFinite(duration) || duration <= 0) return whole
  try {
    // The start first, while the only frame the video can have presented is its first one; at
    // 1 ms, not 0, where a fresh video is already: a seek to the time on show may present nothing.
    const first = await seek(video, 1e-3, SPAN_SEEK_MS)
    const last = await seek(video, duration, SPAN_SEEK_MS)
    if (first === null || last === null || last <= first) return whole
    const start = first > SPAN_SLACK_SECONDS ? first : 0
    // The last frame lasts as long as the one before it; without that one, the end stays the film's.
    const before = await seek(video, last - 1e-3, SPAN_SEEK_MS)
    if (before === null || before < first || before >= last) return { start, end: duration }
    const end = last + (last - before)
    return { start, end: duration - end > SPAN_SLACK_SECONDS ? end : duration }
  } catch {
    return whole
  }
}

/**
 * A WebM that records no length (a browser's MediaRecorder, a screen capture) plays with an endless
 * duration: no position on the slider, no strip to space over it, and a readout without a length.
 * A seek past its end makes the player read up to the end and learn its length; then it goes back
 * to the start.
 */
export async function learnLength(video: HTMLVideoElement): Promise<void> {
  await next(video, 'durationchange', () => (video.currentTime = Number.MAX_SAFE_INTEGER), 30_000)
  video.currentTime = 0
}

/** Does `start`, then resolves on the video's next `event`; rejects on its error or after timeoutMs. */
function next(video: HTMLVideoElement, event: 'seeked' | 'loadedmetadata' | 'durationchange', start: () => void, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('The film did not show this frame in time.')), timeoutMs)
    const onEvent = (): void => done()
    const onError = (): void => done(new Error('The film could not be read at this point.'))
    function done(error?: Error): void {
      clearTimeout(timer)
      video.removeEventListener(event, onEvent)
      video.removeEventListener('error', onError)
      if (error) reject(error)
      else resolve()
    }
    video.addEventListener(event, onEvent)
    video.addEventListener('error', onError)
    start()
  })
}

/** Why the player stopped on the film `name`, in words a user can act on (its MediaError). */
export function playError(name: string, error: MediaError | null): string {
  if (error?.code === MediaError.MEDIA_ERR_NETWORK) return `${name} could not be read: was it moved or deleted?`
  if (error?.code === MediaError.MEDIA_ERR_DECODE) return `${name} could not be decoded: the file may be damaged.`
  // Chromium found no container it reads: an empty file, one cut off before its index (an MP4
  // copied in part), or another format (AVI, FLV…). Its codec is unknown, so it is not blamed.
  if (error?.message.includes('DEMUXER_ERROR_COULD_NOT_OPEN')) {
    return `${name} could not be opened as a film: it is empty, cut off or damaged, or its format does not play here (MP4, MOV and WebM do).`
  }
  // MEDIA_ERR_SRC_NOT_SUPPORTED: Chromium found no stream it decodes (HEVC, ProRes, MPEG-4 Part 2…).
  return `${name} cannot be played here: its format or video codec is not supported. H.264 (MP4, MOV) and VP8 or VP9 (WebM) play; convert it to one of those.`
}

/** Why a file the player opened gives no frames: it holds sound and no picture (a song, a voice memo). */
export function noPicture(name: string): string {
  return `${name} has no picture, only sound: there are no frames to take colours from.`
}

/**
 * The frame the video shows, to draw: the video itself, or for a film Chromium decodes with the
 * wrong matrix or range (`colour`: film-colour.ts), its planes converted here. A frame whose
 * planes cannot be read (a GPU frame in another layout) is the video, as Chromium decodes it.
 */
export async function shownFrame(video: HTMLVideoElement, colour: YuvColour | null, maxSide = GRAB_SIDE): Promise<CanvasImageSource> {
  return (colour && (await converted(video, colour, maxSide))) ?? video
}

/** The frame the video shows (or `picture`, that frame as shownFrame gives it), scaled to fit `maxSide`. */
export function grab(video: HTMLVideoElement, maxSide = GRAB_SIDE, picture: CanvasImageSource = video): RgbaFrame {
  const scale = Math.min(1, maxSide / Math.max(video.videoWidth, video.videoHeight))
  const width = Math.max(1, Math.round(video.videoWidth * scale))
  const height = Math.max(1, Math.round(video.videoHeight * scale))
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  if (!ctx) throw new Error('This window cannot draw video frames.')
  ctx.drawImage(picture, 0, 0, width, height)
  const { data } = ctx.getImageData(0, 0, width, height)
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }
}

/**
 * The shown frame, converted with `colour`, turned as the film says it is shown (a phone's upright
 * clip is coded on its side); null when its planes are not I420 or NV12, or it is mirrored.
 */
/** What WebCodecs says of how a frame is shown (newer than TypeScript's DOM types). */
interface Turned {
  /** Degrees clockwise: 0, 90, 180 or 270. */
  rotation?: number
  flip?: boolean
}

/** `picture` turned `rotation` degrees clockwise. */
function turned(picture: HTMLCanvasElement, rotation: number): HTMLCanvasElement | null {
  const canvas = document.createElement('canvas')
  const quarter = rotation % 180 !== 0
  canvas.width = quarter ? picture.height : picture.width
  canvas.height = quarter ? picture.width : picture.height
  const ctx = canvas.getContext('2d')
  if (!ctx) return null
  ctx.translate(canvas.width / 2, canvas.height / 2)
  ctx.rotate((rotation * Math.PI) / 180)
  ctx.drawImage(picture, -picture.width / 2, -picture.height / 2)
  return canvas
}

async function converted(video: HTMLVideoElement, colour: YuvColour, maxSide: number): Promise<HTMLCanvasElement | null> {
  let frame: VideoFrame
  try {
    frame = new VideoFrame(video)
  } catch {
    return null // no frame to take as it is: the canvas draws what it can
  }
  try {
    const { format, visibleRect } = frame
    const { rotation = 0, flip = false } = frame as Turned
    // A mirrored film (rare: a front camera's) keeps Chromium's colours rather than risk the turn.
    if ((format !== 'I420' && format !== 'NV12') || !visibleRect || flip) return null
    const data = new Uint8Array(frame.allocationSize())
    const layout = await frame.copyTo(data)
    const planes = { format, width: visibleRect.width, height: visibleRect.height, data, layout }
    // A frame twice the size it is scaled to anyway is converted at half size, a quarter of the work.
    const half = Math.max(planes.width, planes.height) >= 2 * maxSide
    const { width, height, rgba } = half ? yuvToRgbaHalf(planes, colour) : { ...planes, rgba: yuvToRgba(planes, colour) }
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const ctx = canvas.getContext('2d')
    if (!ctx) return null
    ctx.putImageData(new ImageData(rgba, width, height), 0, 0)
    return rotation === 0 ? canvas : turned(canvas, rotation)
  } finally {
    frame.close()
  }
}
