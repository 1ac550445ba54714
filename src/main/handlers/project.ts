// The compare board on disk: project files the user names, and an autosave that survives a crash.
// The board itself is the renderer's JSON; we only wrap it so a stray file is recognised as foreign.
import { readFile, rm } from 'node:fs/promises'
import { basename } from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from '../formats'
import type { RequestOf, ResponseOf } from '../../shared/ipc-contract'
import { ShellError } from './errors'
import { requireFile } from './files'
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

export async function saveProject(dialogs: Dialogs, recent: Recent, request: RequestOf<'saveProject'>): Promise<ResponseOf<'saveProject'>> {
  const chosen = request.path ?? (await dialogs.saveFile('Save board', `${request.suggestedName}.${PROJECT_EXTENSION}`, [FILTER]))
  if (chosen === null) return { path: null }
  const path = chosen.endsWith(`.${PROJECT_EXTENSION}`) ? chosen : `${chosen}.${PROJECT_EXTENSION}`
  await writeFileAtomic(path, encode(request.board, Date.now()))
  await recent.add(path, 'project')
  return { path }
}

export async function openProject(dialogs: Dialogs, recent: Recent, request: RequestOf<'openProject'>): Promise<ResponseOf<'openProject'>> {
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
