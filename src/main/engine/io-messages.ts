// Node's file-system error codes in a designer's words. Here in the engine, not in the IPC layer,
// so that a folder batch or the command line meeting a disk error says the same as the app does.

/**
 * No room on the disk: a save says it with what it left (handlers/save-path.ts), since a
 * designer's first question is then what became of their file.
 */
const NO_ROOM: Readonly<Record<string, string>> = {
  ENOSPC: 'The disk is full. Free some space and try again',
  EDQUOT: 'Your share of this disk is used up. Free some space and try again'
}

/**
 * What a designer can meet opening and saving files. EXDEV (moving across disks) is not here:
 * every save renames a temporary file inside the target's own folder.
 */
const NODE_IO_MESSAGES: Readonly<Record<string, string>> = {
  ENOENT: 'The file or folder could not be found. It may have been moved, renamed or deleted.',
  EACCES: 'Palette Studio is not allowed to use this file or folder. Check its permissions.',
  EPERM: 'Palette Studio is not allowed to use this file or folder. Check its permissions.',
  ENOSPC: `${NO_ROOM.ENOSPC}.`,
  EDQUOT: `${NO_ROOM.EDQUOT}.`,
  EROFS: 'This disk is read-only. Choose another folder.',
  EISDIR: 'This is a folder, not a file.',
  ENOTDIR: 'This is a file, not a folder.',
  ENAMETOOLONG: 'The file name or its path is too long for this disk. Choose a shorter name or a folder nearer the top of the disk.',
  ELOOP: 'This path goes round in a circle of symbolic links. Choose the file or folder itself instead.',
  EBUSY: 'The file is in use by another program. Close it there and try again.',
  EMFILE: 'Palette Studio has too many files open at once. Wait for the work in progress to finish and try again.',
  ENFILE: 'The computer has too many files open at once. Close some programs and try again.',
  EIO: 'The disk could not be read or written. If it is a removable or network disk, check that it is still connected.'
}

/**
 * `failure` ("The film could not be read") with the disk's complaint in the app's words, or with
 * its bare code where the table has none.
 */
export function withIoReason(failure: string, errno: unknown): string {
  const reason = ioMessage(errno)
  return reason ? `${failure}. ${reason}` : `${failure} (${typeof errno === 'string' ? errno : 'unknown error'}).`
}

/** The message for a Node error code (`error.code`), or undefined when it is not one of these. */
export function ioMessage(errno: unknown): string | undefined {
  // Own keys only: a code such as "constructor" must not find Object's prototype.
  return typeof errno === 'string' && Object.hasOwn(NODE_IO_MESSAGES, errno) ? NODE_IO_MESSAGES[errno] : undefined
}

/**
 * "The disk is full. Free some space and try again", without its full stop, for a save the disk
 * had no room for, to be said with what the save left; undefined for any other failure.
 */
export function noRoomReason(errno: unknown): string | undefined {
  return typeof errno === 'string' && Object.hasOwn(NO_ROOM, errno) ? NO_ROOM[errno] : undefined
}
