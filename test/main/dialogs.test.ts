// The native save dialog opens where the last save went, and the replace question counts the files.
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const shown = { save: [] as { defaultPath?: string }[], messages: [] as { message?: string; detail?: string }[] }
let saveAnswer: { canceled: boolean; filePath?: string } = { canceled: true }
vi.mock('electron', () => ({
  dialog: {
    showSaveDialog: async (options: { defaultPath?: string }) => (shown.save.push(options), saveAnswer),
    showMessageBox: async (options: { message?: string; detail?: string }) => (shown.messages.push(options), { response: 0 })
  }
}))
const { nativeDialogs } = await import('../../src/main/dialogs')

beforeEach(() => {
  shown.save.length = 0
  shown.messages.length = 0
})

describe('native dialogs', () => {
  it('the save dialog opens in the folder of the last save, not wherever the app was started', async () => {
    const dialogs = nativeDialogs(() => null)
    const filters = [{ name: 'GIMP Palette', extensions: ['gpl'] }]
    saveAnswer = { canceled: false, filePath: join('/work', 'exports', 'sunset.gpl') }
    expect(await dialogs.saveFile('Export GPL', 'sunset.gpl', filters)).toBe(join('/work', 'exports', 'sunset.gpl'))
    saveAnswer = { canceled: true }
    expect(await dialogs.saveFile('Export GPL', 'sea.gpl', filters)).toBeNull()
    expect(shown.save.map((o) => o.defaultPath)).toEqual(['sunset.gpl', join('/work', 'exports', 'sea.gpl')])
  })

  it('asking to replace several files in a folder names the first and counts the others', async () => {
    const dialogs = nativeDialogs(() => null)
    expect(await dialogs.confirmReplace(join('/work', 'exports', 'board-sea.gpl'), 2)).toBe(true)
    expect(await dialogs.confirmReplace(join('/work', 'exports', 'board-sea.gpl'))).toBe(true)
    expect(shown.messages.map((m) => m.message)).toEqual([
      '"board-sea.gpl" and 2 other files already exist. Do you want to replace them?',
      '"board-sea.gpl" already exists. Do you want to replace it?'
    ])
    expect(shown.messages[0].detail).toBe('Files with the same names already exist in "exports". Replacing them will overwrite their contents.')
  })
})
