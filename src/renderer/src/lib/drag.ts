import { IMAGE_TYPES, typeOf } from '../../../shared/media-types'

/** True when what is dragged includes files (so a drop there may open or add images). */
export const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false

/** Still images: by type, or by extension where the browser knows none (HEIC, HEIF). */
export const isImageFile = (file: File): boolean => file.type.startsWith('image/') || typeOf(IMAGE_TYPES, file.name) !== undefined
