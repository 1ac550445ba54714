// The menu's commands reach the renderer, with the shortcuts a designer expects.
import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { AppMenu, INITIAL_MENU_STATE, menuTemplate, type MenuModel } from '../../src/main/menu'
import type { MenuCommand, RecentItem } from '../../src/shared/ipc-contract'
import { ACCELERATORS } from '../../src/shared/shortcuts'

function model(overrides: Partial<MenuModel> = {}): { model: MenuModel; sent: MenuCommand[] } {
  const sent: MenuCommand[] = []
  return {
    sent,
    model: {
      platform: 'linux',
      appName: 'Palette Studio',
      recent: [],
      state: INITIAL_MENU_STATE,
      dev: false,
      useGpu: true,
      send: (c) => sent.push(c),
      clearRecent: () => {},
      setUseGpu: () => {},
      ...overrides
    }
  }
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])])
}
const find = (items: MenuItemConstructorOptions[], label: string) => flatten(items).find((i) => i.label === label)
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as () => void)()

describe('menu', () => {
  it.each([
    ['Open Image…', 'CmdOrCtrl+O', 'open-image'],
    ['Export ASE…', 'CmdOrCtrl+E', 'export-ase'],
    ['Export GPL…', 'CmdOrCtrl+Shift+E', 'export-gpl'],
    ['Copy Palette', 'CmdOrCtrl+Shift+C', 'copy-palette'],
    ['Save Board As…', 'CmdOrCtrl+Shift+S', 'save-project-as'],
    ['Import Swatches…', undefined, 'import-swatches'],
    ['Export JSON…', undefined, 'export-json'],
    ['Export CSS…', undefined, 'export-css'],
    ['Undo', 'CmdOrCtrl+Z', 'undo'],
    ['Redo', 'CmdOrCtrl+Shift+Z', 'redo'],
    ['Image', 'CmdOrCtrl+1', 'show-image'],
    ['Compare Board', 'CmdOrCtrl+2', 'compare'],
    ['Film', 'CmdOrCtrl+3', 'show-film'],
    ['Add Image to Board', 'CmdOrCtrl+B', 'add-to-board']
  ])('%s (%s) sends %s to the renderer', (label, accelerator, command) => {
    const { model: m, sent } = model()
    const item = find(menuTemplate(m), label)
    expect(item?.accelerator).toBe(accelerator)
    click(item)
    expect(sent).toEqual([{ command }])
  })

  it('has an item for every shortcut the tooltips name, sending its command, on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      for (const [command, accelerator] of Object.entries(ACCELERATORS)) {
        const { model: m, sent } = model({ platform })
        const item = flatten(menuTemplate(m)).find((i) => i.accelerator === accelerator)
        expect(item, `${platform} ${accelerator}`).toBeDefined()
        click(item)
        expect(sent, `${platform} ${accelerator}`).toEqual([{ command }])
      }
    }
  })

  it('gives no two items the same shortcut, on any platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const accelerators = flatten(menuTemplate(model({ platform }).model)).flatMap((i) => (i.accelerator ? [i.accelerator] : []))
      expect(accelerators.length, platform).toBeGreaterThan(10)
      expect(new Set(accelerators).size, platform).toBe(accelerators.length)
    }
  })

  it('View › Use GPU is a checkbox showing the setting, and unticking it turns the GPU off', () => {
    const changes: boolean[] = []
    const item = find(menuTemplate(model({ useGpu: true, setUseGpu: (on) => changes.push(on) }).model), 'Use GPU')
    expect(item).toMatchObject({ type: 'checkbox', checked: true })
    ;(item?.click as (menuItem: { checked: boolean }) => void)({ checked: false })
    expect(changes).toEqual([false])
    expect(find(menuTemplate(model({ useGpu: false }).model), 'Use GPU')?.checked).toBe(false)
  })

  it('exports, copy, undo, redo and adding the image to the board are disabled until the renderer has something for them', () => {
    const off = menuTemplate(model().model)
    const labels = ['Export ASE…', 'Export GPL…', 'Export JSON…', 'Export CSS…', 'Copy Palette', 'Undo', 'Redo', 'Add Image to Board']
    for (const label of labels) expect(find(off, label)?.enabled, label).toBe(false)
    const on = menuTemplate(model({ state: { canExport: true, canUndo: true, canRedo: true, canAddToBoard: true } }).model)
    for (const label of labels) expect(find(on, label)?.enabled, label).toBe(true)
  })

  it('Redo shows Ctrl+Shift+Z on Windows and Linux, and Ctrl+Y still redoes through a hidden twin', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const { model: m, sent } = model({ platform, state: { ...INITIAL_MENU_STATE, canRedo: true } })
      const redos = flatten(menuTemplate(m)).filter((i) => i.label === 'Redo')
      expect(redos.filter((i) => i.visible !== false).map((i) => i.accelerator), platform).toEqual(['CmdOrCtrl+Shift+Z'])
      const twin = redos.find((i) => i.accelerator === 'Ctrl+Y')
      expect(twin, platform).toMatchObject({ visible: false, enabled: true })
      click(twin)
      expect(sent).toEqual([{ command: 'redo' }])
    }
  })

  it('Open Recent lists the recent files and opens the one clicked', () => {
    const item: RecentItem = { path: '/photos/Fish & Chips.jpg', name: 'Fish & Chips.jpg', kind: 'image', openedAt: 1 }
    const { model: m, sent } = model({ recent: [item] })
    const entry = find(menuTemplate(m), 'Fish && Chips.jpg')
    click(entry)
    expect(sent).toEqual([{ command: 'open-recent', item }])
  })

  it('macOS gets the app menu and Cmd+Shift+Z for redo', () => {
    const template = menuTemplate(model({ platform: 'darwin' }).model)
    expect(template[0].label).toBe('Palette Studio')
    expect(flatten(template).filter((i) => i.label === 'Redo').map((i) => i.accelerator)).toEqual(['CmdOrCtrl+Shift+Z'])
  })

  it('rebuilds only when the state really changes', () => {
    const installs: unknown[] = []
    const menu = new AppMenu(model().model, (t) => installs.push(t))
    menu.setState(INITIAL_MENU_STATE)
    menu.setState({ ...INITIAL_MENU_STATE, canExport: true })
    expect(installs).toHaveLength(2)
  })
})
