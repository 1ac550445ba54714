// Undo and redo in the Film view: the board's, for the changes the Film view made to it (a frame
// taken, a strip's frames added), so that a frame taken by mistake is taken back where it was taken.
// A change made on the board is the board's to undo, where the user sees what it takes back.
import type { Board } from '../board/board.svelte'
import type { BoardColumn } from '../board/board-column.svelte'
import type { Film } from './film.svelte'

/**
 * The frame columns that undo (or redo) takes off the board (or puts back) next; none when the
 * board's next change is not the Film view's. Only the Film view adds frame columns.
 */
export function filmChange(board: Board, action: 'undo' | 'redo'): BoardColumn[] {
  const added = board.nextAdded(action)
  return added.every((column) => column.kind === 'frame') ? added : []
}

/**
 * Undoes (or redoes) the Film view's latest change to the board, when that is the board's next,
 * and says what in the view's status. A strip taken off the board is kept nowhere again (Film.unkept
 * follows the board): opening another film asks about it once more.
 */
export function filmHistory(board: Board, film: Film, action: 'undo' | 'redo'): void {
  const columns = filmChange(board, action)
  if (columns.length === 0) return
  board.history(action)
  const what = columns.length === 1 ? columns[0].name : `${columns.length} frames`
  film.message = `${action === 'undo' ? 'Undid' : 'Redid'} adding ${what} to the board.`
}
