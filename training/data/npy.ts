// Minimal NumPy .npy (format 1.0) writer and reader: little-endian, C order, no pickles.
import { readFileSync, renameSync, writeFileSync } from 'node:fs'

type NpyArray = Uint8Array | Int32Array | Float32Array

const DTYPE = (a: NpyArray): string => (a instanceof Uint8Array ? '|u1' : a instanceof Int32Array ? '<i4' : '<f4')

export function npyBytes(data: NpyArray, shape: readonly number[]): Buffer {
  const count = shape.reduce((a, b) => a * b, 1)
  if (count !== data.length) throw new Error(`npy: shape [${shape}] holds ${count} values, data has ${data.length}`)
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
  let header = `{'descr': '${DTYPE(data)}', 'fortran_order': False, 'shape': ${shapeText}, }`
  // Magic (6) + version (2) + length (2) + header + '\n' must be a multiple of 64 bytes.
  const pad = 64 - ((10 + header.length + 1) % 64)
  header = header + ' '.repeat(pad % 64) + '\n'
  const head = Buffer.alloc(10)
  head.write('\x93NUMPY', 0, 'latin1')
  head[6] = 1
  head[7] = 0
  head.writeUInt16LE(header.length, 8)
  // Typed arrays on x86/ARM are little-endian already.
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)])
}

/** Writes through a temporary file and a rename, so a pass stopped mid-write never leaves a half-written array that a resumed pass would take as done. */
export function writeNpy(file: string, data: NpyArray, shape: readonly number[]): void {
  const tmp = `${file}.tmp`
  writeFileSync(tmp, npyBytes(data, shape))
  renameSync(tmp, file)
}

export function readNpy(file: string): { shape: number[]; data: NpyArray } {
  const buf = readFileSync(file)
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(`${file} is not a .npy file`)
  const len = buf.readUInt16LE(8)
  const header = buf.toString('latin1', 10, 10 + len)
  const descr = /'descr': '([^']+)'/.exec(header)?.[1]
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number)
  const body = buf.subarray(10 + len)
  const copy = new Uint8Array(body).buffer // aligned copy
  const data = descr === '|u1' ? new Uint8Array(copy) : descr === '<i4' ? new Int32Array(copy) : descr === '<f4' ? new Float32Array(copy) : null
  if (!data) throw new Error(`${file}: unsupported dtype ${descr}`)
  return { shape, data }
}
