// A folder batch as a designer meets it with a real photo folder: a folder with no images, files of
// the same name in two subfolders, numbered files, the folder deleted while the batch runs, a
// cancel followed at once by another batch, stopping a long add to the board, a fully transparent
// image in the exported file, an add undone and redone, the end said to screen readers, a
// subfolder that cannot be read, and images that cannot be opened.
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import sharp from 'sharp'
import { ShellError } from '../../src/main/handlers/errors'
import { readAse } from '../../src/main/formats'
import { NO_IMAGES, unreadableWords } from '../../src/renderer/src/batch/batch.svelte'
import { fileBeyondMaxPath } from '../main/engine/long-path'
import { bandsPng, FIVE_BANDS } from './images'
import { openApp, type App } from './harness'

let app: App
let root: string
let png: Buffer
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'palette-batch-audit-'))
  png = await bandsPng(FIVE_BANDS, 60, 40)
  app = await openApp()
  await app.page.getByTestId('view-board').click()
})
afterAll(async () => {
  await app?.close()
  // rm -rf: Node's rm cannot reach below a path longer than PATH_MAX (the unreadable folder below).
  execFileSync('rm', ['-rf', root])
})

const counts = () => app.page.getByTestId('batch-counts').innerText()
const failures = () => app.page.getByTestId('batch-failure').allInnerTexts()

async function startBatch(folder: string): Promise<void> {
  app.bridge.dialogs.queue('openFolder', folder)
  await app.page.getByTestId('add-folder').click()
}

/** Waits for the batch of `folder` to end with counts that match `done`: the last batch's counts show until it starts. */
async function batchEnds(folder: string, done: RegExp): Promise<void> {
  await app.page.getByRole('heading', { name: `Folder ${basename(folder)}`, exact: true }).waitFor()
  await expect.poll(counts, { timeout: 60_000 }).toMatch(done)
}

