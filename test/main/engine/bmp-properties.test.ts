import fc from 'fast-check'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/engine/decode'
import { ENGINE_ERROR_CODES, isEngineError } from '../../../src/main/engine/errors'

// Damaged BMPs of every kind the engine decodes itself: whatever the damage, decodeImage either
// returns a whole picture or refuses the file with an EngineError that names it.

const NAME = 'holiday.bmp'
const RUNS = 200

interface Kind {
  bits: number
  compression: number
  headerSize: number
  /** Right after a 40-byte info header: BITFIELDS' colour masks. */
  masks?: number[]
  table?: number
  /** Stored pixels (or the RLE stream) for a 5 × 3 picture. */
  pixels: Buffer
}

const WIDTH = 5
const HEIGHT = 3
const rows = (rowBytes: number): Buffer => Buffer.from(Array.from({ length: rowBytes * HEIGHT }, (_, i) => (i * 37 + 11) & 0xff))

const KINDS: Record<string, Kind> = {
  '1-bit': { bits: 1, compression: 0, headerSize: 40, table: 2, pixels: rows(4) },
  '4-bit': { bits: 4, compression: 0, headerSize: 40, table: 16, pixels: rows(4) },
  '8-bit': { bits: 8, compression: 0, headerSize: 40, table: 6, pixels: rows(8) },
  '24-bit': { bits: 24, compression: 0, headerSize: 40, pixels: rows(16) },
  'RLE8': {
    bits: 8,
    compression: 1,
    headerSize: 40,
    table: 5,
    pixels: Buffer.from([3, 1, 0, 3, 2, 3, 2, 0, 0, 0, 2, 4, 0, 2, 1, 1, 0, 0, 5, 2, 0, 1])
  },
  'RLE4': { bits: 4, compression: 2, headerSize: 40, table: 5, pixels: Buffer.from([5, 0x12, 0, 0, 0, 5, 0x34, 0x12, 0x30, 0, 0, 0, 4, 0x21, 0, 1]) },
  '16-bit 5-6-5': { bits: 16, compression: 3, headerSize: 40, masks: [0xf800, 0x07e0, 0x001f], pixels: rows(12) },
  '16-bit 5-5-5': { bits: 16, compression: 0, headerSize: 40, pixels: rows(12) },
  '32-bit with alpha': { bits: 32, compression: 3, headerSize: 108, masks: [0xff0000, 0xff00, 0xff, 0xff000000], pixels: rows(20) },
  '32-bit ALPHABITFIELDS': { bits: 32, compression: 6, headerSize: 40, masks: [0xff0000, 0xff00, 0xff, 0xff000000], pixels: rows(20) }
}

/** A BMP of `kind`; with a profile, a V5 header naming it, the profile after the pixels. */
function bmpOf(kind: Kind, profile?: Buffer): Buffer {
  const headerSize = profile ? 124 : kind.headerSize
  const masks = kind.masks ?? []
  const tableBytes = (kind.table ?? 0) * 4
  const offset = 14 + headerSize + (headerSize === 40 ? masks.length * 4 : 0) + tableBytes
  const head = Buffer.alloc(offset)
  head.write('BM', 0, 'latin1')
  head.writeUInt32LE(offset + kind.pixels.length + (profile?.length ?? 0), 2)
  head.writeUInt32LE(offset, 10)
  head.writeUInt32LE(headerSize, 14)
  head.writeInt32LE(WIDTH, 18)
  head.writeInt32LE(HEIGHT, 22)
  head.writeUInt16LE(1, 26)
  head.writeUInt16LE(kind.bits, 28)
  head.writeUInt32LE(kind.compression, 30)
  head.writeUInt32LE(kind.table ?? 0, 46)
  masks.forEach((mask, i) => head.writeUInt32LE(mask, 54 + i * 4))
  for (let i = 0; i < tableBytes; i++) head[offset - tableBytes + i] = (i * 53 + 7) & 0xff
  if (profile) {
    head.writeUInt32LE(0x4d424544, 70)
    head.writeUInt32LE(offset + kind.pixels.length - 14, 126)
    head.writeUInt32LE(profile.length, 130)
  }
  return Buffer.concat([head, kind.pixels, profile ?? Buffer.alloc(0)])
}

/** Header fields, by where they lie and how they are written. */
const FIELDS = [
  { name: 'pixel offset', at: 10, signed: false },
  { name: 'header size', at: 14, signed: false },
  { name: 'width', at: 18, signed: true },
  { name: 'height', at: 22, signed: true },
  { name: 'bits a pixel', at: 28, signed: false, bytes: 2 },
  { name: 'compression', at: 30, signed: false },
  { name: 'colours', at: 46, signed: false },
  { name: 'red mask', at: 54, signed: false },
  { name: 'green mask', at: 58, signed: false },
  { name: 'blue mask', at: 62, signed: false },
  { name: 'alpha mask', at: 66, signed: false },
  { name: 'profile offset', at: 126, signed: false },
  { name: 'profile size', at: 130, signed: false }
]

