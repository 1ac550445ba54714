// A page that crashes or hangs leaves no blank, silent window: the user is asked, and a reload
// brings the page back (which restores the board from its autosave).
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { BrowserWindow, dialog } from './electron-mock'

vi.mock('electron', () => import('./electron-mock'))
const { recoverWindow } = await import('../../src/main/window-recovery')

let window: BrowserWindow
let quits: number
const logged: unknown[] = []
beforeEach(() => {
  dialog.shown.length = 0
  logged.length = 0
  quits = 0
  window = new BrowserWindow({})
  recoverWindow(window as unknown as Electron.BrowserWindow, { quit: () => quits++, log: (d) => logged.push(d) })
})
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('a crashed page', () => {
  it('is reported, and reloaded when the user says so', async () => {
    window.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 })
    expect(dialog.shown.map((d) => d.options.message)).toEqual(['The Palette Studio window ran out of memory.'])
    expect(logged).toEqual([expect.stringContaining('oom')])
    dialog.shown[0].answer(0)
    await settle()
    expect(window.webContents.reloads).toBe(1)
    expect(quits).toBe(0)
  })

  it('quits the app when the user says so (the autosave stays for the next start)', async () => {
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 })
    dialog.shown[0].answer(1)
    await settle()
    expect(quits).toBe(1)
    expect(window.webContents.reloads).toBe(0)
  })

  it('says nothing when the page ended normally or the window is gone', () => {
    window.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 })
    window.destroyed = true
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 })
    expect(dialog.shown).toEqual([])
  })
})

describe('a page that does not respond', () => {
  it('is reported once, and on Reload is killed and reloaded without a second question', async () => {
    window.emit('unresponsive')
    window.emit('unresponsive')
    expect(dialog.shown.map((d) => d.options.message)).toEqual(['The Palette Studio window is not responding.'])
    dialog.shown[0].answer(0)
    await settle()
    expect(window.webContents.reloads).toBe(1)
    expect(dialog.shown).toHaveLength(1)
  })

  it('quits the app when the user says so', async () => {
    window.emit('unresponsive')
    expect(dialog.shown[0].options.buttons).toEqual(['Reload', 'Quit', 'Wait'])
    dialog.shown[0].answer(1)
    await settle()
    expect(quits).toBe(1)
    expect(window.webContents.reloads).toBe(0)
  })

  it('closes the question by itself when the page answers again, and leaves the page as it is', async () => {
    window.emit('unresponsive')
    window.emit('responsive')
    await settle()
    expect(window.webContents.reloads).toBe(0)
    // A later hang asks again.
    window.emit('unresponsive')
    expect(dialog.shown).toHaveLength(2)
  })
})
