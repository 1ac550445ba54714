// The native save dialog opens where the last save went (else in a folder of the user's), and the
// replace question counts the files.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SaveFolders } from '../../src/main/dialogs'

const shown = { save: [] as { defaultPath?: string }[], open: [] as { defaultPath?: string }[], messages: [] as { message?: string; detail?: string }[] }
let saveAnswer: { canceled: boolean; filePath?: string } = { canceled: true }
let openAnswer: { canceled: boolean; filePaths: string[] } = { canceled: true, filePaths: [] }
vi.mock('electron', () => ({
  dialog: {
    showSaveDialog: async (options: { defaultPath?: string }) => (shown.save.push(options), saveAnswer),
    showOpenDialog: async (options: { defaultPath?: string }) => (shown.open.push(options), openAnswer),
    showMessageBox: async (options: { message?: string; detail?: string }) => (shown.messages.push(options), { response: 0 })
  }
}))
const { nativeDialogs } = await import('../../src/main/dialogs')

let home: string
beforeEach(async () => {
  shown.save.length = 0
  shown.open.length = 0
  shown.messages.length = 0
  home = await mkdtemp(join(tmpdir(), 'dialogs-'))
  await mkdir(join(home, 'Pictures'))
})
afterEach(() => rm(home, { recursive: true, force: true }))

/** Save folders as main keeps them (in its settings): `last` as left by an earlier launch. */
function saveFolders(last?: string): SaveFolders {
  return { last: () => last, remember: (folder) => void (last = folder), defaults: () => [join(home, 'Documents'), join(home, 'Pictures'), home] }
}
const filters = [{ name: 'GIMP Palette', extensions: ['gpl'] }]

describe('native dialogs', () => {
  it('the save dialog opens in the folder of the last save, not wherever the app was started', async () => {
    const folders = saveFolders()
    const dialogs = nativeDialogs(() => null, folders)
    saveAnswer = { canceled: false, filePath: join(home, 'sunset.gpl') }
    expect(await dialogs.saveFile('Export GPL', 'sunset.gpl', filters)).toBe(join(home, 'sunset.gpl'))
    saveAnswer = { canceled: true }
    expect(await dialogs.saveFile('Export GPL', 'sea.gpl', filters)).toBeNull()
    // The next launch, with the folder the settings kept.
    expect(await nativeDialogs(() => null, saveFolders(folders.last())).saveFile('Export GPL', 'sky.gpl', filters)).toBeNull()
    expect(shown.save.map((o) => o.defaultPath)).toEqual([join(home, 'Pictures', 'sunset.gpl'), join(home, 'sea.gpl'), join(home, 'sky.gpl')])
  })

  it('the first save opens in the user’s first folder there is, and so does one whose last folder was removed', async () => {
    saveAnswer = { canceled: true }
    await nativeDialogs(() => null, saveFolders()).saveFile('Export GPL', 'sunset.gpl', filters)
    await nativeDialogs(() => null, saveFolders(join(home, 'USB stick'))).saveFile('Export GPL', 'sunset.gpl', filters)
    await nativeDialogs(() => null, saveFolders('.')).saveFile('Export GPL', 'sunset.gpl', filters)
    expect(shown.save.map((o) => o.defaultPath)).toEqual(Array(3).fill(join(home, 'Pictures', 'sunset.gpl')))
  })

  it('the folder picker for one file per column opens where saves go, and the next save goes to the folder chosen', async () => {
    const folders = saveFolders()
    const dialogs = nativeDialogs(() => null, folders)
    const columns = join(home, 'Columns')
    await mkdir(columns)
    openAnswer = { canceled: false, filePaths: [columns] }
    expect(await dialogs.openFolder('Choose a folder for 3 GPL files', 'save')).toBe(columns)
    saveAnswer = { canceled: true }
    await dialogs.saveFile('Export GPL', 'sunset.gpl', filters)
    openAnswer = { canceled: true, filePaths: [] }
    expect(await dialogs.openFolder('Choose a folder for 3 GPL files', 'save')).toBeNull()
    expect(shown.open.map((o) => o.defaultPath)).toEqual([join(home, 'Pictures'), columns])
    expect(shown.save.map((o) => o.defaultPath)).toEqual([join(columns, 'sunset.gpl')])
  })

  it('a folder of images opened is not where saves go', async () => {
    const folders = saveFolders()
    openAnswer = { canceled: false, filePaths: [home] }
    expect(await nativeDialogs(() => null, folders).openFolder('Open a folder of images')).toBe(home)
    expect(folders.last()).toBeUndefined()
  })

  it('asking to replace several files in a folder names the first and counts the others', async () => {
    const dialogs = nativeDialogs(() => null, saveFolders())
    expect(await dialogs.confirmReplace(join('/work', 'exports', 'board-sea.gpl'), 2)).toBe(true)
    expect(await dialogs.confirmReplace(join('/work', 'exports', 'board-sea.gpl'))).toBe(true)
    expect(shown.messages.map((m) => m.message)).toEqual([
      '"board-sea.gpl" and 2 other files already exist. Do you want to replace them?',
      '"board-sea.gpl" already exists. Do you want to replace it?'
    ])
    expect(shown.messages[0].detail).toBe('Files with the same names already exist in "exports". Replacing them will overwrite their contents.')
  })
})
