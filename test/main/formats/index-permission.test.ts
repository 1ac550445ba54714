// A swatch file the user may not read: root, running the tests, reads anything, so open() is made
// to refuse as it refuses anyone else.
import { describe, expect, it, vi } from 'vitest'
import { isEngineError } from '../../../src/main/engine/errors'
import { loadSwatchFile } from '../../../src/main/formats'

vi.mock('node:fs/promises', async (original) => ({
  ...(await original<typeof import('node:fs/promises')>()),
  open: (path: string) => Promise.reject(Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES', syscall: 'open' }))
}))

describe('a swatch file without read permission', () => {
  it('says so, rather than that it could not be found', async () => {
    await expect(loadSwatchFile('/palettes/locked.ase')).rejects.toSatisfy(
      (e) => isEngineError(e, 'NOT_FOUND') && e.message === '“locked.ase” can\'t be opened: you don\'t have permission to read it.'
    )
  })
})
