import { describe, expect, it } from 'vitest'
import type { Palette, Rgb } from '../../src/shared/palette'
import { Editor } from '../../src/renderer/src/lib/editor.svelte'
import { hslToRgb, oklchToRgb, rgbToHex, rgbToOklch, rgbToYCbCr } from '../../src/renderer/src/lib/color'

const palette = (...rgbs: Rgb[]): Palette => ({
  method: 'median-cut',
  swatches: rgbs.map((rgb) => ({ rgb, hex: rgbToHex(rgb), share: 1 / rgbs.length }))
})
const RED: Rgb = [200, 30, 40]
const GREEN: Rgb = [40, 160, 60]
const BLUE: Rgb = [30, 60, 190]
const GREY: Rgb = [120, 120, 120]
const GOLD: Rgb = [220, 180, 40]

function loaded(): Editor {
  const editor = new Editor()
  editor.load(palette(RED, GREEN, BLUE, GREY, GOLD))
  return editor
}
const hexes = (e: Editor): string[] => e.swatches.map((s) => rgbToHex(s.rgb))

describe('Editor', () => {
  it('shows the extracted palette, each swatch called by its hex code, and nothing to undo', () => {
    const e = loaded()
    expect(hexes(e)).toEqual([RED, GREEN, BLUE, GREY, GOLD].map(rgbToHex))
    expect(e.swatches.map((s) => s.name)).toEqual(hexes(e))
    expect(e.history.canUndo).toBe(false)
  })

  it('exports the names the user gave, no name for the others (files call them by hex code), and every share', () => {
    const e = loaded()
    e.rename(1, ' Leaf ')
    expect(e.toSwatches().map((s) => s.name)).toEqual([undefined, 'Leaf', undefined, undefined, undefined])
    expect(e.toSwatches().map((s) => s.share)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2])
    const named = new Editor()
    named.load({ method: 'median-cut', swatches: [{ rgb: RED, hex: rgbToHex(RED), share: 1, name: 'Brick' }] })
    expect(named.toSwatches()[0].name).toBe('Brick')
  })

  it('cuts a typed name to the 200 units an export carries, at a whole character (an emoji with its skin tone stays whole or goes)', () => {
    const e = loaded()
    e.rename(0, 'a'.repeat(198) + '👍🏽' + 'b'.repeat(30))
    e.rename(1, 'Sea blue '.repeat(25))
    expect(e.toSwatches()[0].name).toBe('a'.repeat(198))
    expect(e.toSwatches()[1].name).toBe('Sea blue '.repeat(25).slice(0, 200))
  })

  it('an unnamed swatch is called by its new hex code once recoloured; a named one keeps its name', () => {
    const e = loaded()
    e.rename(1, 'Leaf')
    e.setColor(0, [1, 2, 3])
    e.setColor(1, [4, 5, 6])
    e.nudge(2, 1)
    expect(e.swatches.slice(0, 3).map((s) => s.name)).toEqual(['#010203', 'Leaf', hexes(e)[2]])
    e.undo()
    expect(e.swatches[2].name).toBe(rgbToHex(BLUE))
  })

  it('keeps each swatch\'s share through recolouring, moving and a new method\'s palette with a lock', () => {
    const e = new Editor()
    e.load({ method: 'median-cut', swatches: [RED, GREEN, BLUE].map((rgb, i) => ({ rgb, hex: rgbToHex(rgb), share: [0.5, 0.3, 0.2][i] })) })
    e.setColor(0, [1, 2, 3])
    e.move(2, 0)
    expect(e.toSwatches().map((s) => s.share)).toEqual([0.2, 0.5, 0.3])
    e.toggleLock(0)
    e.load({ method: 'kmeans', swatches: [GREY, GOLD, BLUE].map((rgb, i) => ({ rgb, hex: rgbToHex(rgb), share: [0.6, 0.25, 0.15][i] })) })
    expect(e.toSwatches().map((s) => [s.hex, s.share])).toEqual([
      [rgbToHex(BLUE), 0.2],
      [rgbToHex(GREY), 0.6],
      [rgbToHex(GOLD), 0.25]
    ])
  })

  it('keeps an imported swatch\'s spot or normal type through recolouring, pasting, moving and undo; a swatch with none exports none', () => {
    const e = new Editor()
    const types = ['spot', 'normal', undefined] as const
    e.load({ method: 'median-cut', swatches: [RED, GREEN, BLUE].map((rgb, i) => ({ rgb, hex: rgbToHex(rgb), share: 0, ...(types[i] && { type: types[i] }) })) })
    e.setColor(0, [1, 2, 3])
    e.setOklch(1, rgbToOklch(GOLD))
    e.setColors(2, [GREY])
    e.move(0, 2)
    e.undo()
    e.redo()
    expect(e.toSwatches().map((s) => [s.hex, s.type])).toEqual([
      [rgbToHex(GOLD), 'normal'],
      [rgbToHex(GREY), undefined],
      ['#010203', 'spot']
    ])
    expect(e.toSwatches()[1]).not.toHaveProperty('type')
  })

  it('undoes and redoes every kind of edit in order', () => {
    const e = loaded()
    const start = hexes(e)
    e.setColor(0, [1, 2, 3])
    e.rename(1, 'Leaf')
    e.toggleLock(2)
    e.nudge(3, 1)
    e.move(4, 0)
    const edited = { hexes: hexes(e), names: e.swatches.map((s) => s.name), locks: e.swatches.map((s) => s.locked) }
    for (let i = 0; i < 5; i++) e.undo()
    expect(hexes(e)).toEqual(start)
    expect(e.swatches.every((s) => !s.locked)).toBe(true)
    expect(e.swatches[1].name).toBe(rgbToHex(GREEN))
    expect(e.history.canUndo).toBe(false)
    for (let i = 0; i < 5; i++) e.redo()
    expect(hexes(e)).toEqual(edited.hexes)
    expect(e.swatches.map((s) => s.name)).toEqual(edited.names)
    expect(e.swatches.map((s) => s.locked)).toEqual(edited.locks)
    expect(e.history.canRedo).toBe(false)
  })

  it('a new edit after undo drops the redo branch', () => {
    const e = loaded()
    e.setColor(0, [1, 2, 3])
    e.undo()
    e.setColor(1, [9, 9, 9])
    expect(e.history.canRedo).toBe(false)
    e.redo()
    expect(hexes(e)[0]).toBe(rgbToHex(RED))
  })

  it('merges one picker gesture into one undo step, but not two gestures', () => {
    const e = loaded()
    e.setColor(0, [10, 10, 10], 'drag')
    e.setColor(0, [20, 20, 20], 'drag')
    e.setColor(0, [30, 30, 30], 'drag')
    e.undo()
    expect(hexes(e)[0]).toBe(rgbToHex(RED))
    e.setColor(0, [10, 10, 10], 'drag')
    e.history.seal()
    e.setColor(0, [20, 20, 20], 'drag')
    e.undo()
    expect(hexes(e)[0]).toBe('#0a0a0a')
  })

  it('keeps channels whole numbers from 0 to 255: a field\'s 12.5 is 13, and a colour with no number changes nothing', () => {
    const e = loaded()
    e.setColor(0, [12.5, 0.4, 300])
    expect(e.swatches[0].rgb).toEqual([13, 0, 255])
    expect(e.toSwatches()[0].rgb).toEqual([13, 0, 255])
    e.setColor(0, [Number.NaN, 0, 0])
    expect(e.swatches[0].rgb).toEqual([13, 0, 255])
  })

  it('a blank name takes the given one away: the swatch is called by its hex code again, and follows its colour', () => {
    const e = loaded()
    e.rename(1, 'Leaf')
    e.rename(1, '  ')
    expect(e.swatches[1].name).toBe(rgbToHex(GREEN))
    expect(e.toSwatches()[1].name).toBeUndefined()
    e.setColor(1, [1, 2, 3])
    expect(e.swatches[1].name).toBe('#010203')
    e.undo()
    e.undo()
    expect(e.swatches[1].name).toBe('Leaf')
    e.rename(2, rgbToHex(BLUE)) // its own hex code, as the field shows it: still unnamed
    e.setColor(2, [4, 5, 6])
    expect(e.swatches[2].name).toBe('#040506')
  })

  it('reads OKLCH numbers back as typed, so that later commits do not move the colour', () => {
    const e = loaded()
    e.setOklch(0, { l: 0.6, c: 0.1, h: 30 })
    const first = hexes(e)[0]
    expect(e.oklchOf(0)).toEqual({ l: 0.6, c: 0.1, h: 30 })
    // Each commit sends the other numbers as the fields show them: they were the 8-bit colour's
    // (0.5995, 0.1, 29.85), and hue 40 then back to 30 ended a step away.
    for (const h of [40, 50, 30, 40, 30]) e.setOklch(0, { ...e.oklchOf(0), h })
    expect(hexes(e)[0]).toBe(first)
    expect(e.oklchOf(0)).toEqual({ l: 0.6, c: 0.1, h: 30 })
    e.setColor(0, [10, 20, 30]) // another colour: its own numbers
    expect(e.oklchOf(0)).toEqual(rgbToOklch([10, 20, 30]))
    e.undo() // and back: the numbers typed for it
    expect(e.oklchOf(0)).toEqual({ l: 0.6, c: 0.1, h: 30 })
  })

  it('a hue and saturation typed on black stay for the next number', () => {
    const e = loaded()
    e.setHsl(0, { ...e.hslOf(0), h: 200 })
    e.setHsl(0, { ...e.hslOf(0), s: 60 })
    e.setHsl(0, { ...e.hslOf(0), l: 0 })
    expect(hexes(e)[0]).toBe('#000000')
    expect(e.hslOf(0)).toEqual({ h: 200, s: 60, l: 0 })
    e.setHsl(0, { ...e.hslOf(0), l: 50 })
    expect(e.swatches[0].rgb).toEqual(hslToRgb({ h: 200, s: 60, l: 50 }))
  })

  it('OKLCH chroma beyond sRGB becomes the most sRGB has at that lightness and hue, and reads back so', () => {
    const e = loaded()
    e.setOklch(0, { l: 0.7, c: 0.4, h: 140 })
    const read = e.oklchOf(0)
    expect(read.l).toBe(0.7)
    expect(read.h).toBe(140)
    expect(read.c).toBeLessThan(0.25)
    expect(e.swatches[0].rgb).toEqual(oklchToRgb(read))
    expect(rgbToOklch(e.swatches[0].rgb).c).toBeCloseTo(read.c, 2)
  })

  it('ignores edits that change nothing (no empty undo steps)', () => {
    const e = loaded()
    e.setColor(0, RED)
    e.rename(0, '   ')
    e.move(2, 2)
    expect(e.history.canUndo).toBe(false)
  })

  it('L on a palette with no swatches (every pixel of the image transparent) locks nothing and does not throw', () => {
    const e = new Editor()
    e.load(palette())
    e.toggleLock(e.selected) // the L key
    expect(e.swatches).toEqual([])
    expect(e.history.canUndo).toBe(false)
  })

  it('keeps locked swatches in place when a new palette arrives, fills the rest in rank order', () => {
    const e = loaded()
    e.toggleLock(1)
    e.rename(1, 'Leaf')
    e.load(palette([1, 1, 1], GREEN, [2, 2, 2], [3, 3, 3], [4, 4, 4]))
    expect(hexes(e)).toEqual(['#010101', rgbToHex(GREEN), '#020202', '#030303', '#040404'])
    expect(e.swatches[1]).toMatchObject({ name: 'Leaf', locked: true })
    e.undo()
    expect(hexes(e)).toEqual([RED, GREEN, BLUE, GREY, GOLD].map(rgbToHex))
  })

  it('a locked colour that the new method finds again (within ±15) is not shown twice', () => {
    const e = loaded()
    e.toggleLock(1)
    e.load(palette([198, 32, 38], [44, 158, 63], [30, 60, 190], [120, 120, 120], GOLD))
    const expected: Rgb[] = [[198, 32, 38], GREEN, [30, 60, 190], [120, 120, 120], GOLD]
    expect(hexes(e)).toEqual(expected.map(rgbToHex))
  })

  it('a shorter new palette fills every unlocked place in order, each lock keeping its place, and drops no new colour', () => {
    const e = loaded()
    e.toggleLock(1)
    e.toggleLock(4)
    e.load(palette([1, 1, 1], [2, 2, 2], [3, 3, 3]))
    expect(hexes(e)).toEqual(['#010101', rgbToHex(GREEN), '#020202', '#030303', rgbToHex(GOLD)])
    expect(e.swatches.map((s) => s.locked)).toEqual([false, true, false, false, true])
  })

  it('keeps a locked swatch even when the new palette is shorter', () => {
    const e = loaded()
    e.toggleLock(4)
    e.load(palette([1, 1, 1], [2, 2, 2], [3, 3, 3]))
    expect(hexes(e)).toEqual(['#010101', '#020202', '#030303', rgbToHex(GOLD)])
  })

  it('reorders and the selection follows the moved swatch', () => {
    const e = loaded()
    e.select(0)
    e.move(0, 2)
    expect(hexes(e)).toEqual([GREEN, BLUE, RED, GREY, GOLD].map(rgbToHex))
    expect(e.selected).toBe(2)
    e.move(2, 7)
    expect(hexes(e)[2]).toBe(rgbToHex(RED))
  })

  it('undoing and redoing a move take the selection with the moved swatch', () => {
    const e = loaded()
    e.select(0)
    e.move(0, 1)
    e.undo()
    expect(e.selected).toBe(0) // RED, back in its place: not GREEN, which the fields would then edit
    expect(e.current?.rgb).toEqual(RED)
    e.redo()
    expect(e.selected).toBe(1)
    expect(e.current?.rgb).toEqual(RED)
  })

  it('nudges lightness with Cb and Cr kept, as the RL action does', () => {
    const e = loaded()
    const before = rgbToYCbCr(e.swatches[0].rgb)
    e.nudge(0, 1)
    const after = rgbToYCbCr(e.swatches[0].rgb)
    expect(after.y).toBeGreaterThan(before.y + 6)
    expect(Math.abs(after.cb - before.cb)).toBeLessThan(1)
    expect(Math.abs(after.cr - before.cr)).toBeLessThan(1)
    e.nudge(0, -1)
    e.nudge(0, -1)
    expect(rgbToYCbCr(e.swatches[0].rgb).y).toBeLessThan(before.y - 6)
  })

  it('resets to the extracted palette, and the reset itself can be undone', () => {
    const e = loaded()
    e.setColor(2, [0, 0, 0])
    e.rename(0, 'Brick')
    e.reset()
    expect(hexes(e)).toEqual([RED, GREEN, BLUE, GREY, GOLD].map(rgbToHex))
    expect(e.swatches[0].named).toBe(false)
    e.undo()
    expect(hexes(e)[2]).toBe('#000000')
  })

  it('Reset keeps a locked swatch in its place, as a new palette does: the extracted colours fill the other places', () => {
    const e = loaded()
    e.setColor(2, [0, 0, 0])
    e.toggleLock(2)
    e.setColor(0, [9, 9, 9])
    e.reset()
    expect(hexes(e)).toEqual([RED, GREEN, [0, 0, 0], BLUE, GREY].map((c) => rgbToHex(c as Rgb)))
    expect(e.swatches.map((s) => s.locked)).toEqual([false, false, true, false, false])
  })

  it('the selection stays on a swatch when Reset or a shorter palette leaves fewer swatches', () => {
    const e = new Editor()
    e.load(palette(RED, GREEN, BLUE))
    e.add(GOLD)
    e.add(GREY)
    expect(e.selected).toBe(4)
    e.reset()
    expect(e.selected).toBe(2)
    expect(e.current?.rgb).toEqual(BLUE)
    const f = loaded()
    f.select(4)
    f.load(palette([1, 1, 1], [2, 2, 2], [3, 3, 3]))
    expect(f.selected).toBe(2)
    expect(f.current?.rgb).toEqual([3, 3, 3])
  })

  it('undo of a new palette brings back the palette before it, its method, and what Reset goes back to', () => {
    const e = loaded()
    expect(e.method).toBe('median-cut')
    e.toggleLock(0)
    e.load({ ...palette([1, 1, 1], [2, 2, 2], [3, 3, 3], [4, 4, 4], [5, 5, 5]), method: 'kmeans' })
    expect(e.method).toBe('kmeans')
    e.undo()
    expect(e.method).toBe('median-cut')
    e.undo()
    expect(e.swatches.some((s) => s.locked)).toBe(false)
    e.redo()
    e.redo()
    expect(e.method).toBe('kmeans')
    e.undo()
    e.reset()
    expect(hexes(e)).toEqual([RED, GREEN, BLUE, GREY, GOLD].map(rgbToHex))
  })
})

