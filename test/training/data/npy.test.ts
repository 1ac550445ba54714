import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { npyBytes, readNpy, writeNpy } from '../../../training/data/npy'

describe('.npy files', () => {
  it('round-trip uint8, int32 and float32 arrays with their shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'))
    const cases = [
      [new Uint8Array([1, 2, 3, 250, 251, 252]), [2, 1, 3]],
      [new Int32Array([3, 4, -5]), [3]],
      [new Float32Array([0.5, -1.25, 3e7, 0]), [2, 2]]
    ] as const
    for (const [data, shape] of cases) {
      const file = join(dir, `${data.constructor.name}.npy`)
      writeNpy(file, data, shape)
      const back = readNpy(file)
      expect(back.shape).toEqual(shape)
      expect(back.data.constructor).toBe(data.constructor)
      expect([...back.data]).toEqual([...data])
    }
  })

  it('writes the header NumPy expects: magic, version 1.0, 64-byte aligned, a 1-tuple with a comma', () => {
    const bytes = npyBytes(new Float32Array(5), [5])
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY')
    const len = bytes.readUInt16LE(8)
    expect((10 + len) % 64).toBe(0)
    expect(bytes.toString('latin1', 10, 10 + len)).toContain("'shape': (5,)")
    expect(bytes.length).toBe(10 + len + 20)
  })

  it('replaces an existing array whole, through a temporary file it does not leave behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'))
    const file = join(dir, 'a.npy')
    writeNpy(file, new Int32Array([1, 2, 3]), [3])
    writeNpy(file, new Int32Array([7, 8]), [2])
    expect([...readNpy(file).data]).toEqual([7, 8])
    expect(() => writeNpy(file, new Int32Array(5), [2, 3])).toThrow(/shape/)
    expect([...readNpy(file).data]).toEqual([7, 8])
    expect(readdirSync(dir)).toEqual(['a.npy'])
  })

  it('refuses data that does not fill the shape', () => {
    expect(() => npyBytes(new Uint8Array(5), [2, 3])).toThrow(/shape/)
  })
})
