// The window reopens where the user left it, but never out of reach on a screen that is gone.
import { describe, expect, it } from 'vitest'
import { placeWindow } from '../../src/main/window-place'

const laptop = { x: 0, y: 0, width: 1440, height: 875 }
const monitor = { x: 1440, y: -200, width: 2560, height: 1415 }
const place = (x: number, y: number, width = 1200, height = 800, maximized = false) => ({ x, y, width, height, maximized })

describe('placeWindow', () => {
  it('leaves a first start to the system', () => {
    expect(placeWindow(undefined, [laptop])).toBeUndefined()
  })

  it('puts the window back where it was, on whichever screen, maximised or not', () => {
    expect(placeWindow(place(100, 40), [laptop, monitor])).toEqual(place(100, 40))
    expect(placeWindow(place(2000, -150, 1800, 1200, true), [laptop, monitor])).toEqual(place(2000, -150, 1800, 1200, true))
  })

  it('brings a window left on a screen since unplugged to the middle of the primary one, shrunk to fit', () => {
    expect(placeWindow(place(2000, -150, 1800, 1200, true), [laptop])).toEqual({ x: 0, y: 0, width: 1440, height: 875, maximized: true })
    expect(placeWindow(place(2000, 100, 1000, 600), [laptop])).toEqual(place(220, 138, 1000, 600))
  })

  it('moves it when only a sliver of its title bar is on a screen, or the bar is above the top edge', () => {
    // 60 px of the title bar showing is too little to grab; the middle of the screen instead.
    expect(placeWindow(place(1380, 100, 1000, 600), [laptop])).toEqual(place(220, 138, 1000, 600))
    // Title bar just above the top, the rest on the screen: down to the top edge, not re-centred.
    expect(placeWindow(place(100, -20, 1000, 600), [laptop])).toEqual(place(100, 0, 1000, 600))
  })
})
