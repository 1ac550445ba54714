// The menu's keyboard shortcuts, by command: the menu (main/menu.ts) installs them, and the
// renderer's tooltips name them, so that a tooltip never names a key the menu does not have.
import type { MENU_COMMANDS } from './ipc-contract'

type CommandName = (typeof MENU_COMMANDS)[number]

/** Electron accelerators: CmdOrCtrl is Cmd on a Mac, Ctrl elsewhere (keyLabel in the renderer). */
export const ACCELERATORS = {
  'open-image': 'CmdOrCtrl+O',
  'open-video': 'CmdOrCtrl+Shift+O',
  'save-project': 'CmdOrCtrl+S',
  'save-project-as': 'CmdOrCtrl+Shift+S',
  'export-ase': 'CmdOrCtrl+E',
  'export-gpl': 'CmdOrCtrl+Shift+E',
  undo: 'CmdOrCtrl+Z',
  // Undo's pair, as in Adobe's apps (the menu adds Ctrl+Y off the Mac).
  redo: 'CmdOrCtrl+Shift+Z',
  'copy-palette': 'CmdOrCtrl+Shift+C',
  // The three views in the order of their tabs, by number as in a browser's tabs.
  'show-image': 'CmdOrCtrl+1',
  compare: 'CmdOrCtrl+2',
  'show-film': 'CmdOrCtrl+3',
  // B for board: Ctrl+2 shows the board, Ctrl+B puts the image on it.
  'add-to-board': 'CmdOrCtrl+B'
} as const satisfies Partial<Record<CommandName, string>>

/** The shortcut of a menu command, where it has one. */
export function acceleratorOf(command: CommandName): string | undefined {
  const all: Partial<Record<CommandName, string>> = ACCELERATORS
  return all[command]
}
