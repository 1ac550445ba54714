// The application menu. Every command the renderer acts on is sent to it as a `onMenu` event
// (the contract's MenuCommand); the template is built by a pure function so it can be tested.
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand, RecentItem } from '../shared/ipc-contract'
import { acceleratorOf } from '../shared/shortcuts'
import type { MenuState } from './handlers/services'

export interface MenuModel {
  platform: NodeJS.Platform
  appName: string
  recent: RecentItem[]
  state: MenuState
  dev: boolean
  /** Whether the neural backbone may run on the GPU (View › Use GPU). */
  useGpu: boolean
  send: (command: MenuCommand) => void
  clearRecent: () => void
  setUseGpu: (on: boolean) => void
}

export const INITIAL_MENU_STATE: MenuState = { canExport: false, canUndo: false, canRedo: false, canAddToBoard: false }

export function menuTemplate(model: MenuModel): MenuItemConstructorOptions[] {
  const mac = model.platform === 'darwin'
  const { send, state } = model
  /** A menu item sending `name`, with its shortcut from the shared table (`extra` may set another). */
  const command = (label: string, name: Exclude<MenuCommand, { command: 'open-recent' }>['command'], extra: MenuItemConstructorOptions = {}) => {
    const accelerator = acceleratorOf(name)
    return { label, click: () => send({ command: name }), ...(accelerator && { accelerator }), ...extra }
  }

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      command('Open Image…', 'open-image'),
      command('Open Video…', 'open-video'),
      command('Open Folder…', 'open-folder'),
      { label: 'Open Recent', id: 'open-recent', submenu: recentSubmenu(model) },
      { type: 'separator' },
      command('Open Board…', 'open-project'),
      command('Save Board…', 'save-project'),
      command('Save Board As…', 'save-project-as'),
      { type: 'separator' },
      command('Import Swatches…', 'import-swatches'),
      command('Export ASE…', 'export-ase', { enabled: state.canExport }),
      command('Export GPL…', 'export-gpl', { enabled: state.canExport }),
      command('Export JSON…', 'export-json', { enabled: state.canExport }),
      command('Export CSS…', 'export-css', { enabled: state.canExport }),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' }
    ]
  }

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      // Undo and redo act on the palette's edit history, which lives in the renderer.
      command('Undo', 'undo', { enabled: state.canUndo }),
      // One shortcut shows (Shift+Z, Undo's pair, as in Adobe's apps); the hidden twin keeps
      // Ctrl+Y working on Windows and Linux, where hidden items' accelerators still fire.
      command('Redo', 'redo', { enabled: state.canRedo }),
      ...(mac ? [] : [command('Redo', 'redo', { accelerator: 'Ctrl+Y', enabled: state.canRedo, visible: false })]),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      command('Copy Palette', 'copy-palette', { enabled: state.canExport })
    ]
  }

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      // The three views in the order of their tabs (Ctrl+1, 2, 3).
      command('Image', 'show-image'),
      command('Compare Board', 'compare'),
      command('Film', 'show-film'),
      { type: 'separator' },
      command('Add Image to Board', 'add-to-board', { enabled: state.canAddToBoard }),
      { type: 'separator' },
      // Off: the CPU only, e.g. when a GPU driver misbehaves. The status bar shows which ran.
      { label: 'Use GPU', type: 'checkbox', checked: model.useGpu, click: (item) => model.setUseGpu(item.checked) },
      { type: 'separator' },
      ...(model.dev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' }
    ]
  }

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: model.appName,
          submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }]
        }
      ]
    : []

  return [...appMenu, file, edit, view, { role: 'windowMenu' }]
}

function recentSubmenu(model: MenuModel): MenuItemConstructorOptions[] {
  if (model.recent.length === 0) return [{ label: 'No Recent Files', enabled: false }]
  return [
    ...model.recent.map((item) => ({
      label: item.name.replace(/&/g, '&&'), // '&' marks a mnemonic on Windows and Linux
      sublabel: item.path,
      click: () => model.send({ command: 'open-recent', item })
    })),
    { type: 'separator' },
    { label: 'Clear Recent', click: model.clearRecent }
  ]
}

/** The installed menu: rebuilt when Open Recent or the renderer's state changes. */
export class AppMenu {
  private model: MenuModel

  constructor(
    model: Omit<MenuModel, 'recent' | 'state'>,
    private readonly install: (template: MenuItemConstructorOptions[]) => void
  ) {
    this.model = { ...model, recent: [], state: INITIAL_MENU_STATE }
    this.render()
  }

  setRecent(recent: RecentItem[]): void {
    this.model = { ...this.model, recent }
    this.render()
  }

  setUseGpu(useGpu: boolean): void {
    this.model = { ...this.model, useGpu }
    this.render()
  }

  setState(state: MenuState): void {
    const same = Object.entries(state).every(([key, value]) => this.model.state[key as keyof MenuState] === value)
    if (same) return
    this.model = { ...this.model, state }
    this.render()
  }

  private render(): void {
    this.install(menuTemplate(this.model))
  }
}
