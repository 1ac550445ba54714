// What the layout tests measure in the page. The element's window is named: these files are
// type-checked without the DOM's globals.
import type { Locator } from 'playwright-core'

/** Whether the element's content is one line of its text high (a label that wrapped is two, or more). */
export const isOneLine = (target: Locator): Promise<boolean> =>
  target.evaluate((el) => {
    const style = el.ownerDocument.defaultView!.getComputedStyle(el)
    const inner = el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
    return inner < 1.5 * parseFloat(style.lineHeight)
  })

/** How a text that does not fit is shown: cut with an ellipsis, and its title. */
export const cut = (target: Locator): Promise<{ cut: boolean; ellipsis: boolean; title: string | null }> =>
  target.evaluate((el) => ({
    cut: el.scrollWidth > el.clientWidth,
    ellipsis: el.ownerDocument.defaultView!.getComputedStyle(el).textOverflow === 'ellipsis',
    title: el.getAttribute('title')
  }))

/** Whether the element's children (those `children` selects) stand on one row (a flex row that wrapped has two, or more). */
export const isOneRow = (target: Locator, children = ':scope > *'): Promise<boolean> =>
  target.evaluate((el, selector) => {
    const boxes = [...el.querySelectorAll(selector)].map((child) => child.getBoundingClientRect()).filter((box) => box.width > 0)
    const middles = boxes.map((box) => Math.round(box.top + box.height / 2))
    return Math.max(...middles) - Math.min(...middles) < 2
  }, children)
