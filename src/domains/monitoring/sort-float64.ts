/**
 * Sorting the numeric columns is the report's main cost. An LSD radix sort on the IEEE-754
 * bits (4 passes of 16 bits, counts gathered in one pass) measured ~2× faster than
 * Float64Array.prototype.sort on 1M values here. NaN must be removed before calling.
 */
const RADIX = 65536;

/** Post-increment of a counter (typed-array `c[k]++` does not type-check under noUncheckedIndexedAccess). */
function bump(counts: Uint32Array, k: number): number {
  const v = counts[k] as number;
  counts[k] = v + 1;
  return v;
}

/** Returns a new ascending copy of `values` (which must hold no NaN); −0 sorts before +0. */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 2048) return Float64Array.from(values).sort();
  const bits = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  // Map doubles to unsigned keys whose order is the numeric order: flip all bits of negatives,
  // set the sign bit of positives (little-endian: word 2i is low, 2i+1 is high).
  for (let i = 0; i < n; i++) {
    let h = bits[2 * i + 1] as number;
    let l = bits[2 * i] as number;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    hi[i] = h;
    lo[i] = l;
  }
  const c0 = new Uint32Array(RADIX);
  const c1 = new Uint32Array(RADIX);
  const c2 = new Uint32Array(RADIX);
  const c3 = new Uint32Array(RADIX);
  for (let i = 0; i < n; i++) {
    const l = lo[i] as number;
    const h = hi[i] as number;
    bump(c0, l & 0xffff);
    bump(c1, l >>> 16);
    bump(c2, h & 0xffff);
    bump(c3, h >>> 16);
  }
  for (const c of [c0, c1, c2, c3]) {
    let s = 0;
    for (let k = 0; k < RADIX; k++) {
      const x = c[k] as number;
      c[k] = s;
      s += x;
    }
  }
  const hi2 = new Uint32Array(n);
  const lo2 = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const l = lo[i] as number;
    const d = bump(c0, l & 0xffff);
    lo2[d] = l;
    hi2[d] = hi[i] as number;
  }
  for (let i = 0; i < n; i++) {
    const l = lo2[i] as number;
    const d = bump(c1, l >>> 16);
    lo[d] = l;
    hi[d] = hi2[i] as number;
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i] as number;
    const d = bump(c2, h & 0xffff);
    hi2[d] = h;
    lo2[d] = lo[i] as number;
  }
  for (let i = 0; i < n; i++) {
    const h = hi2[i] as number;
    const d = bump(c3, h >>> 16);
    hi[d] = h;
    lo[d] = lo2[i] as number;
  }
  const out = new Float64Array(n);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    let h = hi[i] as number;
    let l = lo[i] as number;
    if (h & 0x80000000) h = (h & 0x7fffffff) >>> 0;
    else {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    outBits[2 * i + 1] = h;
    outBits[2 * i] = l;
  }
  return out;
}

/** Index of the first element ≥ value (`side='left'`) or > value (`side='right'`), as numpy's searchsorted. */
export function searchSorted(sorted: Float64Array, value: number, side: 'left' | 'right'): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (side === 'left' ? v < value : v <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
