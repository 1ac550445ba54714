// The one seedable PRNG of the project: k-means++ seeding, training crops and test pictures all
// draw from it, so a seed means the same numbers everywhere (Math.random would make results vary).

/** mulberry32 (public domain, Tommy Ettinger): small and fast, 32-bit state, floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