/** Values a damaged or hostile header holds: zeros, signs, the limits of the fields, odd depths, lengths near the file's. */
const extremeArb = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 5, 7, 15, 17, 31, 33, 64, 124, 0x7fff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff),
  fc.constantFrom(-1, -2, -0x7fffffff, -0x80000000),
  fc.integer({ min: -300, max: 300 }),
  fc.nat({ max: 0xffffffff })
)

type Mutation =
  | { type: 'bytes'; edits: [number, number][] }
  | { type: 'truncate'; fraction: number }
  | { type: 'field'; field: number; value: number }

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ type: fc.constant('bytes' as const), edits: fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }) }),
  fc.record({ type: fc.constant('truncate' as const), fraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) }),
  fc.record({ type: fc.constant('field' as const), field: fc.nat(FIELDS.length - 1), value: extremeArb })
)

function mutated(file: Buffer, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(file)
  for (const mutation of mutations) {
    if (mutation.type === 'truncate') {
      bytes = bytes.subarray(0, Math.floor(mutation.fraction * bytes.length))
    } else if (mutation.type === 'bytes') {
      for (const [where, value] of mutation.edits) if (bytes.length > 0) bytes[Math.floor(where * bytes.length)] = value
    } else {
      const { at, signed, bytes: size = 4 } = FIELDS[mutation.field]
      if (at + size > bytes.length) continue
      // Each field takes the value as its own width and sign would store it.
      if (size === 2) bytes.writeUInt16LE(mutation.value & 0xffff, at)
      else if (signed) bytes.writeInt32LE(mutation.value | 0, at)
      else bytes.writeUInt32LE(mutation.value >>> 0, at)
    }
  }
  return bytes
}

/** The property: a whole picture whose size and data agree, or an EngineError with a known code that names the file. */
async function decodesOrRefuses(bytes: Buffer): Promise<void> {
  let result
  try {
    result = await decodeImage(bytes, { name: NAME })
  } catch (error) {
    expect(isEngineError(error), String((error as Error)?.stack ?? error)).toBe(true)
    const { code, message } = error as { code: (typeof ENGINE_ERROR_CODES)[number]; message: string }
    expect(ENGINE_ERROR_CODES).toContain(code)
    expect(message).toContain(`“${NAME}”`)
    return
  }
  const { image, source } = result
  expect(image.width).toBeGreaterThan(0)
  expect(image.height).toBeGreaterThan(0)
  expect(image.data.length).toBe(image.width * image.height * 4)
  expect(source.width).toBeGreaterThan(0)
  expect(source.height).toBeGreaterThan(0)
}

let profile: Buffer
beforeAll(async () => {
  const png = await sharp(Buffer.alloc(3), { raw: { width: 1, height: 1, channels: 3 } }).withIccProfile('p3').png().toBuffer()
  profile = (await sharp(png).metadata()).icc as Buffer
})

describe('damaged BMP images', () => {
  it.each(Object.keys(KINDS))('read whole or refuse as damaged, naming the file, a %s BMP however it is damaged', async (kind) => {
    const file = bmpOf(KINDS[kind])
    expect((await decodeImage(file)).image.width).toBe(WIDTH)
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (mutations) => decodesOrRefuses(mutated(file, mutations))),
      { numRuns: RUNS }
    )
  })

  it('read whole or refuse, naming the file, a V5 BMP with an embedded profile however its header, pixels or profile are damaged', async () => {
    const file = bmpOf(KINDS['24-bit'], profile)
    expect((await decodeImage(file)).source.hasProfile).toBe(true)
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (mutations) => decodesOrRefuses(mutated(file, mutations))),
      { numRuns: RUNS }
    )
  })

  it('read whole or refuse, naming the file, a V5 BMP whose profile bytes are garbled', async () => {
    const file = bmpOf(KINDS['24-bit'], profile)
    const profileStart = file.length - profile.length
    const editArb = fc.tuple(fc.integer({ min: profileStart, max: file.length - 1 }), fc.integer({ min: 0, max: 255 }))
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 20 }), (edits) => {
        const bytes = Buffer.from(file)
        for (const [at, value] of edits) bytes[at] = value
        return decodesOrRefuses(bytes)
      }),
      { numRuns: RUNS }
    )
  })
})
