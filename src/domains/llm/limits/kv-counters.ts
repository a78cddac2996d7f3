import type { KvStore } from '../../../core/ports/kv-store.js';

/**
 * Counters on the kv port (`incrBy` is atomic on SQLite and Redis, so several
 * gateway replicas sharing a Redis share every limit). Each check increments
 * first and compares after: two concurrent calls can never both see room for
 * one — the worst case is that both are refused. A refused call takes its
 * increment back (`undo`).
 */
export interface CounterCheck {
  /** The limit would be exceeded. */
  over: boolean;
  /** When to try again, for `retry-after`. */
  retryAfterMs: number | undefined;
  /** Takes the increment back: the call was refused (by this check or another). */
  undo(): Promise<void>;
}

/**
 * Sliding window (the two-window approximation Cloudflare and others use): the
 * previous fixed window counts in proportion to how much of it still overlaps
 * the last `windowMs`, so a burst at a window edge cannot pass twice the limit
 * as it can with plain fixed windows. Two kv round trips, run in parallel.
 */
export async function slidingWindowHit(kv: KvStore, base: string, amount: number, limit: number, windowMs: number, now: number): Promise<CounterCheck & { key: string }> {
  const index = Math.floor(now / windowMs);
  const key = `${base}:${index}`;
  const [count, prevRaw] = await Promise.all([kv.incrBy(key, amount, { ttlMs: 2 * windowMs + 5_000 }), kv.get(`${base}:${index - 1}`)]);
  const previous = Math.max(0, Number(prevRaw ?? 0) || 0);
  const elapsed = (now - index * windowMs) / windowMs;
  const estimate = previous * (1 - elapsed) + count;
  const undo = (): Promise<void> => kv.incrBy(key, -amount).then(() => undefined);
  if (estimate <= limit) return { key, over: false, retryAfterMs: undefined, undo };
  // Room comes back as the previous window slides out; if this window alone is full, at its end.
  const untilWindowEnd = (1 - elapsed) * windowMs;
  const slide = previous > 0 && count <= limit ? Math.max(0, (1 - (limit - count) / previous - elapsed) * windowMs) : untilWindowEnd;
  return { key, over: true, retryAfterMs: Math.ceil(Math.min(slide, untilWindowEnd)), undo };
}

/** In-flight counting: a call increments the slot of its start minute and decrements the same slot when it ends. */
export const PARALLEL_SLOT_MS = 60_000;
/**
 * Slots summed: calls older than this stop counting. It is the TTL safety: a
 * replica that dies with calls in flight leaks its counts for at most this long,
 * where a single in-flight counter would stay wrong forever.
 */
export const PARALLEL_SLOTS = 10;

export async function parallelHit(kv: KvStore, base: string, limit: number, now: number): Promise<CounterCheck & { key: string }> {
  const slot = Math.floor(now / PARALLEL_SLOT_MS);
  const key = `${base}:${slot}`;
  const older = Array.from({ length: PARALLEL_SLOTS - 1 }, (_, i) => `${base}:${slot - 1 - i}`);
  const [mine, others] = await Promise.all([kv.incrBy(key, 1, { ttlMs: (PARALLEL_SLOTS + 1) * PARALLEL_SLOT_MS }), kv.mget(older)]);
  let total = mine;
  for (const v of others) total += Math.max(0, Number(v ?? 0) || 0);
  // Calls end within seconds typically; one second is a fair first retry.
  return { key, over: total > limit, retryAfterMs: total > limit ? 1_000 : undefined, undo: () => kv.incrBy(key, -1).then(() => undefined) };
}

/** Reserves `amount` on a spend counter; refused (and taken back) when the total would pass `limit`. */
export async function reserve(kv: KvStore, key: string, amount: number, limit: number, ttlMs: number | undefined, retryAfterMs: number | undefined): Promise<CounterCheck> {
  const after = await kv.incrBy(key, amount, ttlMs === undefined ? {} : { ttlMs });
  const over = after > limit;
  return { over, retryAfterMs: over ? retryAfterMs : undefined, undo: () => kv.incrBy(key, -amount).then(() => undefined) };
}
