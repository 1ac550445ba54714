// Turn the command line's files and folders into the list of images to process.
import { readdir, stat } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'

/** What a folder walk picks up. Files named on the command line are tried whatever they end in. */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.avif', '.tif', '.tiff', '.gif', '.heic', '.heif'] as const

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
    const images = await walk(input)
    if (images.length === 0) found.problems.push({ input, message: 'No images found in this folder.' })
    images.forEach(add)
  }
  return found
}

/** Recursive, sorted, skipping hidden entries; symbolic links to folders are not followed (no cycles). */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const out: string[] = []
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await walk(path)))
    else if (isImageName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path))))) out.push(path)
  }
  return out
}

function isImageName(name: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase())
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false
}
