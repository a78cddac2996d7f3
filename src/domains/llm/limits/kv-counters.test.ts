import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteKvStore } from '../../../adapters/kv/sqlite-kv-store.js';
import { fixedClock } from '../../../core/clock.js';
import { periodWindow } from './budget-period.js';
import { parallelHit, PARALLEL_SLOT_MS, PARALLEL_SLOTS, reserve, slidingWindowHit } from './kv-counters.js';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
let kv: SqliteKvStore;
const clock = fixedClock(T0);
beforeEach(async () => {
  kv = await SqliteKvStore.open(':memory:', { clock });
});
afterEach(() => kv.close());

describe('sliding window', () => {
  it('admits up to the limit, refuses with the time until room comes back, and undoes a refusal', async () => {
    for (let i = 0; i < 3; i++) expect((await slidingWindowHit(kv, 'rpm', 1, 3, 60_000, T0)).over).toBe(false);
    const refused = await slidingWindowHit(kv, 'rpm', 1, 3, 60_000, T0 + 15_000);
    expect(refused.over).toBe(true);
    expect(refused.retryAfterMs).toBe(45_000);
    await refused.undo();
    expect(await kv.get(refused.key)).toBe('3');
  });

  it('counts the previous window in proportion to its overlap, so a burst at the edge cannot double the limit', async () => {
    for (let i = 0; i < 4; i++) await slidingWindowHit(kv, 'edge', 1, 4, 60_000, T0 + 59_000);
    // 15 s into the next window, 3/4 of the previous 4 still count: 3 + 1 ≤ 4, then 3 + 2 > 4.
    expect((await slidingWindowHit(kv, 'edge', 1, 4, 60_000, T0 + 75_000)).over).toBe(false);
    const r = await slidingWindowHit(kv, 'edge', 1, 4, 60_000, T0 + 75_000);
    expect(r.over).toBe(true);
    // Room for the second call once 1 of the 4 has slid out: at 1 − (4 − 2)/4 = 0.5 of the window, 15 s from now.
    expect(r.retryAfterMs).toBe(15_000);
  });
});

describe('in-flight slots', () => {
  it('counts calls across slots and forgets a slot older than the TTL safety', async () => {
    const a = await parallelHit(kv, 'par', 2, T0);
    const b = await parallelHit(kv, 'par', 2, T0 + PARALLEL_SLOT_MS);
    expect([a.over, b.over]).toEqual([false, false]);
    const c = await parallelHit(kv, 'par', 2, T0 + 2 * PARALLEL_SLOT_MS);
    expect(c.over).toBe(true);
    await c.undo();
    await kv.incrBy(a.key, -1);
    expect((await parallelHit(kv, 'par', 2, T0 + 2 * PARALLEL_SLOT_MS)).over).toBe(false);
    // A call that never ended (a replica died) stops counting once its slot leaves the window.
    expect((await parallelHit(kv, 'par', 2, T0 + (PARALLEL_SLOTS + 2) * PARALLEL_SLOT_MS)).over).toBe(false);
  });
});

describe('budget reservations', () => {
  it('refuses a reservation that would pass the limit and takes it back', async () => {
    expect((await reserve(kv, 'spend', 600, 1000, undefined, undefined)).over).toBe(false);
    const r = await reserve(kv, 'spend', 600, 1000, undefined, 5_000);
    expect(r).toMatchObject({ over: true, retryAfterMs: 5_000 });
    await r.undo();
    expect(await kv.get('spend')).toBe('600');
    expect((await reserve(kv, 'spend', 400, 1000, undefined, undefined)).over).toBe(false);
  });

  it('names calendar periods in UTC, weeks from Monday', () => {
    expect(periodWindow('day', T0)).toEqual({ id: '2026-11-27', start: Date.UTC(2026, 10, 27), end: Date.UTC(2026, 10, 28) });
    expect(periodWindow('week', T0)).toMatchObject({ id: 'w2026-11-23', start: Date.UTC(2026, 10, 23), end: Date.UTC(2026, 10, 30) });
    expect(periodWindow('month', Date.UTC(2026, 11, 31, 23))).toEqual({ id: '2026-12', start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) });
    expect(periodWindow('total', T0)).toEqual({ id: 'total', start: 0, end: undefined });
  });
});
