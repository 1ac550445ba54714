// The app's few preferences, kept in a small JSON file in the app's data folder.
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { writeFileAtomic } from './formats/atomic-write'
import { WindowPlaceSchema } from './window-place'

// Loose, and each field falls back on its own: a newer version's settings are kept when this one
// writes the file, and one damaged value does not reset the others.
const SettingsSchema = z.looseObject({
  /** Run the backbone on the GPU when there is one (View › Use GPU); off: the CPU only. */
  useGpu: z.boolean().catch(true),
  /** Where the window was when last moved, resized or closed; none before the first time. */
  window: WindowPlaceSchema.optional().catch(undefined)
})
type Settings = z.infer<typeof SettingsSchema>
const DEFAULTS: Settings = SettingsSchema.parse({})

export class SettingsStore {
  private current: Settings = DEFAULTS
  private writing: Promise<void> = Promise.resolve()

  constructor(private readonly file: string) {}

  /** Reads the file; a missing or damaged one gives the defaults rather than blocking the start. */
  async load(): Promise<Settings> {
    try {
      this.current = SettingsSchema.parse(JSON.parse(await readFile(this.file, 'utf8')))
    } catch {
      this.current = DEFAULTS
    }
    return this.current
  }

  get(): Settings {
    return this.current
  }

  /** Takes effect at once; the write is atomic, and a failed one only loses the remembering. */
  async set(change: Partial<Settings>): Promise<void> {
    this.current = { ...this.current, ...change }
    // One write at a time, each of the settings as they are when it starts: an earlier, slower
    // write must not land last with older settings.
    const write = this.writing.then(() => writeFileAtomic(this.file, JSON.stringify(this.current, null, 2)))
    this.writing = write.catch(() => {})
    await write
  }

  /** Resolves once every write asked for so far has ended (the app waits for it to quit). */
  settled(): Promise<void> {
    return this.writing
  }
}
