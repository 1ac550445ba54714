/** The last part of a path, by either separator (the renderer has no node:path): '/a/b/c.png' → 'c.png'. */
export const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path

/** 'IMG_2024.01.05.png' → 'IMG_2024.01.05'; a name that is only an extension gives `fallback`. */
export const withoutExtension = (name: string, fallback = 'palette'): string => name.replace(/\.[^.]+$/, '') || fallback
