// The image view's keys: which key does what (whether a focused field takes the key instead is the
// browser's part: test/e2e/shortcuts.test.ts).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { editorKeyFor, itemKeyFor, keyLabel, nextMethod, tabStep, type KeyPress } from '../../src/renderer/src/lib/keys'

/** A key of a US keyboard, unless `mods` says which physical key (`code`) typed it. */
const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  code: /^\d$/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  repeat: false,
  ...mods
})

describe('editorKeyFor', () => {
  it('1 to 9 select swatch 1 to 9, held down too', () => {
    expect(editorKeyFor(press('1'))).toEqual({ action: 'select', index: 0 })
    expect(editorKeyFor(press('5'))).toEqual({ action: 'select', index: 4 })
    expect(editorKeyFor(press('9', { repeat: true }))).toEqual({ action: 'select', index: 8 })
    expect(editorKeyFor(press('0'))).toBeUndefined()
  })

  it('I is the eyedropper, L the lock and M the next method, with Caps Lock on too', () => {
    expect(editorKeyFor(press('i'))).toEqual({ action: 'eyedropper' })
    expect(editorKeyFor(press('I'))).toEqual({ action: 'eyedropper' })
    expect(editorKeyFor(press('l'))).toEqual({ action: 'lock' })
    expect(editorKeyFor(press('m'))).toEqual({ action: 'next-method' })
    expect(editorKeyFor(press('x'))).toBeUndefined()
  })

  it('a letter held down toggles once', () => {
    for (const key of ['i', 'l', 'm']) expect(editorKeyFor(press(key, { repeat: true })), key).toBeUndefined()
  })

  it('leaves keys with a modifier to other shortcuts and characters', () => {
    for (const mod of ['ctrlKey', 'metaKey', 'altKey'] as const) {
      expect(editorKeyFor(press('1', { [mod]: true })), mod).toBeUndefined()
      expect(editorKeyFor(press('i', { [mod]: true })), mod).toBeUndefined()
    }
    expect(editorKeyFor(press('I', { shiftKey: true }))).toBeUndefined()
  })

  it('takes the digit row by its keys on an AZERTY keyboard, where digits need Shift', () => {
    expect(editorKeyFor(press('&', { code: 'Digit1' }))).toEqual({ action: 'select', index: 0 })
    expect(editorKeyFor(press('1', { code: 'Digit1', shiftKey: true }))).toEqual({ action: 'select', index: 0 })
    expect(editorKeyFor(press('ç', { code: 'Digit9' }))).toEqual({ action: 'select', index: 8 })
    expect(editorKeyFor(press('à', { code: 'Digit0' }))).toBeUndefined()
  })

  it('takes the number pad’s digits, but not its keys with Num Lock off', () => {
    expect(editorKeyFor(press('1', { code: 'Numpad1' }))).toEqual({ action: 'select', index: 0 })
    expect(editorKeyFor(press('7', { code: 'Numpad7' }))).toEqual({ action: 'select', index: 6 })
    expect(editorKeyFor(press('End', { code: 'Numpad1' }))).toBeUndefined()
    expect(editorKeyFor(press('0', { code: 'Numpad0' }))).toBeUndefined()
  })

  it('takes a digit by its character where no physical key is told (on-screen keyboards, remote desktops)', () => {
    expect(editorKeyFor(press('3', { code: '' }))).toEqual({ action: 'select', index: 2 })
    expect(editorKeyFor(press('4', { code: 'Unidentified' }))).toEqual({ action: 'select', index: 3 })
    expect(editorKeyFor(press('0', { code: '' }))).toBeUndefined()
  })
})

describe('nextMethod', () => {
  it('goes down the picker’s list and round again', () => {
    const methods = ['neural', 'median-cut', 'kmeans'] as const
    expect(nextMethod(methods, 'neural')).toBe('median-cut')
    expect(nextMethod(methods, 'kmeans')).toBe('neural')
  })

  it('has none when the build has one method', () => {
    expect(nextMethod(['median-cut'], 'median-cut')).toBeUndefined()
    expect(nextMethod([], 'median-cut')).toBeUndefined()
  })
})

describe('keyLabel', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('names CmdOrCtrl as this machine’s keyboard does', () => {
    expect(keyLabel('CmdOrCtrl+Shift+E', false)).toBe('Ctrl+Shift+E')
    expect(keyLabel('CmdOrCtrl+B', true)).toBe('Cmd+B')
  })

  it('knows a Mac by the browser’s user agent', () => {
    vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/130.0' })
    expect(keyLabel('CmdOrCtrl+O')).toBe('Cmd+O')
    vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0' })
    expect(keyLabel('CmdOrCtrl+O')).toBe('Ctrl+O')
  })
})

describe('view tabs', () => {
  const key = (k: string, mods: Partial<KeyPress> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods })
  it('← and → go to the tab beside, round the ends; Home and End to the first and last', () => {
    expect([0, 1, 2].map((i) => tabStep(key('ArrowRight'), i, 3))).toEqual([1, 2, 0])
    expect([0, 1, 2].map((i) => tabStep(key('ArrowLeft'), i, 3))).toEqual([2, 0, 1])
    expect([tabStep(key('Home'), 2, 3), tabStep(key('End'), 0, 3)]).toEqual([0, 2])
  })
  it('other keys, and the arrows with a modifier (Alt+← is Back), are not the tabs’', () => {
    expect([tabStep(key('ArrowDown'), 0, 3), tabStep(key('ArrowLeft', { altKey: true }), 1, 3), tabStep(key('Enter'), 1, 3)]).toEqual([
      undefined,
      undefined,
      undefined
    ])
  })
})

describe('itemKeyFor (a board column header, a swatch chip)', () => {
  const key = (k: string, mods: Partial<KeyPress> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods })

  it('removes on Delete or Backspace, only without modifiers', () => {
    expect(itemKeyFor(key('Delete'))).toEqual({ action: 'remove' })
    expect(itemKeyFor(key('Backspace'))).toEqual({ action: 'remove' })
    expect(itemKeyFor(key('Delete', { ctrlKey: true }))).toBeUndefined()
    expect(itemKeyFor(key('Backspace', { altKey: true }))).toBeUndefined()
  })

  it('moves one place left or right on Alt+arrow, not on a plain arrow (which moves the focus)', () => {
    expect(itemKeyFor(key('ArrowLeft', { altKey: true }))).toEqual({ action: 'move', by: -1 })
    expect(itemKeyFor(key('ArrowRight', { altKey: true }))).toEqual({ action: 'move', by: 1 })
    expect(itemKeyFor(key('ArrowRight'))).toBeUndefined()
    expect(itemKeyFor(key('ArrowUp', { altKey: true }))).toBeUndefined()
    expect(itemKeyFor(key('a'))).toBeUndefined()
  })
})
