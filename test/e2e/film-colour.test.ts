// Films whose colour tags are partial, in the app's Film view in Chromium: an H.264 film that names
// its matrix or range but not its primaries or transfer has both ignored by Chromium, which decodes
// it as BT.601 limited range (docs/decoding.md, "Film colour"). The frames the app takes of such a
// film must have the file's own colours, as ffmpeg (and so the command line) decodes them.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Rgb } from '../../src/shared/palette'
import { ffmpegTools } from '../tools/ffmpeg'
import { channelDistance, rgbOfHex } from './images'
import { openFilm } from './film-harness'
import { dropFile, openApp, type App } from './harness'

let app: App
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-film-colour-'))
  app = await openApp()
})
afterAll(async () => {
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

/** Partly tagged films: ffmpeg's tags for each, and what ffprobe must then read (range, matrix, primaries, transfer). */
const FILMS = {
  'bt709-matrix.mp4': { args: ['-colorspace', 'bt709', '-color_range', 'tv'], probed: 'tv,bt709,unknown,unknown' },
  'bt601-full.mp4': { args: ['-colorspace', 'smpte170m', '-color_range', 'pc'], probed: 'pc,smpte170m,unknown,unknown' }
} as const
type FilmName = keyof typeof FILMS

/** A 2 s, 320 × 180 H.264 film of one orange-brown (far from grey, so a wrong matrix shows), tagged as `name` says. */
function makeFilm(name: FilmName): string {
  const path = join(dir, name)
  const source = ['-f', 'lavfi', '-i', 'color=c=0xc5632f:s=320x180:r=25:d=2']
  execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...source, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', ...FILMS[name].args, path])
  const tags = ['color_range', 'color_space', 'color_primaries', 'color_transfer']
  const probed = execFileSync(ffmpegTools().ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', `stream=${tags.join(',')}`, '-of', 'csv=p=0', path], { encoding: 'utf8' })
  expect(probed.trim()).toBe(FILMS[name].probed)
  return path
}

/** The film's first frame's middle pixel as ffmpeg decodes it, with the tags the file gives. */
function ffmpegColour(path: string): Rgb {
  const rgb = execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-i', path, '-frames:v', '1', '-sws_flags', 'accurate_rnd+full_chroma_int', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'])
  const at = (90 * 320 + 160) * 3
  return [rgb[at], rgb[at + 1], rgb[at + 2]]
}

/**
 * The colour the player shows at `down` of its height, in its middle, from a screenshot of the
 * page: what the designer sees. A third of the way down is above the controls' shade.
 */
async function shownColour(down: number): Promise<Rgb> {
  const box = await app.page.getByTestId('film-video').boundingBox()
  if (!box) throw new Error('The player is not on show.')
  const shot = await app.page.screenshot({ clip: { x: box.x + box.width / 2, y: box.y + box.height * down, width: 1, height: 1 } })
  const { data, info } = await sharp(shot).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  expect(info.width * info.height).toBeGreaterThan(0)
  return [data[0], data[1], data[2]]
}

/** The last board column's preview (the frame just taken, as a JPEG): its size, and its middle column's pixels at each of `downs`. */
function preview(downs: number[]): Promise<{ width: number; height: number; colours: Rgb[] }> {
  return app.page.evaluate(`(() => {
    const img = [...document.querySelectorAll('[data-testid="board-column"] img.thumb')].at(-1)
    const canvas = document.createElement('canvas')
    canvas.width = img.naturalWidth
    canvas.height = img.naturalHeight
    const context = canvas.getContext('2d')
    context.drawImage(img, 0, 0)
    const at = (down) => [...context.getImageData(canvas.width >> 1, Math.min(canvas.height - 1, Math.round(down * canvas.height)), 1, 1).data.slice(0, 3)]
    return { width: canvas.width, height: canvas.height, colours: ${JSON.stringify(downs)}.map(at) }
  })()`)
}

/** The largest swatch of the median-cut palette of the last board column (the frame just taken). */
async function takenColour(): Promise<Rgb> {
  const { page } = app
  await page.getByTestId('take-frame').click()
  await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 60_000 }).toMatch(/^Added /)
  await page.getByTestId('view-board').click()
  const chips = await page
    .getByTestId('board-column')
    .last()
    .locator('[data-kind="median-cut"] [data-testid="chip"]')
    .evaluateAll((els) => els.map((el) => ({ hex: el.getAttribute('data-hex') ?? '', share: Number(el.getAttribute('data-share')) })))
  return rgbOfHex(chips.sort((a, b) => b.share - a.share)[0].hex)
}

/** The largest swatch of each frame of a k-means strip of 2 frames (k-means swatches are their pixels' exact means). */
async function stripColours(): Promise<Rgb[]> {
  const { page } = app
  await page.getByLabel('Method for the strip').selectOption('kmeans')
  await page.getByTestId('strip-count').fill('2')
  await page.getByTestId('sample-strip').click()
  await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 60_000 }).toMatch(/^\d+ frames? sampled/)
  const hexes = await page.getByTestId('strip-entry').evaluateAll((els) =>
    els.map((el) => {
      const swatches = [...el.querySelectorAll('[data-testid="strip-swatch"]')]
      swatches.sort((a, b) => Number(b.getAttribute('data-share')) - Number(a.getAttribute('data-share')))
      return swatches[0]?.getAttribute('data-hex') ?? ''
    })
  )
  return hexes.map(rgbOfHex)
}

