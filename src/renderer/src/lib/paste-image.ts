// An image pasted (Ctrl+V, Edit › Paste) where no field takes it: a screenshot, or an image copied
// in a browser or an image editor. It opens as the same image dropped there would.
import { IMAGE_TYPES } from '../../../shared/media-types'
import { readColors } from './color'
import { isImageFile } from './drag'

/** The files a paste carries (Chromium lists a copied bitmap as a file, e.g. "image.png"). */
function filesOf(data: DataTransfer): File[] {
  if (data.files.length > 0) return [...data.files]
  return [...data.items].filter((item) => item.kind === 'file').map((item) => item.getAsFile()).filter((file) => file !== null)
}

/**
 * The image a paste carries, unless its text reads as colours: spreadsheets and documents put a
 * picture of the copied cells beside their text, and a hex code copied there is a colour to paste.
 * Other text beside an image (a browser's HTML or URL of the image copied) is no colour: the image wins.
 */
export function pastedImage(data: DataTransfer): File | undefined {
  const image = filesOf(data).find(isImageFile)
  if (!image) return undefined
  const text = data.getData('text/plain')
  return text.trim() !== '' && 'colors' in readColors(text) ? undefined : image
}

/**
 * Names for pasted images, which have no file name of their own ("image.png" from Chromium):
 * "Pasted image.png", then "Pasted image 2.png", … in the window's image view and board columns.
 * A file copied from disk (one Electron knows the path of) keeps its name and path.
 */
export class PastedImages {
  #count = 0
  constructor(private readonly pathOf: (file: File) => string) {}

  /** The paste's image (`pastedImage`), named for the user. */
  take(data: DataTransfer): File | undefined {
    const image = pastedImage(data)
    if (!image || this.pathOf(image)) return image
    // The extension says the format where the name is shown (the column's export title drops it).
    const known = IMAGE_TYPES.find((t) => t.mime === image.type)
    const extension = /\.[^.]+$/.exec(image.name)?.[0] ?? (known ? `.${known.extension}` : '')
    this.#count++
    return new File([image], `Pasted image${this.#count > 1 ? ` ${this.#count}` : ''}${extension}`, { type: image.type })
  }
}
