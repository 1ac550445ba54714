/** True when what is dragged includes files (so a drop there may open or add images). */
export const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false

/**
 * Still images: by type, or by extension where the browser knows none (HEIC, HEIF). The same
 * extensions as main's folder walk (engine/image-files.ts, which the page cannot import).
 */
const IMAGE_NAME = /\.(jpe?g|png|webp|avif|tiff?|gif|heic|heif)$/i
export const isImageFile = (file: File): boolean => file.type.startsWith('image/') || IMAGE_NAME.test(file.name)
