// Where `--export <file>` writes when there are several images: one file per image, next to
// <file>, named "<file stem>-<image stem><ext>", with "-2", "-3"… when two images share a stem.
import { basename, dirname, extname, join } from 'node:path'

export function exportPaths(target: string, images: readonly string[]): string[] {
  if (images.length === 1) return [target]
  const ext = extname(target)
  const stem = basename(target, ext)
  const dir = dirname(target)
  const used = new Set<string>()
  return images.map((image) => {
    const base = `${stem}-${basename(image, extname(image))}`
    let name = base
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}-${n}`
    used.add(name.toLowerCase()) // case-insensitive: macOS and Windows file systems are
    return join(dir, name + ext)
  })
}
