// The paper's metric lives in src/shared so the renderer's compare board uses the same code.
export { accuracyAt, scorePalette, truthDeltaE00, type PaletteScore } from '../../shared/score'
