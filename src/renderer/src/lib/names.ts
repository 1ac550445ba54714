/** The last part of a path, by either separator (the renderer has no node:path): '/a/b/c.png' → 'c.png'. */
export const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path
