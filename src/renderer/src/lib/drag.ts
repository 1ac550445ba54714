/** True when what is dragged includes files (so a drop there may open or add images). */
export const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false
