// The one list of the image and film files the app knows, by extension. The open dialogs, the
// folder walks, the page's drop check, the MIME types main serves files with, the packaged file
// associations and the batch's empty-folder sentence all derive from it.

/**
 * Largest image the app takes whole as bytes: given over IPC (a drop or paste without a path), or
 * a file whose name opens only as bytes (not valid UTF-8: see engine/raw-path.ts).
 */
export const MAX_IMAGE_BYTES = 256 * 1024 * 1024

interface MediaType {
  /** Lower case, without the dot. */
  extension: string
  mime: string
  /** The format's name for a designer; extensions of one format share it ("JPEG" for jpg and jpeg). */
  name: string
  /** Whether a folder batch (and the command line's folder walk) reads it: every image, no film. */
  batch: boolean
}

const image = (extension: string, mime: string, name: string): MediaType => ({ extension, mime, name, batch: true })

/** In the order the batch's sentence names them. */
export const IMAGE_TYPES: readonly MediaType[] = [
  image('jpg', 'image/jpeg', 'JPEG'),
  image('jpeg', 'image/jpeg', 'JPEG'),
  image('png', 'image/png', 'PNG'),
  image('webp', 'image/webp', 'WebP'),
  image('avif', 'image/avif', 'AVIF'),
  image('tif', 'image/tiff', 'TIFF'),
  image('tiff', 'image/tiff', 'TIFF'),
  image('gif', 'image/gif', 'GIF'),
  image('bmp', 'image/bmp', 'BMP'),
  image('heic', 'image/heic', 'HEIF'),
  image('heif', 'image/heif', 'HEIF')
]

export const VIDEO_TYPES: readonly MediaType[] = [
  { extension: 'mp4', mime: 'video/mp4', name: 'MP4', batch: false },
  { extension: 'm4v', mime: 'video/mp4', name: 'MP4', batch: false },
  { extension: 'webm', mime: 'video/webm', name: 'WebM', batch: false },
  { extension: 'mov', mime: 'video/quicktime', name: 'QuickTime', batch: false },
  { extension: 'mkv', mime: 'video/x-matroska', name: 'Matroska', batch: false }
]

/**
 * Films the command line also reads, through ffmpeg, which the app's player (Chromium's <video>)
 * does not play: the app neither offers nor opens them, so they stay out of VIDEO_TYPES.
 */
export const FFMPEG_ONLY_FILM_EXTENSIONS: readonly string[] = ['avi', 'mpg', 'mpeg', 'ts', 'mts', 'm2ts', '3gp', 'wmv', 'flv', 'ogv', 'vob']

export const IMAGE_EXTENSIONS: readonly string[] = IMAGE_TYPES.map((t) => t.extension)
export const VIDEO_EXTENSIONS: readonly string[] = VIDEO_TYPES.map((t) => t.extension)
/** The images a folder batch reads. */
export const BATCH_TYPES: readonly MediaType[] = IMAGE_TYPES.filter((t) => t.batch)

/** The extension of a file name or path, lower case and without the dot; as node's extname, a hidden file's name (".jpg") has none. */
function extensionOf(path: string): string {
  const name = path.replace(/^.*[\\/]/, '')
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}

/** The type of a file by its name's extension, if it is one of `types`. */
export function typeOf(types: readonly MediaType[], name: string): MediaType | undefined {
  const extension = extensionOf(name)
  return types.find((t) => t.extension === extension)
}

/** "JPEG, PNG and GIF": each format's name once, in the list's order. */
export function formatNames(types: readonly MediaType[]): string {
  const names = [...new Set(types.map((t) => t.name))]
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '')
}
