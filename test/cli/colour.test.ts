import { WriteStream } from 'node:tty'
import { describe, expect, it } from 'vitest'
import { wantColour } from '../../src/cli/colour'

// A terminal as Node sees one: its own colour check, which reads only the environment it is given.
const terminal = { isTTY: true, hasColors: WriteStream.prototype.hasColors }

describe('colour chips', () => {
  it('are drawn on a colour terminal, and not when stdout is a file or a pipe', () => {
    expect(wantColour(terminal, { TERM: 'xterm-256color' })).toBe(true)
    expect(wantColour({ isTTY: false }, { TERM: 'xterm-256color' })).toBe(false)
  })

  it('are left out on a terminal that shows no colours (TERM=dumb: an Emacs shell) and with FORCE_COLOR=0', () => {
    expect(wantColour(terminal, { TERM: 'dumb' })).toBe(false)
    expect(wantColour(terminal, { TERM: 'xterm-256color', FORCE_COLOR: '0' })).toBe(false)
  })

  it('follow NO_COLOR when it is set and not empty, as no-color.org asks', () => {
    expect(wantColour(terminal, { TERM: 'xterm-256color', NO_COLOR: '1' })).toBe(false)
    expect(wantColour(terminal, { TERM: 'xterm-256color', NO_COLOR: '' })).toBe(true)
  })
})
