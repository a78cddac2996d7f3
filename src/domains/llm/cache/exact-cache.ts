import type { KvStore } from '../../../core/ports/kv-store.js';
import type { ChatCompletion } from '../gateway/index.js';

interface StoredAnswer {
  v: 1;
  completion: ChatCompletion;
  storedAt: number;
}

/**
 * Whole answers by request hash, in the kv port: Redis when configured, so
 * every gateway replica shares them; SQLite otherwise. Expiry is the kv
 * store's TTL, so nothing here has to sweep.
 */
export class ExactCache {
  static readonly PREFIX = 'llm-cache:exact:';

  constructor(private readonly kv: KvStore) {}

  async get(key: string): Promise<ChatCompletion | undefined> {
    const text = await this.kv.get(ExactCache.PREFIX + key);
    if (text === null) return undefined;
    try {
      const stored = JSON.parse(text) as Partial<StoredAnswer>;
      // An entry of another format version (or damaged) reads as a miss and is overwritten on the next store.
      return stored.v === 1 && stored.completion && Array.isArray(stored.completion.choices) ? stored.completion : undefined;
    } catch {
      return undefined;
    }
  }

  /** False when the answer is over `maxBytes` and was not stored (one huge answer should not crowd out many small ones). */
  async set(key: string, completion: ChatCompletion, opts: { ttlMs: number; now: number; maxBytes: number }): Promise<boolean> {
    const text = JSON.stringify({ v: 1, completion, storedAt: opts.now } satisfies StoredAnswer);
    if (text.length > opts.maxBytes) return false;
    await this.kv.set(ExactCache.PREFIX + key, text, { ttlMs: opts.ttlMs });
    return true;
  }

  /** Drops every cached answer (an operator's "flush"). */
  clear(): Promise<number> {
    return this.kv.deletePrefix(ExactCache.PREFIX);
  }
}
