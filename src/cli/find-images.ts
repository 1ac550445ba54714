// Turn the command line's files and folders into the list of images to process.
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { listImageFiles } from '../main/engine/image-files'

export { IMAGE_EXTENSIONS } from '../main/engine/image-files'

export interface FoundImages {
  /** In command-line order; each folder's images sorted by path. No file twice. */
  files: string[]
  /** Inputs that gave nothing to process, with a line that says why. */
  problems: { input: string; message: string }[]
}

export async function findImages(inputs: readonly string[]): Promise<FoundImages> {
  const found: FoundImages = { files: [], problems: [] }
  const seen = new Set<string>()
  const add = (file: string) => {
    const key = resolve(file)
    if (!seen.has(key)) {
      seen.add(key)
      found.files.push(file)
    }
  }
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined)
    if (!info?.isDirectory()) {
      // Missing or unreadable files go to the engine, whose error says it in a designer's words.
      add(input)
      continue
    }
    const images = await listImageFiles(input)
    if (images.length === 0) found.problems.push({ input, message: 'No images found in this folder.' })
    images.forEach(add)
  }
  return found
}
