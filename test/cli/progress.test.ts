import { describe, expect, it } from 'vitest'
import { ProgressBar, wantProgress } from '../../src/cli/progress'

function stream(isTTY: boolean) {
  const writes: string[] = []
  return { writes, isTTY, columns: 60, write: (t: string) => writes.push(t) }
}

describe('progress bar', () => {
  it('shows by default only on a terminal with several files; --progress and --no-progress decide otherwise', () => {
    expect(wantProgress('auto', 10, stream(true))).toBe(true)
    expect(wantProgress('auto', 10, stream(false))).toBe(false)
    expect(wantProgress('auto', 1, stream(true))).toBe(false)
    expect(wantProgress(true, 1, stream(false))).toBe(true)
    expect(wantProgress(false, 100, stream(true))).toBe(false)
  })

  it('draws done/total and the current file, within the terminal width', () => {
    const s = stream(true)
    const bar = new ProgressBar(s, 4)
    bar.start('beach.jpg')
    bar.step()
    // 30 cells, a quarter done: 7.5 rounds to 8.
    expect(bar.render(60)).toBe(`[${'#'.repeat(8)}${'-'.repeat(22)}] 1/4 beach.jpg`)
    bar.start('x'.repeat(200))
    expect(bar.render(60).length).toBe(59)
  })

  it('fits a long Japanese or emoji name in the terminal’s columns, so the bar never wraps onto a second row', () => {
    const bar = new ProgressBar(stream(true), 4)
    // 36 characters that take 68 columns: the whole line would be 106 columns wide.
    bar.start('写真の海辺の夕焼け二〇二四年夏休み旅行の思い出アルバム第一巻.png')
    const line = bar.render(80)
    const columns = Array.from(line).reduce((n, c) => n + (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f]/u.test(c) ? 2 : 1), 0)
    expect(line.endsWith('…')).toBe(true)
    expect(columns).toBeLessThanOrEqual(79)
    expect(columns).toBeGreaterThanOrEqual(77)
    // An emoji made of several code points (a family) is kept whole or left out, never cut in two.
    bar.start('👨‍👩‍👧'.repeat(40))
    expect(bar.render(60)).toMatch(/^\[-+\] 0\/4 (👨‍👩‍👧)+…$/u)
  })

  it('on a terminal redraws in place and clears itself around other output', () => {
    const s = stream(true)
    const bar = new ProgressBar(s, 2)
    bar.start('a.jpg')
    bar.interrupt(() => s.write('error line\n'))
    bar.step()
    bar.finish()
    expect(s.writes[0]).toBe(`\r\x1b[K[${'-'.repeat(30)}] 0/2 a.jpg`)
    expect(s.writes.slice(1, 4)).toEqual(['\r\x1b[K', 'error line\n', s.writes[0]])
    expect(s.writes.at(-1)).toBe('\r\x1b[K')
  })

  it('elsewhere writes one plain line per finished file, no control codes', () => {
    const s = stream(false)
    const bar = new ProgressBar(s, 2)
    bar.start('a.jpg')
    bar.step()
    bar.start('b.jpg')
    bar.step()
    bar.finish()
    expect(s.writes.map((w) => w.replace(/\[[#-]+\]/, '[]'))).toEqual(['[] 1/2 a.jpg\n', '[] 2/2 b.jpg\n'])
  })

  it('ends full at what was done when fewer items came than its total, and adds nothing when all came', () => {
    const s = stream(false)
    const bar = new ProgressBar(s, 5)
    bar.start('film.mp4')
    bar.step()
    bar.step()
    bar.complete()
    expect(s.writes.at(-1)).toBe(`[${'#'.repeat(30)}] 2/2 film.mp4\n`)
    const whole = stream(false)
    const all = new ProgressBar(whole, 1)
    all.start('a.jpg')
    all.step()
    all.complete()
    expect(whole.writes).toEqual([`[${'#'.repeat(30)}] 1/1 a.jpg\n`])
  })

  it('draws at 80 columns on a terminal that says it has 0 (a pty with no window size)', () => {
    const s = { ...stream(true), columns: 0 }
    const bar = new ProgressBar(s, 2)
    bar.start('beach.jpg')
    expect(s.writes).toEqual([`\r\x1b[K[${'-'.repeat(30)}] 0/2 beach.jpg`])
  })

  it('keeps a file name with a newline on the bar’s one line', () => {
    const s = stream(false)
    const bar = new ProgressBar(s, 1)
    bar.start('new\nline.png')
    bar.step()
    expect(s.writes).toEqual([`[${'#'.repeat(30)}] 1/1 new\\nline.png\n`])
  })
})
