// Turn the command line's files and folders into the list of images to process.
import type { Stats } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { folderProblem, listImageFiles, type FoundImage, type ListOptions } from '../main/engine/image-files'
import { type FolderNames, rawPath } from '../main/engine/raw-path'
import { isVideoName } from './run-film'
import { STDIN_NAME } from './stdin'

export { IMAGE_EXTENSIONS } from '../main/engine/image-files'

interface FoundImages {
  /** In command-line order; each folder's images sorted by path. No file twice. */
  files: string[]
  /** Inputs (and subfolders) that gave nothing to process, with a line that says why. */
  problems: { input: string; message: string }[]
}

/** `options.readdir` stands in for the folder reader in tests; `options.names` is the run's folder listings (raw-path.ts). */
export async function findImages(inputs: readonly string[], options: Pick<ListOptions, 'readdir' | 'names'> = {}): Promise<FoundImages> {
  const found: FoundImages = { files: [], problems: [] }
  const seen = new Set<string>()
  const add = async (file: string) => {
    const key = await fileKey(file, options.names)
    if (!seen.has(key)) {
      seen.add(key)
      found.files.push(file)
    }
  }
  // An unreadable subfolder is one problem line; the rest of its folder still goes ahead.
  const onSkippedFolder = ({ folder, message }: { folder: string; message: string }) => found.problems.push({ input: folder, message })
  for (const input of inputs) {
    // "-" is standard input, even where a folder has that name (./- names it).
    const info = input === STDIN_NAME ? undefined : await stat(await rawPath(input, options.names)).catch(() => undefined)
    const notAFile = info && notAFileProblem(input, info)
    if (notAFile) {
      found.problems.push({ input, message: notAFile })
      continue
    }
    if (!info?.isDirectory()) {
      // Missing or unreadable files go to the engine, whose error says it in a designer's words.
      await add(input)
      continue
    }
    const problemsBefore = found.problems.length
    let images: FoundImage[]
    try {
      images = await listImageFiles(input, { ...options, onSkippedFolder })
    } catch (error) {
      found.problems.push({ input, message: folderProblem(error) })
      continue
    }
    // A folder whose only images sit in unreadable subfolders already has its problem lines, and
    // so does one whose images cannot be opened (links to a drive not plugged in).
    const skippedSome = found.problems.length > problemsBefore
    if (images.length === 0 && !skippedSome) found.problems.push({ input, message: await noImagesMessage(input, options) })
    for (const { file, problem } of images) {
      if (problem === undefined) await add(file)
      else found.problems.push({ input: file, message: problem })
    }
  }
  return found
}

/**
 * What makes two inputs one file: its real path, so that a folder reached through two links
 * (`sub/loopdir` and `sub/deeper/up`, both leading to `sub`) gives each image once; the path as
 * written when there is none (a missing file). "-" is standard input, not the file ./-.
 */
async function fileKey(file: string, names?: FolderNames): Promise<string> {
  if (file === STDIN_NAME) return file
  try {
    return await realpath(await rawPath(file, names))
  } catch {
    return resolve(file)
  }
}

/**
 * `extract <(cat photo.jpg)` and `cat photo.jpg | extract /dev/stdin` name a pipe: the engine
 * reads only files, so point to "-", which reads one. Named as typed (/dev/fd/63, not "63").
 */
function notAFileProblem(input: string, info: Stats): string | undefined {
  const what = info.isFIFO() || info.isSocket() ? 'a pipe' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : undefined
  if (!what) return undefined
  return `“${input}” is ${what}, not a file: to read an image piped in, name "-" instead, as in: cat photo.jpg | palette-studio extract -`
}

/**
 * A folder is searched for images only: one that holds films (a folder of clips) is told how
 * they are read, rather than left to think that films are not read at all.
 */
async function noImagesMessage(folder: string, options: Pick<ListOptions, 'names'>): Promise<string> {
  const names = await readdir(await rawPath(folder, options.names)).catch(() => [])
  const films = names.filter((name) => !name.startsWith('.') && isVideoName(name)).sort()
  if (films.length === 0) return 'No images found in this folder.'
  const which = films.length === 1 ? 'Its film is' : `Its ${films.length} films are`
  return `No images found in this folder. ${which} read only when named, not from a folder, as in: palette-studio extract ${join(folder, films[0])}`
}
