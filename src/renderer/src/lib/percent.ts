// A swatch's share of the picture as the app writes it everywhere: one decimal, as a percentage.

/**
 * 0.4231 → "42.3"; a share too small for one decimal but not nothing → "under 0.1", so that a
 * small accent (a strip's sliver, a palette's fifth swatch) never reads as 0 of the picture.
 */
export function percentOf(share: number): string {
  const percent = share * 100
  return percent > 0 && percent < 0.05 ? 'under 0.1' : percent.toFixed(1)
}
