// The benchmark's fixed corpus, built from Debian packages (never from the held-out list) so that
// every run, here or on another machine, times the same pictures.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp, { type Sharp } from 'sharp'

export interface CorpusImage {
  name: string
  path: string
  width: number
  height: number
  bytes: number
}

export interface Corpus {
  images: CorpusImage[]
  /** Folder of 1920×1080 JPEGs for the throughput run. */
  frames: string
  frameCount: number
}

/** Photographs and paintings at full size, by package and path inside it. */
const SOURCES = {
  painting: { pkg: 'mate-backgrounds', path: 'usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg' },
  photo: { pkg: 'lomiri-wallpapers-16.04', path: 'usr/share/backgrounds/greentock_by_Peter_Nerlich.jpg' },
  photo2: { pkg: 'lomiri-wallpapers-16.04', path: 'usr/share/backgrounds/umang_by_Abhishek_Mudgal.jpg' }
} as const

function unpack(work: string, pkg: string): string {
  const root = join(work, 'debs', pkg)
  if (existsSync(join(root, '.done'))) return root
  mkdirSync(root, { recursive: true })
  execFileSync('apt-get', ['download', '-q', pkg], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  const deb = readdirSync(root).find((f) => f.endsWith('.deb'))
  if (!deb) throw new Error(`apt-get download ${pkg} produced no .deb`)
  execFileSync('dpkg-deb', ['-x', join(root, deb), root])
  writeFileSync(join(root, '.done'), '')
  return root
}

function sourcePath(work: string, key: keyof typeof SOURCES): string {
  const { pkg, path } = SOURCES[key]
  return join(unpack(work, pkg), path)
}

async function write(path: string, pipeline: Sharp): Promise<void> {
  if (!existsSync(path)) await pipeline.toFile(path)
}

/** A tiny corpus of generated images: keeps the benchmark code working in CI in seconds. */
async function tinyCorpus(dir: string): Promise<Corpus> {
  const gradient = (w: number, h: number): Sharp => {
    const data = Buffer.alloc(w * h * 3)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 3
        data[i] = (x * 255) / w
        data[i + 1] = (y * 255) / h
        data[i + 2] = ((x + y) * 97) % 256
      }
    return sharp(data, { raw: { width: w, height: h, channels: 3 } })
  }
  const specs: [string, Sharp][] = [
    ['photo-1mp.jpg', gradient(1200, 800).jpeg({ quality: 92 })],
    ['frame-1080p.jpg', gradient(1920, 1080).jpeg({ quality: 90 })],
    ['alpha.png', gradient(640, 480).ensureAlpha(0.4).png()],
    ['icc-p3.jpg', gradient(800, 600).withIccProfile('p3').jpeg({ quality: 92 })]
  ]
  for (const [name, p] of specs) await write(join(dir, name), p)
  const frames = join(dir, 'frames')
  mkdirSync(frames, { recursive: true })
  for (let i = 0; i < 8; i++) await write(join(frames, `f${i}.jpg`), gradient(1920, 1080).rotate(i * 45, { background: '#203040' }).resize(1920, 1080).jpeg())
  return describe(dir, specs.map(([n]) => n), frames)
}

/** The full corpus: 24 and 12 megapixel JPEGs, a film-frame JPEG, PNG with alpha, JPEG with ICC, 200 frames. */
async function fullCorpus(work: string, dir: string): Promise<Corpus> {
  const painting = sourcePath(work, 'painting')
  const photo = sourcePath(work, 'photo')
  const photo2 = sourcePath(work, 'photo2')
  const names = ['24mp.jpg', '12mp.jpg', 'frame-1080p.jpg', 'alpha.png', 'icc-p3.jpg']
  // The largest non-held-out sources are 17.9 MP (a painting) and 6.2 MP (a photograph):
  // enlarged to 24 and 12 MP and re-encoded at quality 92, as a camera would write them.
  await write(join(dir, names[0]), sharp(painting).resize(6000, 4000, { fit: 'cover' }).jpeg({ quality: 92 }))
  await write(join(dir, names[1]), sharp(photo).resize(4000, 3000, { fit: 'cover' }).jpeg({ quality: 92 }))
  await write(join(dir, names[2]), sharp(photo2).resize(1920, 1080, { fit: 'cover' }).jpeg({ quality: 90 }))
  const mask = await sharp(photo).resize(2048, 1536).greyscale().linear(2, -128).raw().toBuffer()
  await write(
    join(dir, names[3]),
    sharp(photo).resize(2048, 1536).joinChannel(mask, { raw: { width: 2048, height: 1536, channels: 1 } }).png()
  )
  await write(join(dir, names[4]), sharp(painting).resize(3000, 2000).withIccProfile('p3').jpeg({ quality: 92 }))
  const frames = join(dir, 'frames')
  mkdirSync(frames, { recursive: true })
  // 200 distinct frame-sized pictures: windows panned across the three sources.
  const sources = [painting, photo, photo2]
  for (let i = 0; i < 200; i++) {
    const src = sources[i % 3]
    const meta = await sharp(src).metadata()
    const w = Math.round(meta.width! * 0.6)
    const h = Math.round((w * 9) / 16)
    const left = Math.round(((meta.width! - w) * (i % 17)) / 16)
    const top = Math.round(((meta.height! - h) * (i % 7)) / 6)
    await write(join(frames, `frame-${String(i).padStart(3, '0')}.jpg`), sharp(src).extract({ left, top, width: w, height: h }).resize(1920, 1080).jpeg({ quality: 90 }))
  }
  return describe(dir, names, frames)
}

async function describe(dir: string, names: string[], frames: string): Promise<Corpus> {
  const images: CorpusImage[] = []
  for (const name of names) {
    const path = join(dir, name)
    const meta = await sharp(path).metadata()
    images.push({ name, path, width: meta.width!, height: meta.height!, bytes: meta.size ?? 0 })
  }
  return { images, frames, frameCount: readdirSync(frames).length }
}

export async function buildCorpus(work: string, tiny: boolean): Promise<Corpus> {
  const dir = join(work, tiny ? 'tiny' : 'full')
  mkdirSync(dir, { recursive: true })
  return tiny ? tinyCorpus(dir) : fullCorpus(work, dir)
}
