// Which images the page may draw from their own files. Chromium converts some colour spaces its
// own way: a CMYK JPEG without a profile by plain inversion (neon green where the palette has
// olive), one with a profile through another colour engine (blue 37 levels off). Drawn from the
// file, such a picture, its eyedropper and its markers would disagree with its palette.

/** sharp's colour spaces that Chromium decodes to the sRGB the engine does (a profile applied alike). */
const DRAWN_ALIKE = new Set(['srgb', 'b-w', 'rgb16', 'grey16'])

/** Whether an image stored in colour space `space` is shown from the engine's display copy. */
export const needsDisplayCopy = (space: string): boolean => !DRAWN_ALIKE.has(space)