/**
 * Median cut gives a colour's cell on Leptonica's grid of 5 significant bits (its channels' low 3
 * bits cleared): `expected`, give or take 1 level of rounding, must lie in the cell of `swatch`.
 */
const inCell = (swatch: Rgb, expected: Rgb): boolean => swatch.every((c, i) => expected[i] >= c - 1 && expected[i] <= c + 7 + 1)

describe('Partly tagged H.264 films', () => {
  it.each(Object.keys(FILMS) as FilmName[])('frames of %s, taken into the board and sampled into a strip, have the colour ffmpeg decodes', async (name) => {
    const { page } = app
    const path = makeFilm(name)
    const expected = ffmpegColour(path)
    await openFilm(app, path)
    // The film's tags are read once it opens; its colour matrix goes on the player then.
    await expect.poll(() => page.evaluate(`getComputedStyle(document.querySelector('[data-testid="film-video"]')).filter`)).not.toBe('none')
    const shown = await shownColour(1 / 3)
    const taken = await takenColour()
    const [middle] = (await preview([1 / 2])).colours
    await page.getByTestId('view-film').click()
    const colours = await stripColours()
    // Kept before the checks, so that the next film opens without a question about it.
    await page.getByTestId('strip-to-board').click()
    expect.soft(inCell(taken, expected), `taken frame: app ${taken} (median cut), ffmpeg ${expected}`).toBe(true)
    expect.soft(channelDistance(shown, expected), `player: app ${shown}, ffmpeg ${expected}`).toBeLessThanOrEqual(3)
    // A JPEG of one flat colour: within a few levels.
    expect.soft(channelDistance(middle, expected), `preview: app ${middle}, ffmpeg ${expected}`).toBeLessThanOrEqual(4)
    expect(colours.length).toBeGreaterThan(0)
    for (const colour of colours) expect.soft(channelDistance(colour, expected), `strip: app ${colour}, ffmpeg ${expected}`).toBeLessThanOrEqual(3)
  })

  it('frames of one dropped from memory (no path: read by its bytes) have the colour ffmpeg decodes', async () => {
    const { page } = app
    const path = makeFilm('bt709-matrix.mp4')
    const expected = ffmpegColour(path)
    await page.getByTestId('view-film').click()
    await dropFile(page, '[data-testid="film"]', { name: 'dropped.mp4', type: 'video/mp4', bytes: await readFile(path) })
    await expect.poll(() => page.getByTestId('film-time').innerText(), { timeout: 30_000 }).toMatch(/^00:00\.000 \/ 00:02\.0\d\d$/)
    expect(await page.getByTestId('film-video').getAttribute('src')).toMatch(/^blob:/)
    const taken = await takenColour()
    expect(inCell(taken, expected), `taken frame: app ${taken} (median cut), ffmpeg ${expected}`).toBe(true)
  })

  it('a rotated film (a phone held upright) is taken upright, as the player shows it', async () => {
    const { page } = app
    // 320 × 180 as coded, a band of blue over its left third, shown turned a quarter (rotation 90).
    const coded = join(dir, 'coded.mp4')
    const bands = ['-f', 'lavfi', '-i', 'color=c=0xc5632f:s=320x180:r=25:d=1', '-f', 'lavfi', '-i', 'color=c=0x2f63c5:s=107x180:r=25:d=1', '-filter_complex', '[0][1]overlay=0:0']
    execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...bands, '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', ...FILMS['bt709-matrix.mp4'].args, coded])
    const path = join(dir, 'upright.mp4')
    execFileSync(ffmpegTools().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-i', coded, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', path])
    await openFilm(app, path, { discardStrip: false })
    expect(await page.evaluate(`(() => { const v = document.querySelector('[data-testid="film-video"]'); return [v.videoWidth, v.videoHeight] })()`)).toEqual([180, 320])
    // What the player shows at the top of the picture (the player turns it as Chromium does).
    const playerTop = await shownColour(1 / 8)
    await page.getByTestId('take-frame').click()
    await expect.poll(() => page.getByTestId('film-message').innerText(), { timeout: 60_000 }).toMatch(/^Added /)
    await page.getByTestId('view-board').click()
    // The preview: portrait, its blue band across the top or the bottom, not down one side.
    const { width, height, colours: [top, bottom] } = await preview([1 / 8, 7 / 8])
    expect(height).toBeGreaterThan(width)
    expect(channelDistance(top, bottom)).toBeGreaterThan(50)
    // Turned the way the player turns it: the same band at the top.
    expect(channelDistance(top, playerTop), `preview top ${top}, player top ${playerTop}`).toBeLessThan(20)
  })
})