describe('typed hues', () => {
  it('an OKLCH lightness typed keeps the hue as shown (259.43, not 259.43000000000006)', () => {
    const e = new Editor()
    e.load(palette([44, 95, 183]))
    e.setOklch(0, { l: 0.5, c: 0.1, h: 259.43 })
    expect(e.oklchOf(0).h).toBe(259.43)
    e.setOklch(0, { l: 0.5, c: 0.05, h: 233.17 })
    expect(e.oklchOf(0).h).toBe(233.17)
  })

  it('a colour typed as hsl() in the hex field keeps its HSL numbers, as the HSL fields do', () => {
    const e = new Editor()
    e.load(palette(RED))
    e.setRead(0, { rgb: hslToRgb({ h: 200, s: 50, l: 50 }), typed: { hsl: { h: 200, s: 50, l: 50 } } })
    expect(e.hslOf(0)).toEqual({ h: 200, s: 50, l: 50 })
    e.setRead(0, { rgb: RED })
    expect(e.swatches[0].typed).toBeUndefined()
  })
})

describe('adding and removing swatches', () => {
  const three = (): Editor => {
    const e = new Editor()
    e.load(palette(RED, GREEN, BLUE))
    return e
  }

  it('adds an unnamed, unlocked swatch of no share at the end, selected, as one undo step', () => {
    const e = three()
    expect(e.canAdd).toBe(true)
    expect(e.add(GOLD)).toBe(true)
    expect(hexes(e)).toEqual([RED, GREEN, BLUE, GOLD].map(rgbToHex))
    expect(e.swatches[3]).toMatchObject({ name: rgbToHex(GOLD), named: false, locked: false, share: 0 })
    expect(e.selected).toBe(3)
    expect(e.toSwatches()[3]).toEqual({ rgb: GOLD, hex: rgbToHex(GOLD), share: 0 })
    e.undo()
    expect(hexes(e)).toEqual([RED, GREEN, BLUE].map(rgbToHex))
    expect(e.selected).toBe(2)
    e.redo()
    expect(hexes(e)).toEqual([RED, GREEN, BLUE, GOLD].map(rgbToHex))
  })

  it('adds up to five swatches and no more', () => {
    const e = three()
    expect(e.add(GOLD)).toBe(true)
    expect(e.add(GREY)).toBe(true)
    expect(e.canAdd).toBe(false)
    expect(e.add([1, 2, 3])).toBe(false)
    expect(e.swatches).toHaveLength(5)
    expect(loaded().add(GOLD)).toBe(false)
  })

  it('removes a swatch as one undo step; the selection stays on its swatch, or takes the next one (the one before, for the last)', () => {
    const e = loaded()
    e.select(3)
    expect(e.remove(1)).toBe(true)
    expect(hexes(e)).toEqual([RED, BLUE, GREY, GOLD].map(rgbToHex))
    expect(e.current?.rgb).toEqual(GREY) // its swatch, one place on
    e.remove(2) // the selected one: the next takes its place
    expect(e.current?.rgb).toEqual(GOLD)
    e.remove(2) // the selected one, the last: the one before
    expect(hexes(e)).toEqual([RED, BLUE].map(rgbToHex))
    expect(e.current?.rgb).toEqual(BLUE)
    e.undo()
    e.undo()
    e.undo()
    expect(hexes(e)).toEqual([RED, GREEN, BLUE, GREY, GOLD].map(rgbToHex))
    e.redo()
    expect(hexes(e)).toEqual([RED, BLUE, GREY, GOLD].map(rgbToHex))
  })

  it('removes neither a locked swatch nor the last one left', () => {
    const e = three()
    e.toggleLock(1)
    expect(e.remove(1)).toBe(false)
    expect(e.remove(0)).toBe(true)
    expect(e.remove(1)).toBe(true)
    expect(e.remove(0)).toBe(false) // locked, and the last
    e.toggleLock(0)
    expect(e.remove(0)).toBe(false) // the last
    expect(hexes(e)).toEqual([rgbToHex(GREEN)])
  })

  it('Reset brings back the extracted palette after adds and removals', () => {
    const e = three()
    e.add(GOLD)
    e.remove(0)
    e.reset()
    expect(hexes(e)).toEqual([RED, GREEN, BLUE].map(rgbToHex))
  })

  it('keeps an added locked swatch in its place when a new palette arrives, the new colours in the other places', () => {
    const e = three()
    e.remove(0)
    e.remove(0)
    e.add(GOLD)
    e.toggleLock(1)
    e.load(palette(GREY, [10, 10, 10], [250, 250, 250], RED))
    expect(hexes(e)).toEqual([GREY, GOLD, [10, 10, 10], [250, 250, 250]].map((c) => rgbToHex(c as Rgb)))
    expect(e.swatches[1].locked).toBe(true)
    e.load(palette(GREEN))
    expect(hexes(e)).toEqual([GREEN, GOLD].map(rgbToHex))
  })
})
