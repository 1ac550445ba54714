// Open Recent opens an item as the kind it was recorded as: a folder kept as a board, or a board
// as an image, would fail there. What the page says it opened is checked against the path itself.
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { RecentItem } from '../../shared/ipc-contract'
import { kindOf } from '../launch-files'
import { ShellError } from './errors'
import { openablePath } from './files'

type Kind = RecentItem['kind']

const NAMES: Record<Kind, string> = { image: 'an image', video: 'a film', folder: 'a folder', project: 'a board' }

/** Throws unless `path` is what `kind` says. */
export async function requireRecentKind(path: string, kind: Kind): Promise<void> {
  let info
  try {
    info = await stat(await openablePath(path))
  } catch (cause) {
    if (cause instanceof ShellError) throw cause
    throw new ShellError('NOT_FOUND', `"${basename(path)}" could not be found. It may have been moved, renamed or deleted.`, { cause })
  }
  const actual = kindOf(path, info)
  if (actual === kind) return
  // The page opens an image or a film it can decode by its MIME type, whatever the name says (an .svg).
  if (actual === null && info.isFile() && (kind === 'image' || kind === 'video')) return
  const but = actual ? ` but ${NAMES[actual]}` : ''
  throw new ShellError('BAD_REQUEST', `"${basename(path)}" is not ${NAMES[kind]}${but}, so it was not added to Open Recent.`)
}
