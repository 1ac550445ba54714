// The compare board on disk: project files the user names, and an autosave that survives a crash.
// The board itself is the renderer's JSON; we only wrap it so a stray file is recognised as foreign.
import { readFile, rm } from 'node:fs/promises'
import { basename } from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from '../formats'
import type { RequestOf, ResponseOf } from '../../shared/ipc-contract'
import { ShellError } from './errors'
import { requireFile } from './files'
import type { PathGrants } from './grants'
import { chooseSavePath, withExtension } from './save-path'
import type { Dialogs, FileFilter, Recent } from './services'

export const PROJECT_EXTENSION = 'palette-studio'
const FILTER: FileFilter = { name: 'Palette Studio board', extensions: [PROJECT_EXTENSION] }
const MAX_PROJECT_BYTES = 64 * 1024 * 1024

const ProjectFileSchema = z.object({
  format: z.literal('palette-studio-board'),
  version: z.literal(1),
  savedAt: z.number(),
  board: z.json()
})

const encode = (board: z.infer<typeof ProjectFileSchema>['board'], savedAt: number): string =>
  JSON.stringify({ format: 'palette-studio-board', version: 1, savedAt, board })

async function readProjectFile(path: string): Promise<z.infer<typeof ProjectFileSchema>> {
  await requireFile(path, MAX_PROJECT_BYTES)
  const text = await readFile(path, 'utf8')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  const parsed = ProjectFileSchema.safeParse(json)
  if (!parsed.success) throw new ShellError('CORRUPT', `"${basename(path)}" is not a Palette Studio board, or it is damaged.`)
  return parsed.data
}

/**
 * Save to the board's own file, or through the save dialog. A path the user never chose (a
 * restored autosave after Open Recent was cleared, or a confused page) gets the dialog too.
 */
export async function saveProject(
  dialogs: Dialogs,
  recent: Recent,
  grants: PathGrants,
  request: RequestOf<'saveProject'>
): Promise<ResponseOf<'saveProject'>> {
  // Only ever a board file: a folder the user opened for its images grants no other writes.
  const own = request.path === undefined ? null : withExtension(request.path, PROJECT_EXTENSION)
  const known = own !== null && (await grants.allows(own))
  const path = known ? own : await chooseSavePath(dialogs, 'Save board', request.suggestedName, PROJECT_EXTENSION, [FILTER])
  if (path === null) return { path: null }
  await writeFileAtomic(path, encode(request.board, Date.now()))
  grants.grantFile(path)
  await recent.add(path, 'project')
  return { path }
}

export async function openProject(
  dialogs: Dialogs,
  recent: Recent,
  grants: PathGrants,
  request: RequestOf<'openProject'>
): Promise<ResponseOf<'openProject'>> {
  if (request.path !== undefined) await grants.require(request.path)
  const path = request.path ?? (await dialogs.openFile('Open board', [FILTER]))
  if (path === null) return { project: null }
  const file = await readProjectFile(path)
  await recent.add(path, 'project')
  return { project: { path, board: file.board } }
}

export async function autosave(file: string, request: RequestOf<'autosaveBoard'>): Promise<ResponseOf<'autosaveBoard'>> {
  const savedAt = Date.now()
  await writeFileAtomic(file, encode(request.board, savedAt))
  return { savedAt }
}

/** The autosaved board, or null when there is none (or it cannot be read: never block the start). */
export async function restore(file: string): Promise<ResponseOf<'restoreBoard'>> {
  try {
    const saved = await readProjectFile(file)
    return { autosave: { board: saved.board, savedAt: saved.savedAt } }
  } catch {
    return { autosave: null }
  }
}

export async function clearAutosave(file: string): Promise<void> {
  await rm(file, { force: true })
}
