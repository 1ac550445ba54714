import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/engine/decode'
import { EngineError } from '../../../src/main/engine/errors'
import { heifCoding, type ReadAt, readHeifCoding } from '../../../src/main/engine/heif-coding'
import { sniffFormat } from '../../../src/main/engine/sniff'

const fixture = (name: string): Buffer => readFileSync(join(__dirname, '../../fixtures', name))
/** Written by heif-enc: an AVIF (aom) whose major brand was then set to the generic 'mif1'. */
const MIF1_AVIF = fixture('quadrants-mif1.avif')
/** Written by heif-enc (x265): its primary item is a grid of 'hvc1' tiles. */
const HEIC = fixture('quadrants-hevc.heic')

/** A copy whose ftyp (28 bytes in both fixtures) names `major`, then `compatible`, three brands. */
function branded(bytes: Buffer, major: string, compatible: [string, string, string]): Buffer {
  const copy = Buffer.from(bytes)
  copy.write(major, 8, 'latin1')
  copy.write(compatible.join(''), 16, 'latin1')
  return copy
}

describe('heifCoding', () => {
  it('an AVIF with a generic mif1 major brand is AV1-coded, and sniffed as a readable AVIF', () => {
    expect(heifCoding(MIF1_AVIF)).toBe('av1')
    expect(sniffFormat(MIF1_AVIF)).toEqual({ name: 'avif', readable: true })
  })
  it('a HEIC whose primary item is a grid of HEVC tiles is HEVC-coded, and sniffed as an unreadable HEIC', () => {
    expect(heifCoding(HEIC)).toBe('hevc')
    expect(sniffFormat(HEIC)).toEqual({ name: 'heic', readable: false })
  })
  it('the items decide over brands listing both codecs, in either order', () => {
    expect(heifCoding(branded(MIF1_AVIF, 'mif1', ['heic', 'avif', 'miaf']))).toBe('av1')
    expect(heifCoding(branded(HEIC, 'mif1', ['avif', 'heic', 'miaf']))).toBe('hevc')
    expect(heifCoding(branded(HEIC, 'avif', ['avif', 'mif1', 'miaf']))).toBe('hevc')
  })
  it('brands decide where the meta box is not in the bytes: the first one naming a codec', () => {
    expect(heifCoding(branded(MIF1_AVIF, 'mif1', ['mif1', 'avif', 'miaf']).subarray(0, 28))).toBe('av1')
    expect(heifCoding(branded(HEIC, 'heic', ['mif1', 'heic', 'miaf']).subarray(0, 28))).toBe('hevc')
    expect(heifCoding(branded(HEIC, 'mif1', ['mif1', 'miaf', 'miaf']).subarray(0, 28))).toBeUndefined()
  })
  it('not an ISO-BMFF file: no coding', () => {
    expect(heifCoding(Buffer.from('GIF89a, not a box at all'))).toBeUndefined()
    expect(heifCoding(new Uint8Array(0))).toBeUndefined()
  })
  it('never throws nor hangs on a file cut anywhere, or on any box size made garbage', () => {
    for (const file of [MIF1_AVIF, HEIC]) {
      for (let end = 0; end <= file.length; end++) expect(() => heifCoding(file.subarray(0, end))).not.toThrow()
      for (let at = 0; at + 4 <= file.length; at++) {
        for (const size of [0, 1, 7, 8, 9, 0x7fffffff, 0xffffffff]) {
          const bad = Buffer.from(file)
          bad.writeUInt32BE(size, at)
          expect(() => heifCoding(bad)).not.toThrow()
        }
      }
    }
  })
})

/** Bytes read from offsets of the file in memory, as decode.ts reads a file's. */
const readerOf =
  (file: Buffer): ReadAt =>
  (offset, length) =>
    Promise.resolve(file.subarray(offset, offset + length))

/** The bytes sniffing reads of a file's start. */
const HEAD = 64 * 1024

/**
 * A copy with a `free` box of `padding` bytes between ftyp (28 bytes) and meta, as some writers
 * leave room there, so that the meta box lies past the head; iloc's file offsets (construction
 * method 0) move with the data they point at.
 */
function metaPushedBack(file: Buffer, padding: number): Buffer {
  const moved = Buffer.from(file)
  shiftIloc(moved, padding)
  const free = Buffer.alloc(padding)
  free.writeUInt32BE(padding, 0)
  free.write('free', 4, 'latin1')
  return Buffer.concat([moved.subarray(0, 28), free, moved.subarray(28)])
}

