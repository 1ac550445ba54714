// Frames from the renderer's <video> element: seek, then draw the frame to a canvas and read its
// RGBA pixels, the engine's raw-frame input. Browser-only.

/** Frames sent to the engine are at most this long on their long side (the engine analyses 512). */
export const GRAB_SIDE = 1024

export interface RgbaFrame {
  width: number
  height: number
  data: Uint8Array
}

/** Resolves once the video shows the frame at `time` (its 'seeked' event). */
export function seek(video: HTMLVideoElement, time: number, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('The film did not show this frame in time.')), timeoutMs)
    const onSeeked = (): void => done()
    const onError = (): void => done(new Error('The film could not be read at this point.'))
    function done(error?: Error): void {
      clearTimeout(timer)
      video.removeEventListener('seeked', onSeeked)
      video.removeEventListener('error', onError)
      if (error) reject(error)
      else resolve()
    }
    video.addEventListener('seeked', onSeeked)
    video.addEventListener('error', onError)
    video.currentTime = time
  })
}

export function grab(video: HTMLVideoElement, maxSide = GRAB_SIDE): RgbaFrame {
  const scale = Math.min(1, maxSide / Math.max(video.videoWidth, video.videoHeight))
  const width = Math.max(1, Math.round(video.videoWidth * scale))
  const height = Math.max(1, Math.round(video.videoHeight * scale))
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  if (!ctx) throw new Error('This window cannot draw video frames.')
  ctx.drawImage(video, 0, 0, width, height)
  const { data } = ctx.getImageData(0, 0, width, height)
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }
}
