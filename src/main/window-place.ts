// Where the window opens: where the user last left it, as long as that is still on a screen (a
// monitor unplugged since must not leave the window out of reach).
import { z } from 'zod'

const RectSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive()
})
type Rect = z.infer<typeof RectSchema>
export const WindowPlaceSchema = RectSchema.extend({ maximized: z.boolean() })
export type WindowPlace = z.infer<typeof WindowPlaceSchema>

/** The part of the top edge that must lie on a screen for the user to drag the window by it. */
const GRIP = { width: 120, height: 32 }

/**
 * Whether the user can drag the window by its title bar on `screen`: enough of the bar across,
 * and its top no lower than a bar above the bottom nor higher than a bar above the top (a bar
 * a little above the top is brought down to it).
 */
function holds(screen: Rect, window: Rect): boolean {
  const across = Math.min(window.x + window.width, screen.x + screen.width) - Math.max(window.x, screen.x)
  const top = window.y - screen.y
  return across >= Math.min(GRIP.width, window.width) && top >= -GRIP.height && top <= screen.height - GRIP.height
}

/**
 * The saved place, fitted to the screens' work areas (primary first), or undefined to let the
 * system place a new window. A window whose title bar is on no screen goes to the middle of the
 * primary one; one larger than its screen is shrunk to it.
 */
export function placeWindow(saved: WindowPlace | undefined, screens: readonly Rect[]): WindowPlace | undefined {
  if (!saved || screens.length === 0) return undefined
  const held = screens.find((screen) => holds(screen, saved))
  const screen = held ?? screens[0]
  const width = Math.min(saved.width, screen.width)
  const height = Math.min(saved.height, screen.height)
  if (!held) {
    const x = screen.x + Math.round((screen.width - width) / 2)
    return { x, y: screen.y + Math.round((screen.height - height) / 2), width, height, maximized: saved.maximized }
  }
  // On its screen, but never with the title bar above the top edge, where it cannot be grabbed.
  return { x: saved.x, y: Math.max(saved.y, screen.y), width, height, maximized: saved.maximized }
}
