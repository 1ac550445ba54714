// The one "Copy as" choice of the window: the Image view's Copy and Copy Palette and the compare
// board's copies all write the format chosen in the Image view's picker, remembered across restarts.
import { loadCopyFormat, saveCopyFormat, type CopyFormat, type PreferenceStore } from './copy-format'

export class CopyChoice {
  format = $state<CopyFormat>('hex')

  /** `storage`: where the choice is remembered (the page's localStorage in the app). */
  constructor(private readonly storage?: PreferenceStore) {
    this.format = loadCopyFormat(storage)
  }

  choose(format: CopyFormat): void {
    this.format = format
    saveCopyFormat(this.storage, format)
  }
}
