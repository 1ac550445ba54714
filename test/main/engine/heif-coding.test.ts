import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { heifCoding } from '../../../src/main/engine/heif-coding'
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
