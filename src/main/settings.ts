// The app's few preferences, kept in a small JSON file in the app's data folder.
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { writeFileAtomic } from './formats/atomic-write'

// Loose, and each field falls back on its own: a newer version's settings are kept when this one
// writes the file, and one damaged value does not reset the others.
const SettingsSchema = z.looseObject({
  /** Run the backbone on the GPU when there is one (View › Use GPU); off: the CPU only. */
  useGpu: z.boolean().catch(true)
})
export type Settings = z.infer<typeof SettingsSchema>
const DEFAULTS: Settings = SettingsSchema.parse({})

export class SettingsStore {
  private current: Settings = DEFAULTS

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
    await writeFileAtomic(this.file, JSON.stringify(this.current, null, 2))
  }
}
