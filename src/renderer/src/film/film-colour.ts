// Which films Chromium decodes with the wrong colours, from their own tags. An H.264 film that
// names its matrix or range but not its primaries or transfer has both ignored: Chromium decodes it
// as BT.601 limited range (docs/decoding.md, "Film colour"). Its frames are then converted here,
// with the tags the file gives (its MP4 `colr` box, else its H.264 SPS), as ffmpeg converts them.
import type { YuvColour } from './yuv'

/**
 * The conversion the film with these tags needs that Chromium would not do, or null when Chromium
 * decodes it as its tags say: fully tagged, or partly tagged as BT.601 limited range (what it assumes).
 */
export function ownConversion(tags: VideoColorSpaceInit): YuvColour | null {
  const partial = !tags.primaries || !tags.transfer
  const bt709 = tags.matrix === 'bt709'
  if (!partial || !(bt709 || tags.fullRange)) return null
  // An unnamed matrix is BT.601, as ffmpeg (and Chromium) take it.
  return { matrix: bt709 ? 'bt709' : 'bt601', fullRange: tags.fullRange === true }
}

/** The parts of mediabunny that read a film's colour tags. */
type TagsReader = Pick<typeof import('mediabunny'), 'BlobSource' | 'Input' | 'MP4' | 'QTFF' | 'UrlSource'>

// Loaded with the first film, not with the window: its MP4 reader is a third of the page's code.
const loadMediabunny = (): Promise<TagsReader> => import('mediabunny')

/**
 * The conversion a film needs (see ownConversion), read from its header once per film opened: by
 * its URL, or for a film dropped from memory by its bytes (a blob: URL is not for fetch, which the
 * content security policy keeps to the app's own URLs). Null for a film Chromium decodes right, one
 * that is not MP4 or MOV (WebM's tags are honoured), or one whose header cannot be read here (the
 * player then reports what is wrong). Null too when the reader itself (`loadReader`) fails to load.
 */
export async function filmConversion(film: string | Blob, loadReader: () => Promise<TagsReader> = loadMediabunny): Promise<YuvColour | null> {
  try {
    return await readConversion(film, await loadReader())
  } catch {
    // The reader did not load, or the header is not one it reads: Chromium's colours, as before.
    return null
  }
}

async function readConversion(film: string | Blob, { BlobSource, Input, MP4, QTFF, UrlSource }: TagsReader): Promise<YuvColour | null> {
  // No retries: the app's own file either reads or does not, and mediabunny's default retries a
  // failed fetch for ever, which would hold every frame taken of this film. A read ahead that fails
  // once the tags are read is nothing to report.
  const options = { getRetryDelay: () => null, handleUnhandledError: () => {} }
  const source = typeof film === 'string' ? new UrlSource(film, options) : new BlobSource(film)
  const input = new Input({ formats: [MP4, QTFF], source })
  try {
    const track = await input.getPrimaryVideoTrack()
    if (!track || track.codec !== 'avc') return null
    return ownConversion(await track.getColorSpace())
  } finally {
    input.dispose()
  }
}
