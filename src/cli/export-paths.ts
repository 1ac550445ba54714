// Where `--export <file>` writes when there are several images: one file per image, next to
// <file>, named "<file stem>-<image stem><ext>", with "-2", "-3"… when two images share a stem.
import { basename, dirname, extname, join } from 'node:path'
import { cutToBytes } from '../shared/names'

/** Longest file name Linux and macOS file systems take, in UTF-8 bytes (Windows allows 255 UTF-16 units: more). */
const MAX_NAME_BYTES = 255

export function exportPaths(target: string, images: readonly string[]): string[] {
  if (images.length === 1) return [target]
  const ext = extname(target)
  const stem = basename(target, ext)
  const dir = dirname(target)
  const used = new Set<string>()
  return images.map((image) => {
    const imageStem = basename(image, extname(image))
    // The image's part gives way to a long name, so that the stem, the number and the extension are kept.
    const named = (suffix: string) => `${stem}-${cutToBytes(imageStem, MAX_NAME_BYTES - byteLength(`${stem}-${suffix}${ext}`))}${suffix}`
    let name = named('')
    for (let n = 2; used.has(name.toLowerCase()); n++) name = named(`-${n}`)
    used.add(name.toLowerCase()) // case-insensitive: macOS and Windows file systems are
    return join(dir, name + ext)
  })
}

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8')
