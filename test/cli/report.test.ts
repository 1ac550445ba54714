import { describe, expect, it } from 'vitest'
import { jsonLine, tableLines } from '../../src/cli/report'

describe('tableLines', () => {
  it('lists each swatch with its share, and says so when a picture has no colours', () => {
    const swatches = [{ hex: '#fac80a', rgb: [250, 200, 10] as [number, number, number], share: 0.612 }]
    expect(tableLines({ file: 'beach.jpg', palette: { method: 'median-cut', swatches }, ms: 42.4 }, false)).toEqual([
      'beach.jpg  median-cut  42 ms',
      '  1  #fac80a   61.2%'
    ])
    expect(tableLines({ file: 'clear.png', palette: { method: 'kmeans', swatches: [] }, ms: 7 }, false)).toEqual([
      'clear.png  kmeans  7 ms',
      '  no colours: every pixel is transparent'
    ])
  })

  it('says an animation or a multi-page TIFF gave only its first frame or page, in the table and in --json', () => {
    const palette = { method: 'median-cut' as const, swatches: [] }
    expect(tableLines({ file: 'a.gif', palette, ms: 7, source: { format: 'gif', pages: 3 } }, false)[0]).toBe('a.gif  median-cut  7 ms  (first of 3 frames)')
    expect(tableLines({ file: 'a.tif', palette, ms: 7, source: { format: 'tiff', pages: 2 } }, false)[0]).toBe('a.tif  median-cut  7 ms  (first of 2 pages)')
    expect(JSON.parse(jsonLine({ file: 'a.gif', palette, ms: 7, source: { format: 'gif', pages: 3 } }))).toMatchObject({ pages: 3 })
    expect(JSON.parse(jsonLine({ file: 'a.png', palette, ms: 7 }))).not.toHaveProperty('pages')
  })

  it('says which provider ran a neural palette and how many steps the agent took, as the app’s status bar does', () => {
    const palette = { method: 'neural' as const, swatches: [] }
    expect(tableLines({ file: 'beach.jpg', palette, ms: 267.2, provider: 'cpu', agentSteps: 0 }, false)[0]).toBe('beach.jpg  neural  267 ms · CPU · 0 agent steps')
    expect(tableLines({ file: 'beach.jpg', palette, ms: 98, provider: 'generator:cpu+agent:cpu+backbone:webgpu', agentSteps: 1 }, false)[0]).toBe(
      'beach.jpg  neural  98 ms · WebGPU (backbone), CPU (generator, agent) · 1 agent step'
    )
  })

  it('keeps a name with a newline or a terminal escape on its one line, escaped as --json writes it', () => {
    const file = 'shoot/new\nline\t\u001b[2Jé日本🎨.png'
    const lines = tableLines({ file, palette: { method: 'kmeans', swatches: [] }, ms: 7, export: 'out/p\r.gpl' }, false)
    expect(lines).toEqual(['shoot/new\\nline\\t\\u001b[2Jé日本🎨.png  kmeans  7 ms', '  no colours: every pixel is transparent', '  saved out/p\\r.gpl'])
  })
})
