// How the app and the board run what the user asked for: the status line starts clean, and a
// failure becomes its message there instead of an unhandled rejection.

/** The status line of whoever runs the action (the session, the board). */
interface StatusLine {
  error: string | null
  notice: string | null
}

/** Clears `status`, runs `work` and puts its failure's message in `status.error`; never rejects. */
export async function runUserAction(status: StatusLine, work: () => Promise<void>): Promise<void> {
  status.error = null
  status.notice = null
  try {
    await work()
  } catch (err) {
    status.error = err instanceof Error ? err.message : String(err)
  }
}
