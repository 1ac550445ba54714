// The contract's export verb done by main's real handler into a temporary folder, so that
// renderer tests read back what a designer gets: the written files and the names suggested.
// Requests go through dispatch, so one the contract refuses fails here as it does in the app.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSwatchFile, type SwatchFile } from '../../src/main/formats'
import { dispatch } from '../../src/main/handlers/dispatch'
import { exportPalette } from '../../src/main/handlers/export'
import type { Dialogs } from '../../src/main/handlers/services'
import type { PaletteStudioApi, ResponseOf, Result } from '../../src/shared/ipc-contract'

interface DiskExport {
  /** For the fake api: answers as main does, writing into the folder. */
  exportPalette: PaletteStudioApi['exportPalette']
  /** The names the save dialog suggested, in order (the user takes each as it is). */
  suggested: string[]
  /** The folder the files go to. */
  dir: string
  /** The file of that name in the folder. */
  read(name: string): Promise<SwatchFile>
  remove(): Promise<void>
}

export async function diskExport(): Promise<DiskExport> {
  const dir = await mkdtemp(join(tmpdir(), 'renderer-export-'))
  const suggested: string[] = []
  const dialogs: Dialogs = {
    openImages: async () => [],
    openVideo: async () => null,
    openFolder: async () => dir,
    openFile: async () => null,
    saveFile: async (_title, name) => (suggested.push(name), join(dir, name)),
    confirmReplace: async () => true
  }
  return {
    exportPalette: async (request) =>
      (await dispatch({ exportPalette: (r: never) => exportPalette(dialogs, r) } as never, 'exportPalette', request)) as Result<ResponseOf<'exportPalette'>>,
    suggested,
    dir,
    read: (name) => loadSwatchFile(join(dir, name)),
    remove: () => rm(dir, { recursive: true, force: true })
  }
}