/** Adds `delta` to every file offset in the iloc box (versions 0–2, 4- or 8-byte fields). */
function shiftIloc(file: Buffer, delta: number): void {
  let at = file.indexOf('iloc') + 4
  const version = file[at]
  const [offsetSize, lengthSize, baseSize, indexSize] = [file[at + 4] >> 4, file[at + 4] & 15, file[at + 5] >> 4, version > 0 ? file[at + 5] & 15 : 0]
  const read = (size: number): number => (size === 8 ? Number(file.readBigUInt64BE(at)) : size === 4 ? file.readUInt32BE(at) : file.readUInt16BE(at))
  const shift = (size: number): void => {
    if (size === 8) file.writeBigUInt64BE(BigInt(read(8) + delta), at)
    else if (size === 4) file.writeUInt32BE(read(4) + delta, at)
  }
  at += 6
  const count = version < 2 ? file.readUInt16BE(at) : file.readUInt32BE(at)
  at += version < 2 ? 2 : 4
  for (let i = 0; i < count; i++) {
    at += version < 2 ? 2 : 4
    const method = version > 0 ? file.readUInt16BE(at) & 15 : 0
    at += (version > 0 ? 2 : 0) + 2 // construction method, data reference index
    if (method === 0 && baseSize > 0) shift(baseSize)
    const fromBase = method === 0 && baseSize === 0
    at += baseSize
    const extents = file.readUInt16BE(at)
    at += 2
    for (let e = 0; e < extents; e++) {
      at += indexSize
      if (fromBase) shift(offsetSize)
      at += offsetSize + lengthSize
    }
  }
}

describe('readHeifCoding', () => {
  const PUSHED_AVIF = metaPushedBack(branded(MIF1_AVIF, 'mif1', ['mif1', 'heic', 'miaf']), 100 * 1024)
  const PUSHED_HEIC = metaPushedBack(branded(HEIC, 'mif1', ['mif1', 'miaf', 'miaf']), 100 * 1024)

  it('finds a meta box past the head, past a large box before it, and lets its items decide over the brands', async () => {
    expect(heifCoding(PUSHED_AVIF.subarray(0, HEAD))).toBe('hevc')
    expect(await readHeifCoding(PUSHED_AVIF.subarray(0, HEAD), readerOf(PUSHED_AVIF))).toBe('av1')
    expect(await readHeifCoding(PUSHED_HEIC.subarray(0, HEAD), readerOf(PUSHED_HEIC))).toBe('hevc')
  })
  it('judges by the brands a file whose meta box claims more than 4 MB, without reading it', async () => {
    const huge = Buffer.from(PUSHED_AVIF)
    huge.writeUInt32BE(5 * 1024 * 1024, huge.indexOf('meta') - 4)
    const reads: number[] = []
    const read: ReadAt = (offset, length) => (reads.push(length), readerOf(huge)(offset, length))
    expect(await readHeifCoding(huge.subarray(0, HEAD), read)).toBe('hevc')
    expect(Math.max(...reads)).toBe(16)
  })
  it('not an ISO-BMFF file: no coding, and nothing read', async () => {
    const read: ReadAt = () => Promise.reject(new Error('read'))
    expect(await readHeifCoding(Buffer.from('GIF89a, not a box at all'), read)).toBeUndefined()
  })

  describe('decoding such a file', () => {
    let dir: string
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'heif-coding-'))
    })
    afterAll(() => rm(dir, { recursive: true, force: true }))
    const saved = async (name: string, bytes: Buffer): Promise<string> => {
      await writeFile(join(dir, name), bytes)
      return join(dir, name)
    }
    const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (e: unknown) => e)

    it('a HEIC with only generic brands, its meta box past the head, is refused as a HEIC, not called damaged', async () => {
      const error = await failure(decodeImage(await saved('pushed.heic', PUSHED_HEIC)))
      expect(error).toBeInstanceOf(EngineError)
      expect((error as EngineError).code).toBe('UNSUPPORTED')
      expect((error as EngineError).message).toMatch(/^“pushed\.heic” is a HEIC image \(HEVC-coded, as iPhones save them\)/)
    })
    it('a mif1 AVIF listing the HEIC brand, its meta box past the head, is read as an AVIF: its size limit applies, from a path or bytes', async () => {
      const bomb = Buffer.from(PUSHED_AVIF)
      const ispe = bomb.indexOf('ispe')
      bomb.writeUInt32BE(16_000, ispe + 8)
      bomb.writeUInt32BE(16_000, ispe + 12)
      for (const input of [await saved('pushed.avif', bomb), bomb]) {
        const error = await failure(decodeImage(input))
        expect(error).toBeInstanceOf(EngineError)
        expect((error as EngineError).code).toBe('TOO_LARGE')
        expect((error as EngineError).message).toMatch(/AVIF or HEIF image of 16,000 × 16,000 pixels has to be read whole/)
      }
    })
    it('the same AVIF, not claiming a huge size, decodes', async () => {
      const { image } = await decodeImage(await saved('whole.avif', PUSHED_AVIF))
      expect(image.data.length).toBe(image.width * image.height * 4)
    })
  })
})
