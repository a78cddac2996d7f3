/**
 * Nearest-neighbour search over unit vectors, one bucket per route and
 * parameters. A linear scan: each entry is one dot product over a
 * Float32Array, so 50k entries of 1,536 dimensions is ~77M multiply-adds,
 * tens of milliseconds — fine next to an LLM call it saves, and exact (no
 * recall loss). Past ~50k entries per bucket an ANN index (HNSW) would be the
 * next step; `maxEntries` caps a bucket (oldest out first) so the scan stays bounded.
 */

export interface IndexEntry {
  /** The exact-cache key holding the answer. */
  ref: string;
  vector: Float32Array;
  /** Epoch ms. */
  expiresAt: number;
}

export interface Match {
  ref: string;
  score: number;
}

/** Scales to length 1, so cosine similarity is a dot product; undefined for a zero vector. */
export function normalise(v: ArrayLike<number>): Float32Array | undefined {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] ?? 0) * (v[i] ?? 0);
  if (sum === 0 || !Number.isFinite(sum)) return undefined;
  const norm = Math.sqrt(sum);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] ?? 0) / norm;
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export class SemanticIndex {
  private readonly buckets = new Map<string, IndexEntry[]>();

  /** Most entries per bucket; settable because the config can change at run time. */
  constructor(public maxEntries: number) {}

  has(bucket: string): boolean {
    return this.buckets.has(bucket);
  }

  /** Replaces a bucket's contents (loading it from storage). */
  load(bucket: string, entries: IndexEntry[]): void {
    this.buckets.set(bucket, entries.slice(-this.maxEntries));
  }

  /** The closest live entry at or above `threshold`; expired entries met on the way are dropped. */
  search(bucket: string, vector: Float32Array, threshold: number, now: number): Match | undefined {
    const entries = this.buckets.get(bucket);
    if (!entries) return undefined;
    let best: Match | undefined;
    let expired = 0;
    for (const e of entries) {
      if (e.expiresAt <= now) {
        expired++;
        continue;
      }
      // A different embedding model (after a config change) gives vectors of another length: never comparable.
      if (e.vector.length !== vector.length) continue;
      const score = dot(e.vector, vector);
      if (score >= threshold && (!best || score > best.score)) best = { ref: e.ref, score };
    }
    if (expired > 0) this.buckets.set(bucket, entries.filter((e) => e.expiresAt > now));
    return best;
  }

  add(bucket: string, entry: IndexEntry): void {
    let entries = this.buckets.get(bucket);
    if (!entries) {
      entries = [];
      this.buckets.set(bucket, entries);
    }
    const same = entries.findIndex((e) => e.ref === entry.ref);
    if (same >= 0) entries.splice(same, 1);
    entries.push(entry);
    if (entries.length > this.maxEntries) entries.splice(0, entries.length - this.maxEntries);
  }

  remove(bucket: string, ref: string): void {
    const entries = this.buckets.get(bucket);
    if (!entries) return;
    const i = entries.findIndex((e) => e.ref === ref);
    if (i >= 0) entries.splice(i, 1);
  }

  get size(): number {
    let n = 0;
    for (const e of this.buckets.values()) n += e.length;
    return n;
  }
}
