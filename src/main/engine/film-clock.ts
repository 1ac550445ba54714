// A time in a film as the command line labels its frames and names where a film is damaged.

/** 83.4 → "1:23.400", 3723 → "1:02:03.000". */
export function clock(seconds: number): string {
  const ms = Math.round(seconds * 1000)
  const [h, m, s] = [Math.floor(ms / 3_600_000), Math.floor(ms / 60_000) % 60, (ms % 60_000) / 1000]
  const sec = s.toFixed(3).padStart(6, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}
