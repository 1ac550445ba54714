// The film strip as a PNG: one vertical bar per sample, left to right in time, each bar its
// palette's swatches stacked top to bottom in proportion to their shares. Browser-only.
import type { StripEntry } from './film.svelte'

export function drawStrip(entries: readonly StripEntry[], barWidth = 8, height = 240): HTMLCanvasElement {
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, entries.length * barWidth)
  canvas.height = height
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('This window cannot draw images.')
  entries.forEach(({ palette }, i) => {
    const total = palette.swatches.reduce((sum, s) => sum + s.share, 0) || 1
    let y = 0
    palette.swatches.forEach((s, k) => {
      const last = k === palette.swatches.length - 1
      const h = last ? height - y : Math.round((s.share / total) * height)
      ctx.fillStyle = s.hex
      ctx.fillRect(i * barWidth, y, barWidth, h)
      y += h
    })
  })
  return canvas
}

export async function pngBytes(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
  if (!blob) throw new Error('The strip image could not be made.')
  return new Uint8Array(await blob.arrayBuffer())
}
