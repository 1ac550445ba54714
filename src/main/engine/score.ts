// The paper's metric lives in src/shared so the renderer's compare board uses the same code.
export { accuracyAt, CHANNEL_TOLERANCE, isCorrect, scorePalette, type PaletteScore } from '../../shared/score'
