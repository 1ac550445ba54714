// Files that come over IPC as bytes and a MIME type (an image read, an engine's display copy).

/**
 * As a Blob for an object URL or a thumbnail. The bytes are copied: the IPC's Uint8Array may be a
 * view on a larger buffer, and a Blob part must be one of its own.
 */
export const blobOf = (file: { bytes: Uint8Array; mime: string }): Blob => new Blob([file.bytes.slice()], { type: file.mime })
