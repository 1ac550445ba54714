// Which files in a folder are images: one walk shared by the command line and the batch engine.
import { readdir, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'

/** What a folder walk picks up. Files named on the command line are tried whatever they end in. */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.avif', '.tif', '.tiff', '.gif', '.heic', '.heif'] as const

/** Image files under `dir`: recursive, sorted, skipping hidden entries; links to folders are not followed (no cycles). */
export async function listImageFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const out: string[] = []
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await listImageFiles(path)))
    else if (isImageName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path))))) out.push(path)
  }
  return out
}

export function isImageName(name: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase())
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false
}
