// The image view's keys: which key does what (whether a focused field takes the key instead is the
// browser's part: test/e2e/shortcuts.test.ts).
import { describe, expect, it } from 'vitest'
import { editorKeyFor, keyLabel, nextMethod, type KeyPress } from '../../src/renderer/src/lib/keys'

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
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
    for (const mod of ['ctrlKey', 'metaKey', 'altKey', 'shiftKey'] as const) {
      expect(editorKeyFor(press('1', { [mod]: true })), mod).toBeUndefined()
      expect(editorKeyFor(press('i', { [mod]: true })), mod).toBeUndefined()
    }
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
  it('names CmdOrCtrl as this machine’s keyboard does', () => {
    expect(keyLabel('CmdOrCtrl+Shift+E', false)).toBe('Ctrl+Shift+E')
    expect(keyLabel('CmdOrCtrl+B', true)).toBe('Cmd+B')
  })
})