describe('Folder batch, audited', () => {
  it('says what a folder without images lacks, instead of an empty 0 of 0', async () => {
    const folder = join(root, 'raw-only')
    await mkdir(join(folder, '.thumbs'), { recursive: true })
    await writeFile(join(folder, 'notes.txt'), 'shot list')
    await writeFile(join(folder, 'DSC_0001.NEF'), 'raw camera file')
    await writeFile(join(folder, '.hidden.png'), png)
    await writeFile(join(folder, '.thumbs', 'DSC_0001.png'), png)
    await startBatch(folder)
    await expect.poll(() => app.page.getByTestId('batch-empty').count(), { timeout: 30_000 }).toBe(1)
    expect(await app.page.getByTestId('batch-empty').innerText()).toBe(NO_IMAGES)
    expect(await counts()).toMatch(/^0 of 0 images/)
    expect(await app.page.getByTestId('batch-failure').count()).toBe(0)
    expect(await app.page.getByTestId('batch-add').isDisabled()).toBe(true)
    await app.shot('batch-audit-01-no-images')
    expect(app.pageErrors).toEqual([])
  })

  it('names failures by their path in the folder, and adds numbered files in number order', async () => {
    const folder = join(root, 'shoot')
    await mkdir(join(folder, 'day1'), { recursive: true })
    await mkdir(join(folder, 'day2'))
    for (const name of ['img10.png', 'img2.png', 'img1.png']) await writeFile(join(folder, name), png)
    await writeFile(join(folder, 'day1', 'IMG_1.png'), Buffer.alloc(0))
    await writeFile(join(folder, 'day2', 'IMG_1.png'), png.subarray(0, 60))
    await startBatch(folder)
    await expect.poll(counts, { timeout: 60_000 }).toMatch(/^5 of 5 images · 2\s+failed/)
    // The last count comes a moment before the outcome, which lists the failures.
    await expect.poll(failures).toHaveLength(2)
    const lines = await failures()
    expect(lines[0]).toMatch(/^day1\/IMG_1\.png: .*empty/)
    expect(lines[1]).toMatch(/^day2\/IMG_1\.png: .*damaged or incomplete/)

    // Adding reads no file (the batch made the previews): stopping midway is covered in test/renderer/batch.
    const columnsBefore = await app.page.getByTestId('board-column').count()
    await app.page.getByTestId('batch-add').click()
    await expect.poll(() => app.page.getByTestId('batch-add').innerText()).toBe('Added 3 to the board')
    const names = await app.page.getByTestId('board-column').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')))
    expect(names.slice(columnsBefore)).toEqual(['img1.png', 'img2.png', 'img10.png'])
    expect(app.pageErrors).toEqual([])
  })

  it('keeps two IMG_1.png of different subfolders apart on the board and in the exported ASE', async () => {
    const folder = join(root, 'twins')
    for (const day of ['day1', 'day2']) {
      await mkdir(join(folder, day), { recursive: true })
      await writeFile(join(folder, day, 'IMG_1.png'), png)
    }
    await startBatch(folder)
    await expect.poll(counts, { timeout: 60_000 }).toMatch(/^2 of 2 images/)
    const columnsBefore = await app.page.getByTestId('board-column').count()
    await app.page.getByTestId('batch-add').click()
    await expect.poll(() => app.page.getByTestId('batch-add').innerText()).toBe('Added 2 to the board')
    const names = await app.page.getByTestId('board-column').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')))
    expect(names.slice(columnsBefore)).toEqual(['day1/IMG_1.png', 'day2/IMG_1.png'])
    const out = join(root, 'twins-out')
    await mkdir(out)
    app.bridge.dialogs.queue('saveFile', { folder: out })
    await app.page.getByTestId('batch-export').click()
    const ase = join(out, 'twins.ase')
    await expect.poll(() => readFile(ase).then(() => true, () => false)).toBe(true)
    expect(readAse(await readFile(ase)).groups.map((g) => g.name)).toEqual(['day1/IMG_1.png', 'day2/IMG_1.png'])
  })

  it('when the folder is deleted mid-run, lists the rest under that one reason and keeps the palettes made', async () => {
    const folder = join(root, 'vanishing')
    await mkdir(folder)
    for (let i = 1; i <= 150; i++) await writeFile(join(folder, `p${i}.png`), png)
    const extract = app.bridge.engine.extract.bind(app.bridge.engine)
    let calls = 0
    const spy = vi.spyOn(app.bridge.engine, 'extract').mockImplementation(async (request, onProgress) => {
      if (++calls === 4) await rm(folder, { recursive: true })
      return extract(request, onProgress)
    })
    try {
      await startBatch(folder)
      await expect.poll(counts, { timeout: 60_000 }).toMatch(/^150 of 150 images · 147\s+failed/)
    } finally {
      spy.mockRestore()
    }
    expect(calls).toBe(4)
    // p4.png, the image it was on, is missing for the same reason: said with the others.
    await expect.poll(failures).toEqual([
      '147 images (p4.png, p5.png, p6.png and 144 more): The folder “vanishing” was moved, renamed or deleted while the batch ran, so this image was not done.'
    ])
    expect(await app.page.getByTestId('batch-add').innerText()).toBe('Add 3 to the board')
    await app.shot('batch-audit-02-folder-gone')
    expect(app.pageErrors).toEqual([])
  })

  it('names each image it cannot open, a link to a drive not plugged in or a path too long, at once, and makes the others’ palettes', async () => {
    const folder = join(root, 'unopenable')
    await mkdir(folder)
    await writeFile(join(folder, 'here.png'), png)
    await symlink('/media/unplugged/photo1.jpg', join(folder, 'photo1.jpg'))
    const long = fileBeyondMaxPath(folder)
    await startBatch(folder)
    // Not after the engine's time limit (minutes), and not "Something went wrong" with every palette lost.
    await batchEnds(folder, /^3 of 3 images · 2\s+failed$/)
    await expect.poll(failures).toHaveLength(2)
    const lines = await failures()
    expect(lines[0]).toBe(`${long.slice(folder.length + 1)}: “${basename(long)}” could not be read. The file name or its path is too long for this disk. Choose a shorter name or a folder nearer the top of the disk.`)
    expect(lines[1]).toBe('photo1.jpg: “photo1.jpg” links to /media/unplugged/photo1.jpg, which is not there. If that is on a removable or network disk, check that it is connected.')
    expect(await app.page.getByTestId('batch-add').innerText()).toBe('Add 1 to the board')
    expect(app.pageErrors).toEqual([])
  })

  it('says it is cancelling until the engine lets go, then another batch starts at once', async () => {
    const folder = join(root, 'cancel-me')
    await mkdir(folder)
    for (const name of ['a.png', 'b.png', 'c.png']) await writeFile(join(folder, name), png)
    const extract = app.bridge.engine.extract.bind(app.bridge.engine)
    let stop = (): void => {}
    const stopped = new Promise<void>((r) => (stop = r))
    const held = vi.spyOn(app.bridge.engine, 'extract').mockImplementation(async (request, onProgress) => {
      if (request.source.kind !== 'path' || basename(request.source.path) !== 'b.png') return extract(request, onProgress)
      await stopped
      throw new ShellError('CANCELLED', 'Cancelled.')
    })
    const cancels = vi.spyOn(app.bridge.engine, 'cancel').mockImplementation(() => true)
    try {
      await startBatch(folder)
      await expect.poll(counts, { timeout: 60_000 }).toMatch(/^1 of 3 images/)
      await app.page.getByTestId('batch-cancel').click()
      await expect.poll(() => app.page.getByTestId('batch-cancel').innerText()).toBe('Cancelling…')
      expect(await app.page.getByTestId('batch-cancel').isDisabled()).toBe(true)
      expect(cancels).toHaveBeenCalledTimes(1)
      stop()
      await expect.poll(() => app.page.getByTestId('batch-cancelled').count()).toBe(1)
    } finally {
      held.mockRestore()
      cancels.mockRestore()
    }
    await startBatch(folder)
    await expect.poll(counts, { timeout: 60_000 }).toMatch(/^3 of 3 images · 0\s+failed/)
    expect(await app.page.getByTestId('batch-cancelled').count()).toBe(0)
    expect(await app.page.getByTestId('batch-notice').count()).toBe(0)
    expect(app.pageErrors).toEqual([])
  })

  it('when no palette could be added, Add to the board, disabled, hands focus to the panel’s Close, not the page', async () => {
    const { page } = app
    const folder = join(root, 'unaddable')
    await mkdir(folder)
    for (const name of ['a.png', 'b.png']) await writeFile(join(folder, name), png)
    await startBatch(folder)
    await expect.poll(counts, { timeout: 60_000 }).toMatch(/^2 of 2 images · 0\s+failed/)
    await expect.poll(() => page.getByTestId('batch-add').isEnabled()).toBe(true)
    const columnsBefore = await page.getByTestId('board-column').count()
    await page.getByTestId('batch-add').focus()
    // Every add fails: a new column's id comes from the clock, broken here while adding.
    await page.evaluate(`window.realNow = Date.now; Date.now = () => { throw new Error('No clock.') }`)
    try {
      await page.keyboard.press('Enter')
      await expect.poll(() => page.getByTestId('batch-add-problem').innerText()).toMatch(/^Could not add 2 of 2 to the board\./)
    } finally {
      await page.evaluate(`Date.now = window.realNow`)
    }
    expect(await page.getByTestId('board-column').count()).toBe(columnsBefore)
    expect(await page.getByTestId('batch-add').isDisabled()).toBe(true)
    await expect.poll(() => page.evaluate<string>(`document.activeElement?.getAttribute('aria-label') ?? ''`)).toBe('Close the batch')
    expect(app.pageErrors).toEqual([])
  })

  it('exports a folder with a fully transparent image, leaving it out and saying so', async () => {
    const { page } = app
    const folder = join(root, 'with-clear')
    await mkdir(folder)
    await writeFile(join(folder, 'a.png'), png)
    await writeFile(join(folder, 'clear.png'), await sharp({ create: { width: 20, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer())
    await startBatch(folder)
    await batchEnds(folder, /^2 of 2 images · 0\s+failed/)
    const out = join(root, 'with-clear-out')
    await mkdir(out)
    app.bridge.dialogs.queue('saveFile', { folder: out })
    await page.getByTestId('batch-export').click()
    const ase = join(out, 'with-clear.ase')
    await expect.poll(() => page.getByTestId('board-notice').innerText()).toBe(
      `Exported ${ase}; clear.png was left out: every pixel of it is transparent, so it has no colours`
    )
    expect(readAse(await readFile(ase)).groups.map((g) => g.name)).toEqual(['a.png'])
    expect(app.pageErrors).toEqual([])
  })

  it('follows the board: an undone add may be added again, and a redo marks it added again', async () => {
    const { page } = app
    const folder = join(root, 'undo-me')
    await mkdir(folder)
    for (const name of ['a.png', 'b.png']) await writeFile(join(folder, name), png)
    await startBatch(folder)
    await batchEnds(folder, /^2 of 2 images/)
    const columnsBefore = await page.getByTestId('board-column').count()
    await page.getByTestId('batch-add').click()
    await expect.poll(() => page.getByTestId('batch-add').innerText()).toBe('Added 2 to the board')
    await page.keyboard.press('Control+z')
    await expect.poll(() => page.getByTestId('board-column').count()).toBe(columnsBefore)
    expect(await page.getByTestId('batch-add').innerText()).toBe('Add 2 to the board')
    expect(await page.getByTestId('batch-add').isEnabled()).toBe(true)
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => page.getByTestId('board-column').count()).toBe(columnsBefore + 2)
    expect(await page.getByTestId('batch-add').innerText()).toBe('Added 2 to the board')
    expect(await page.getByTestId('batch-add').isDisabled()).toBe(true)
    // Undone once more, the add puts them back once.
    await page.keyboard.press('Control+z')
    await expect.poll(() => page.getByTestId('batch-add').isEnabled()).toBe(true)
    await page.getByTestId('batch-add').click()
    await expect.poll(() => page.getByTestId('batch-add').innerText()).toBe('Added 2 to the board')
    const names = await page.getByTestId('board-column').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')))
    expect(names.slice(columnsBefore)).toEqual(['a.png', 'b.png'])
    expect(app.pageErrors).toEqual([])
  })

  it('gives a column the batch carried no preview for (past the first 300) its preview from its file as it is added', async () => {
    const { page } = app
    const folder = join(root, 'no-preview')
    await mkdir(folder)
    for (const name of ['a.png', 'b.png']) await writeFile(join(folder, name), png)
    const extract = app.bridge.engine.extract.bind(app.bridge.engine)
    const spy = vi.spyOn(app.bridge.engine, 'extract').mockImplementation(async (request, onProgress, opens) => {
      const result = await extract(request, onProgress, opens)
      return request.source.kind === 'path' && basename(request.source.path) === 'b.png' ? { ...result, preview: undefined } : result
    })
    try {
      await startBatch(folder)
      await batchEnds(folder, /^2 of 2 images/)
    } finally {
      spy.mockRestore()
    }
    const columnsBefore = await page.getByTestId('board-column').count()
    await page.getByTestId('batch-add').click()
    await expect.poll(() => page.getByTestId('batch-add').innerText()).toBe('Added 2 to the board')
    const previews = await page.getByTestId('board-column').evaluateAll((els) => els.map((el) => el.querySelector('img.thumb')?.getAttribute('src') ?? ''))
    expect(previews.slice(columnsBefore)).toEqual([expect.stringMatching(/^data:image\/jpeg;base64,/), expect.stringMatching(/^data:image\/jpeg;base64,/)])
    expect(app.pageErrors).toEqual([])
  })

  it('says how the batch ended to screen readers, in live regions there before it ended, the failures as an alert', async () => {
    const { page } = app
    const folder = join(root, 'said')
    await mkdir(folder)
    await writeFile(join(folder, 'a.png'), png)
    await writeFile(join(folder, 'b.png'), png)
    await writeFile(join(folder, 'broken.png'), png.subarray(0, 60))
    const extract = app.bridge.engine.extract.bind(app.bridge.engine)
    let release = (): void => {}
    const released = new Promise<void>((r) => (release = r))
    const held = vi.spyOn(app.bridge.engine, 'extract').mockImplementation(async (request, onProgress, opens) => {
      if (request.source.kind === 'path' && basename(request.source.path) === 'b.png') await released
      return extract(request, onProgress, opens)
    })
    try {
      await startBatch(folder)
      await batchEnds(folder, /^1 of 3 images/)
      const panel = page.getByTestId('batch-panel')
      const status = await panel.getByRole('status').first().elementHandle()
      const alert = await panel.getByRole('alert').elementHandle()
      expect(await status?.innerText()).toBe('')
      release()
      await expect.poll(() => status?.evaluate((el) => (el.isConnected ? el.textContent?.replace(/\s+/g, ' ').trim() : 'gone'))).toBe('3 of 3 images · 1 failed')
      expect(await alert?.evaluate((el) => el.isConnected)).toBe(true)
      expect(await alert?.innerText()).toMatch(/^broken\.png: /)
    } finally {
      release()
      held.mockRestore()
    }
    expect(app.pageErrors).toEqual([])
  })

  it('counts only the images found, and says a subfolder it could not read as a folder, with why', async () => {
    const folder = join(root, 'locked-inside')
    await mkdir(folder)
    await writeFile(join(folder, 'a.png'), png)
    // A chain of folders whose paths pass PATH_MAX: unreadable even to root, whom chmod 000 does not stop.
    const name = 'n'.repeat(200)
    execFileSync('bash', ['-c', `cd "$1" && for i in $(seq 22); do mkdir ${name} && cd ${name} || exit 1; done && : > deep.png`, 'bash', folder])
    await startBatch(folder)
    await batchEnds(folder, /^1 of 1 images · 0\s+failed$/)
    const panel = app.page.getByTestId('batch-panel')
    await expect.poll(() => panel.getByTestId('batch-unreadable-count').innerText()).toBe(unreadableWords(1))
    expect(await panel.getByTestId('batch-unreadable').innerText()).toMatch(/^n+(\/n+)+: The folder cannot be read: its path is too long\.$/)
    expect(await panel.getByRole('list', { name: 'Folders that could not be read' }).count()).toBe(1)
    expect(await failures()).toEqual([])
    expect(await panel.getByTestId('batch-add').innerText()).toBe('Add 1 to the board')
    await app.shot('batch-audit-unreadable-folder')
    expect(app.pageErrors).toEqual([])
  })
})
