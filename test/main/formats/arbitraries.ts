// fast-check generators for swatch files, shared by the format round-trip tests.
import fc from 'fast-check'
import type { Rgb } from '../../../src/shared/palette'
import type { NamedColour, SwatchFile } from '../../../src/main/formats/swatch-file'

const byte = fc.integer({ min: 0, max: 255 })
const rgbArb: fc.Arbitrary<Rgb> = fc.tuple(byte, byte, byte)

/** Names as users and other apps make them: any Unicode, plus tabs, newlines, NULs and lone surrogates. */
const nameArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\n', '\r', '\u0000', '\ud800', '\udc00', 'é', '😀', '*/'), maxLength: 12 })
)

export const colourArb: fc.Arbitrary<NamedColour> = fc.record(
  {
    name: nameArb,
    rgb: rgbArb,
    type: fc.constantFrom('global' as const, 'spot' as const, 'normal' as const),
    share: fc.double({ min: 0, max: 1, noNaN: true })
  },
  { requiredKeys: ['name', 'rgb'] }
)

export const swatchFileArb: fc.Arbitrary<SwatchFile> = fc.record(
  {
    name: nameArb,
    loose: fc.array(colourArb, { maxLength: 6 }),
    groups: fc.array(fc.record({ name: nameArb, swatches: fc.array(colourArb, { maxLength: 6 }) }), { maxLength: 4 })
  },
  { requiredKeys: ['loose', 'groups'] }
)
