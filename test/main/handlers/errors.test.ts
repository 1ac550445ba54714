import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { describeZodError } from '../../../src/main/handlers/errors'

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

describe('describeZodError', () => {
  it('shortens a long key it names without cutting an emoji in two', () => {
    // The key's emoji start at an odd or an even unit: at one of them, the cut falls inside one.
    for (const key of ['🎨'.repeat(300), `k${'🎨'.repeat(300)}`]) {
      const { error } = z.strictObject({}).safeParse({ [key]: true })
      const message = describeZodError(error!)
      expect(message).toMatch(/^Invalid request: \(request\): Unrecognized key: "k?(🎨)+…$/u)
      expect(message).not.toMatch(LONE_SURROGATE)
    }
  })
})
