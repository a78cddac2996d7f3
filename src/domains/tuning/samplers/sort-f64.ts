/**
 * Sorts a[0, m) ascending, for distinct numbers that lie (about) within [lo, hi]: one
 * counting pass into m equal-width buckets by value, then an insertion sort that only
 * fixes order inside each bucket. The Parzen estimator sorts ~1000 centres
 * per parameter on every ask, where TypedArray#sort took ~20 µs each (a sixth of the
 * ask). Distinct keys make the result exactly #sort's; a pile-up in one bucket (which
 * would make the insertion sort quadratic) falls back to #sort.
 */
let buffer = new Float64Array(0);
let counts = new Int32Array(0);

export function sortWithin(a: Float64Array, m: number, lo: number, hi: number): void {
  const buckets = m;
  const scale = buckets / (hi - lo);
  if (m < 64 || !(scale > 0 && Number.isFinite(scale))) {
    a.subarray(0, m).sort();
    return;
  }
  if (buffer.length < m) buffer = new Float64Array(Math.max(m, 2 * buffer.length));
  if (counts.length < buckets + 1) counts = new Int32Array(Math.max(buckets + 1, 2 * counts.length));
  const out = buffer;
  const start = counts;
  start.fill(0, 0, buckets + 1);
  // floor((v − lo)·scale) never decreases as v grows, so bucket order agrees with value order.
  const bucketOf = (v: number): number => Math.min(buckets - 1, Math.max(0, Math.floor((v - lo) * scale)));
  for (let i = 0; i < m; i++) {
    const b = bucketOf(a[i] as number) + 1;
    start[b] = (start[b] as number) + 1;
  }
  let most = 0;
  for (let b = 0; b < buckets; b++) {
    most = Math.max(most, start[b + 1] as number);
    start[b + 1] = (start[b + 1] as number) + (start[b] as number);
  }
  // (A NaN has no bucket and leaves the total short: #sort knows where NaN goes.)
  if (most > 64 || start[buckets] !== m) {
    a.subarray(0, m).sort();
    return;
  }
  for (let i = 0; i < m; i++) {
    const v = a[i] as number;
    const b = bucketOf(v);
    out[start[b] as number] = v;
    start[b] = (start[b] as number) + 1;
  }
  for (let i = 1; i < m; i++) {
    const v = out[i] as number;
    let j = i - 1;
    while (j >= 0 && (out[j] as number) > v) {
      out[j + 1] = out[j] as number;
      j--;
    }
    out[j + 1] = v;
  }
  a.set(out.subarray(0, m));
}
