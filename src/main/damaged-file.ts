// The app's own small files (settings, Open Recent) start over from the defaults when they cannot
// be read, and the next save replaces them: what they held (Use GPU off, say) is first kept aside,
// so that it can still be recovered by hand.
import { randomBytes } from 'node:crypto'
import { link, rm, writeFile } from 'node:fs/promises'

/**
 * Keeps `text`, the unreadable contents of `file`, as `file.damaged` (`file.damaged-2`, … when an
 * earlier copy is there: never over it), whole or not at all; where it was kept.
 */
export async function keepDamaged(file: string, text: string): Promise<string> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(temp, text, { flag: 'wx' })
  try {
    for (let n = 1; ; n++) {
      const kept = n === 1 ? `${file}.damaged` : `${file}.damaged-${n}`
      // A hard link appears complete or not at all, and fails where the name is taken.
      if (await linked(temp, kept)) return kept
    }
  } finally {
    await rm(temp, { force: true })
  }
}

async function linked(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}
