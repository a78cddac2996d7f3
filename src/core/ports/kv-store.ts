/**
 * Key-value storage for online features, caches, counters and rate limits.
 * Values are strings (callers serialise); TTLs are in milliseconds; an expired
 * key reads as absent.
 */
export interface KvStore {
  readonly kind: 'sqlite' | 'redis';
  get(key: string): Promise<string | null>;
  /** Same order as `keys`; null for absent ones. */
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  set(key: string, value: string, opts?: { ttlMs?: number }): Promise<void>;
  /** All or nothing. */
  mset(entries: readonly (readonly [string, string])[], opts?: { ttlMs?: number }): Promise<void>;
  /** True when the key existed. */
  delete(key: string): Promise<boolean>;
  /** Atomic add; a missing key counts as 0. `ttlMs` applies only when the key is created. */
  incrBy(key: string, by: number, opts?: { ttlMs?: number }): Promise<number>;
  /** Keys starting with `prefix`, in no particular order. */
  scan(prefix: string): AsyncIterable<string>;
  /** Returns how many were deleted. */
  deletePrefix(prefix: string): Promise<number>;
  close(): Promise<void>;
}
