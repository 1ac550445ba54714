/** 'IMG_2024.01.05.png' → 'IMG_2024.01.05'; a name that is only an extension gives `fallback`. */
export const withoutExtension = (name: string, fallback = 'palette'): string => name.replace(/\.[^.]+$/, '') || fallback
