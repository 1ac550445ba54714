// What the handlers need from the outside world. Electron supplies these in the app
// (src/main/index.ts); the test bridge supplies scripted dialogs and an in-memory clipboard.
import type {
  BatchProgress,
  DisplayCopy,
  DisplaySource,
  EngineStatus,
  ExtractProgress,
  ExtractRequest,
  ExtractResult,
  LaunchFiles,
  RecentItem
} from '../../shared/ipc-contract'
import type { Method } from '../../shared/palette'
import type { PathGrants } from './grants'

export interface FileFilter {
  name: string
  extensions: string[]
}

/** Native dialogs. Every one resolves to null (or []) when the user cancels. */
export interface Dialogs {
  openImages(multiple: boolean): Promise<string[]>
  openVideo(): Promise<string | null>
  /**
   * A folder to open; or, for 'save', one to save files into, which opens and is remembered as
   * saveFile's folder is (an export of one file per column).
   */
  openFolder(title: string, purpose?: 'open' | 'save'): Promise<string | null>
  openFile(title: string, filters: FileFilter[]): Promise<string | null>
  saveFile(title: string, suggestedName: string, filters: FileFilter[]): Promise<string | null>
  /**
   * Whether to replace the existing file at `path`, and the `others` more existing files an export
   * to a folder would write over with it (false when the user declines).
   */
  confirmReplace(path: string, others?: number): Promise<boolean>
}

export interface Engine {
  /** `opens`: the bytes of the path's name when a batch's walk found it not valid UTF-8 (engine/raw-path.ts). */
  extract(request: ExtractRequest, onProgress: (progress: ExtractProgress) => void, opens?: Buffer): Promise<ExtractResult>
  cancel(requestId: string): boolean
  /** A PNG of an image file, for a renderer that cannot decode it (see the contract's displayCopy). */
  displayCopy(source: DisplaySource): Promise<DisplayCopy>
}

export interface Recent {
  list(): Promise<RecentItem[]>
  add(path: string, kind: RecentItem['kind']): Promise<void>
  clear(): Promise<void>
}

/** Files the operating system asked us to open, held until the page is ready (../launch-files.ts). */
export interface Launch {
  take(): Promise<LaunchFiles>
}

/** Hands out URLs under which the renderer may play a video file (only files the user opened). */
export interface MediaUrls {
  urlFor(path: string): string
}

export interface MenuState {
  canExport: boolean
  canUndo: boolean
  canRedo: boolean
  canAddToBoard: boolean
}

export interface ShellServices {
  version: string
  platform: string
  testBridge: boolean
  /** The methods this install can run (neural only when its models are present). */
  methods(): Promise<Method[]>
  dialogs: Dialogs
  engine: Engine
  recent: Recent
  /** The paths the page may name (built on `recent`); drops are granted by the IPC layer. */
  grants: PathGrants
  media: MediaUrls
  launch: Launch
  writeClipboard(text: string): void
  setMenuState(state: MenuState): void
  /** Whether closing the window asks the page first (../window.ts, CloseGuard). */
  askBeforeClose(ask: boolean): void
  /** Closes the window without asking the page again: its user said so. */
  closeWindow(): void
  emitProgress(progress: ExtractProgress): void
  emitEngineStatus?(status: EngineStatus): void
  /** A folder batch finished another file (optional: tests without a window leave it out). */
  emitBatchProgress?(progress: BatchProgress): void
  /** Where the compare board is autosaved (in the app's data folder). */
  autosaveFile: string
  /** Where unexpected failures are logged (console.error by default). */
  log?(detail: unknown): void
}
