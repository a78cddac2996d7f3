import type { KvStore } from '../../../core/ports/kv-store.js';
import { SemanticIndex, type IndexEntry, type Match } from './semantic-index.js';

interface StoredVector {
  v: 1;
  ref: string;
  /** Little-endian float32, base64: a third of the size of a JSON number array. */
  vector: string;
  expiresAt: number;
}

function encode(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

function decode(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  // Copied into a fresh, aligned buffer: a Float32Array view needs a 4-byte-aligned offset.
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/**
 * The semantic cache's prompts: vectors searched in memory (SemanticIndex),
 * each also written to the kv port so the index survives a restart. A bucket
 * is read from the kv store the first time it is searched; entries another
 * replica adds later are not seen until this one restarts (its own are).
 * The answers themselves live in the exact cache, under `ref`.
 */
export class SemanticCache {
  static readonly PREFIX = 'llm-cache:semantic:';
  private readonly index: SemanticIndex;
  private readonly loading = new Map<string, Promise<void>>();

  constructor(
    private readonly kv: KvStore,
    maxEntries: number,
  ) {
    this.index = new SemanticIndex(maxEntries);
  }

  set maxEntries(n: number) {
    this.index.maxEntries = n;
  }

  private ensureLoaded(bucket: string): Promise<void> {
    if (this.index.has(bucket)) return Promise.resolve();
    let pending = this.loading.get(bucket);
    if (!pending) {
      pending = this.load(bucket).finally(() => this.loading.delete(bucket));
      this.loading.set(bucket, pending);
    }
    return pending;
  }

  private async load(bucket: string): Promise<void> {
    const keys: string[] = [];
    for await (const key of this.kv.scan(`${SemanticCache.PREFIX}${bucket}:`)) keys.push(key);
    const entries: IndexEntry[] = [];
    const values = keys.length > 0 ? await this.kv.mget(keys) : [];
    for (const text of values) {
      if (text === null) continue;
      try {
        const stored = JSON.parse(text) as Partial<StoredVector>;
        if (stored.v === 1 && typeof stored.ref === 'string' && typeof stored.vector === 'string' && typeof stored.expiresAt === 'number') {
          entries.push({ ref: stored.ref, vector: decode(stored.vector), expiresAt: stored.expiresAt });
        }
      } catch {
        // A damaged entry is skipped; it expires on its own.
      }
    }
    entries.sort((a, b) => a.expiresAt - b.expiresAt);
    // Something may have been added while the scan ran: keep it.
    if (!this.index.has(bucket)) this.index.load(bucket, entries);
  }

  async search(bucket: string, vector: Float32Array, threshold: number, now: number): Promise<Match | undefined> {
    await this.ensureLoaded(bucket);
    return this.index.search(bucket, vector, threshold, now);
  }

  async remember(bucket: string, ref: string, vector: Float32Array, ttlMs: number, now: number): Promise<void> {
    await this.ensureLoaded(bucket);
    const expiresAt = now + ttlMs;
    this.index.add(bucket, { ref, vector, expiresAt });
    const stored: StoredVector = { v: 1, ref, vector: encode(vector), expiresAt };
    await this.kv.set(`${SemanticCache.PREFIX}${bucket}:${ref}`, JSON.stringify(stored), { ttlMs });
  }

  /** The answer behind a match was gone (expired first, or flushed). */
  forget(bucket: string, ref: string): void {
    this.index.remove(bucket, ref);
  }
}
