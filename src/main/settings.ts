// The app's few preferences, kept in a small JSON file in the app's data folder.
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { keepDamaged } from './damaged-file'
import { writeFileAtomic } from './formats/atomic-write'
import { WindowPlaceSchema } from './window-place'

// Loose, and each field falls back on its own: a newer version's settings are kept when this one
// writes the file, and one damaged value does not reset the others.
const SettingsSchema = z.looseObject({
  /** Run the backbone on the GPU when there is one (View › Use GPU); off: the CPU only. */
  useGpu: z.boolean().catch(true),
  /** Where the window was when last moved, resized or closed; none before the first time. */
  window: WindowPlaceSchema.optional().catch(undefined),
  /** The folder the last save went to, where the next save dialog opens; none before the first. */
  saveFolder: z.string().optional().catch(undefined)
})
type Settings = z.infer<typeof SettingsSchema>
const DEFAULTS: Settings = SettingsSchema.parse({})

export class SettingsStore {
  private current: Settings = DEFAULTS
  private writing: Promise<void> = Promise.resolve()
  /** The contents of a file that could not be read, kept aside before the first write replaces it. */
  private damaged: string | undefined

  constructor(
    private readonly file: string,
    private readonly log: (message: string) => void = console.error
  ) {}

  /** Reads the file; a missing or damaged one gives the defaults rather than blocking the start. */
  async load(): Promise<Settings> {
    this.current = DEFAULTS
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch {
      return this.current // first start
    }
    try {
      this.current = SettingsSchema.parse(JSON.parse(text))
    } catch {
      this.damaged = text
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
    const write = this.writing.then(async () => {
      await this.keepDamaged()
      await writeFileAtomic(this.file, JSON.stringify(this.current, null, 2))
    })
    this.writing = write.catch(() => {})
    await write
  }

  /** Until the damaged file is kept aside, it is not replaced (the write fails, and is tried again). */
  private async keepDamaged(): Promise<void> {
    if (this.damaged === undefined) return
    const kept = await keepDamaged(this.file, this.damaged)
    this.damaged = undefined
    this.log(`settings: ${this.file} could not be read, so the defaults were used; it is kept as ${kept}`)
  }

  /** Resolves once every write asked for so far has ended (the app waits for it to quit). */
  settled(): Promise<void> {
    return this.writing
  }
}
