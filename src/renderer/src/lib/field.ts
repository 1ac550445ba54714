// Fields that commit their text on change. Svelte writes a field only when the value it shows
// changes, so text the app refused, or that changed nothing (R = 300 on a red already at 255, a
// blank name), would stay in the field as if it had been taken.

import { flushSync } from 'svelte'

/** Commits the field's text, then shows what the app kept. */
export function commitField(input: HTMLInputElement, commit: (text: string) => void, kept: () => string): void {
  commit(input.value)
  flushSync() // props passed down (a swatch in a list) catch up with the commit before `kept` reads them
  input.value = kept()
}
