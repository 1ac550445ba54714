// Opening a film in the Film view, for the tests whose subject is what comes after.
import { basename } from 'node:path'
import type { App } from './harness'

/** What the wait below reads of the page (this file is type-checked without the DOM library). */
interface InPage {
  document: { querySelector(selector: string): { readyState: number } | null }
}

/**
 * Opens `path` from the Film view's Open film… button, as the file dialog answers, and returns once
 * the player has loaded it. `discardStrip`: a strip kept nowhere is on show, and the question before
 * it is replaced is answered Discard. `length`: what the time readout must end with ("/ 00:06.0…").
 */
export async function openFilm(app: App, path: string, { length, discardStrip = false }: { length?: RegExp; discardStrip?: boolean } = {}): Promise<void> {
  const { page, bridge } = app
  await page.getByTestId('view-film').click()
  bridge.dialogs.queue('openVideo', path)
  await page.getByTestId('open-video').click()
  if (discardStrip) await page.getByTestId('strip-discard').click()
  // Playwright's waits rather than expect.poll, which a beforeAll cannot call; a function, not a
  // string, to wait on: the app's content security policy forbids eval.
  // Its name first: until it shows, the player on show is the last film's, which may be loaded already.
  await page.getByTestId('film-name').and(page.getByText(basename(path), { exact: true })).waitFor({ timeout: 30_000 })
  // HAVE_METADATA: its length is loaded, so scrubbing, taking frames and making a strip work.
  const loaded = (): boolean => ((globalThis as unknown as InPage).document.querySelector('[data-testid="film-video"]')?.readyState ?? 0) >= 1
  await page.waitForFunction(loaded, undefined, { timeout: 30_000 })
  if (length) await page.getByTestId('film-time').filter({ hasText: length }).waitFor({ timeout: 30_000 })
}
