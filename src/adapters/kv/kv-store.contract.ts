/**
 * The KvStore contract: SQLite beside the code, Redis in test/integration.
 * TTL cases use real time with short TTLs, since Redis keeps its own clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KvStore } from '../../core/ports/kv-store.js';

export interface KvStoreHarness {
  store: KvStore;
  cleanup(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out.sort();
}

export function runKvStoreContract(name: string, factory: () => Promise<KvStoreHarness>): void {
  describe(`KvStore contract: ${name}`, () => {
    let h: KvStoreHarness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('gets what was set, and null for absent keys', async () => {
      expect(await h.store.get('a')).toBeNull();
      await h.store.set('a', '1');
      await h.store.set('a', 'two');
      await h.store.set('unicode:é', 'ü\n');
      expect(await h.store.get('a')).toBe('two');
      expect(await h.store.get('unicode:é')).toBe('ü\n');
    });

    it('mgets in the order asked, and msets all entries', async () => {
      await h.store.mset([
        ['k1', 'v1'],
        ['k2', 'v2'],
        ['k3', 'v3'],
      ]);
      expect(await h.store.mget(['k3', 'missing', 'k1', 'k1'])).toEqual(['v3', null, 'v1', 'v1']);
      expect(await h.store.mget([])).toEqual([]);
    });

    it('expires keys after their ttl, for set, mset and incrBy', async () => {
      await h.store.set('short', 'x', { ttlMs: 80 });
      await h.store.mset([['m1', 'a'], ['m2', 'b']], { ttlMs: 80 });
      await h.store.incrBy('counter', 5, { ttlMs: 80 });
      await h.store.set('forever', 'y');
      expect(await h.store.mget(['short', 'm1', 'm2', 'counter'])).toEqual(['x', 'a', 'b', '5']);
      await sleep(160);
      expect(await h.store.mget(['short', 'm1', 'm2', 'counter', 'forever'])).toEqual([null, null, null, null, 'y']);
      expect(await collect(h.store.scan(''))).toEqual(['forever']);
      expect(await h.store.delete('short')).toBe(false);
      expect(await h.store.incrBy('counter', 1)).toBe(1);
    });

    it('deletes a key and says whether it existed', async () => {
      await h.store.set('d', '1');
      expect(await h.store.delete('d')).toBe(true);
      expect(await h.store.delete('d')).toBe(false);
      expect(await h.store.get('d')).toBeNull();
    });

    it('increments atomically under 200 concurrent callers', async () => {
      const results = await Promise.all(Array.from({ length: 200 }, () => h.store.incrBy('hits', 1)));
      expect(await h.store.get('hits')).toBe('200');
      expect(new Set(results).size).toBe(200);
      expect(Math.max(...results)).toBe(200);
      expect(await h.store.incrBy('hits', -50)).toBe(150);
    });

    it('applies the incrBy ttl only when the key is created', async () => {
      await h.store.set('plain', '10');
      expect(await h.store.incrBy('plain', 1, { ttlMs: 60 })).toBe(11);
      expect(await h.store.incrBy('window', 1, { ttlMs: 100 })).toBe(1);
      await sleep(50);
      expect(await h.store.incrBy('window', 1, { ttlMs: 10_000 })).toBe(2);
      await sleep(100);
      expect(await h.store.get('plain')).toBe('11');
      expect(await h.store.get('window')).toBeNull();
    });

    it('refuses to increment a non-integer value and rejects bad arguments', async () => {
      await h.store.set('text', 'hello');
      await expect(h.store.incrBy('text', 1)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
      expect(await h.store.get('text')).toBe('hello');
      await expect(h.store.incrBy('n', 1.5)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(h.store.set('n', 'x', { ttlMs: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('scans and deletes by prefix, treating glob characters literally', async () => {
      await h.store.mset([
        ['user:1', 'a'],
        ['user:2', 'b'],
        ['user:20', 'c'],
        ['users', 'd'],
        ['user*', 'e'],
        ['other', 'f'],
      ]);
      expect(await collect(h.store.scan('user:'))).toEqual(['user:1', 'user:2', 'user:20']);
      expect(await collect(h.store.scan('user*'))).toEqual(['user*']);
      expect(await collect(h.store.scan('nothing'))).toEqual([]);
      expect(await h.store.deletePrefix('user:')).toBe(3);
      expect(await collect(h.store.scan(''))).toEqual(['other', 'user*', 'users']);
      expect(await h.store.deletePrefix('user:')).toBe(0);
    });

    it('scans many keys across pages without repeats', async () => {
      const entries = Array.from({ length: 1_234 }, (_, i) => [`bulk:${String(i).padStart(5, '0')}`, String(i)] as const);
      await h.store.mset(entries);
      const keys = await collect(h.store.scan('bulk:'));
      expect(keys).toHaveLength(1_234);
      expect(new Set(keys).size).toBe(1_234);
      expect(await h.store.deletePrefix('bulk:')).toBe(1_234);
    });
  });
}
