// Native dialogs replaced by answers the test gives in advance (one queue per kind of dialog).
// With nothing queued a dialog is "cancelled", as when the user presses Escape. Every dialog
// shown is recorded, so a test can check what the app asked (title, suggested file name).
import { basename, join } from 'node:path'
import { z } from 'zod'
import type { Dialogs, FileFilter } from '../../../src/main/handlers/services'

export const DIALOG_KINDS = ['openImages', 'openVideo', 'openFolder', 'openFile', 'saveFile', 'confirmReplace'] as const
export type DialogKind = (typeof DIALOG_KINDS)[number]

/**
 * A path; for saveFile also `{ folder }`: save there under the name the app suggested. For
 * confirmReplace any answer but null means "Replace".
 */
export const DialogAnswerSchema = z.union([z.string(), z.array(z.string()), z.object({ folder: z.string() }), z.null()])
export type DialogAnswer = z.infer<typeof DialogAnswerSchema>

export interface DialogCall {
  kind: DialogKind
  title?: string
  suggestedName?: string
  filters?: FileFilter[]
  answer: string | string[] | null
}

export class ScriptedDialogs implements Dialogs {
  private readonly answers = new Map<DialogKind, DialogAnswer[]>()
  readonly calls: DialogCall[] = []

  queue(kind: DialogKind, ...answers: DialogAnswer[]): void {
    this.answers.set(kind, [...(this.answers.get(kind) ?? []), ...answers])
  }

  reset(): void {
    this.answers.clear()
    this.calls.length = 0
  }

  private next(kind: DialogKind): DialogAnswer | undefined {
    return this.answers.get(kind)?.shift()
  }

  private single(call: Omit<DialogCall, 'answer'>): string | null {
    const answer = this.next(call.kind)
    let path: string | null = null
    if (typeof answer === 'string') path = answer
    else if (Array.isArray(answer)) path = answer[0] ?? null
    else if (answer && 'folder' in answer) path = join(answer.folder, call.suggestedName ?? 'untitled')
    this.calls.push({ ...call, answer: path })
    return path
  }

  async openImages(multiple: boolean): Promise<string[]> {
    const answer = this.next('openImages')
    const paths = typeof answer === 'string' ? [answer] : Array.isArray(answer) ? answer : []
    const chosen = multiple ? paths : paths.slice(0, 1)
    this.calls.push({ kind: 'openImages', answer: chosen })
    return chosen
  }

  async openVideo(): Promise<string | null> {
    return this.single({ kind: 'openVideo' })
  }

  async openFolder(title: string): Promise<string | null> {
    return this.single({ kind: 'openFolder', title })
  }

  async openFile(title: string, filters: FileFilter[]): Promise<string | null> {
    return this.single({ kind: 'openFile', title, filters })
  }

  async saveFile(title: string, suggestedName: string, filters: FileFilter[]): Promise<string | null> {
    return this.single({ kind: 'saveFile', title, suggestedName, filters })
  }

  async confirmReplace(path: string): Promise<boolean> {
    return this.single({ kind: 'confirmReplace', suggestedName: basename(path) }) !== null
  }
}
