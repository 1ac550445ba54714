// Leptonica's L_HEAP (src/heap.c) in L_SORT_DECREASING order, as median cut uses it.
// Ties between equal keys decide which box is cut next and the colormap order, so
// the sift-up and sift-down comparisons are kept exactly (>= stops, larger child wins,
// left child on ties). Keys are the items' float32 `sortparam`.

interface HeapItem {
  sortparam: number
}

export class MaxHeap<T extends HeapItem> {
  private readonly array: T[] = []

  get size(): number {
    return this.array.length
  }

  /** The items in array order (lheapGetElement over 0..n-1). */
  items(): readonly T[] {
    return this.array
  }

  /** lheapAdd: append, then swap up while the parent is smaller. */
  add(item: T): void {
    const a = this.array
    a.push(item)
    let ic = a.length // 1-based heap index
    while (ic > 1) {
      const ip = ic >> 1
      if (a[ip - 1]!.sortparam >= a[ic - 1]!.sortparam) break
      this.swap(ip - 1, ic - 1)
      ic = ip
    }
  }

  /** lheapRemove: take the head, move the last item there, then swap down. */
  remove(): T | undefined {
    const a = this.array
    if (a.length === 0) return undefined
    const head = a[0]!
    const last = a.pop()!
    if (a.length > 0) {
      a[0] = last
      this.swapDown()
    }
    return head
  }

  private swapDown(): void {
    const a = this.array
    const n = a.length
    let ip = 1
    for (;;) {
      const icl = 2 * ip
      if (icl > n) break
      const valp = a[ip - 1]!.sortparam
      const valcl = a[icl - 1]!.sortparam
      const icr = icl + 1
      if (icr > n) {
        if (valp < valcl) this.swap(ip - 1, icl - 1)
        break
      }
      const valcr = a[icr - 1]!.sortparam
      if (valp >= valcl && valp >= valcr) break
      const ic = valcl >= valcr ? icl : icr
      this.swap(ip - 1, ic - 1)
      ip = ic
    }
  }

  private swap(i: number, j: number): void {
    const a = this.array
    const t = a[i]!
    a[i] = a[j]!
    a[j] = t
  }
}
