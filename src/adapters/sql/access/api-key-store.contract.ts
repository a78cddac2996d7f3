/**
 * The ApiKeyStore contract: every SQL dialect runs these same cases
 * (SQLite beside the code, PostgreSQL in test/integration).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type { ApiKey } from '../../../domains/access/access.schema.js';
import type { ApiKeyStore } from '../../../domains/access/access.store.js';

export interface ApiKeyStoreHarness {
  store: ApiKeyStore;
  cleanup(): Promise<void>;
}

function key(overrides: Partial<ApiKey & { hash: string }> = {}): ApiKey & { hash: string } {
  const id = newId();
  return { id, name: `key ${id.slice(0, 6)}`, scope: 'read', prefix: 'keel_ab', createdAt: 1_700_000_000_000, revokedAt: null, hash: `h-${id}`, ...overrides };
}

export function runApiKeyStoreContract(name: string, factory: () => Promise<ApiKeyStoreHarness>): void {
  describe(`ApiKeyStore contract: ${name}`, () => {
    let h: ApiKeyStoreHarness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('inserts a key and finds it by hash, without exposing the hash', async () => {
      const k = key({ scope: 'admin', createdAt: 1_750_000_000_123 });
      await h.store.insert(k);
      const found = await h.store.findByHash(k.hash);
      expect(found).toEqual({ id: k.id, name: k.name, scope: 'admin', prefix: k.prefix, createdAt: 1_750_000_000_123, revokedAt: null });
      expect(await h.store.findByHash('no-such-hash')).toBeNull();
    });

    it('keeps gateway limits and finds a key by id', async () => {
      const limits = { models: ['chat-default', 'a/*'], budget: { usd: 10, period: 'month' as const }, rpm: 600, tpm: 100_000, maxParallel: 20 };
      const k = key({ limits });
      await h.store.insert(k);
      expect((await h.store.findById(k.id))?.limits).toEqual(limits);
      expect((await h.store.findByHash(k.hash))?.limits).toEqual(limits);
      expect(await h.store.findById('no-such-id')).toBeNull();
    });

    it('rejects a duplicate hash or id with ALREADY_EXISTS and keeps the first', async () => {
      const k = key();
      await h.store.insert(k);
      const sameHash = h.store.insert(key({ hash: k.hash }));
      await expect(sameHash).rejects.toBeInstanceOf(AppError);
      await expect(sameHash).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      await expect(h.store.insert(key({ id: k.id }))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      expect(await h.store.list()).toHaveLength(1);
    });

    it('lists newest first, revoked keys included', async () => {
      const a = key({ createdAt: 1000 });
      const b = key({ createdAt: 3000 });
      const c = key({ createdAt: 2000 });
      for (const k of [a, b, c]) await h.store.insert(k);
      await h.store.revoke(c.id, 4000);
      const listed = await h.store.list();
      expect(listed.map((k) => k.id)).toEqual([b.id, c.id, a.id]);
      expect(listed[1]?.revokedAt).toBe(4000);
    });

    it('revokes an active key once, and counts only active keys', async () => {
      const a = key();
      const b = key();
      await h.store.insert(a);
      await h.store.insert(b);
      expect(await h.store.countActive()).toBe(2);
      expect(await h.store.revoke(a.id, 5000)).toBe(true);
      expect(await h.store.revoke(a.id, 6000)).toBe(false);
      expect(await h.store.revoke('missing', 6000)).toBe(false);
      expect((await h.store.findByHash(a.hash))?.revokedAt).toBe(5000);
      const count = await h.store.countActive();
      expect(count).toBe(1);
      expect(typeof count).toBe('number');
    });

    it('keeps epoch-millisecond timestamps beyond 32 bits exact', async () => {
      const k = key({ createdAt: 4_102_444_800_000 });
      await h.store.insert(k);
      await h.store.revoke(k.id, 4_102_444_800_001);
      const found = await h.store.findByHash(k.hash);
      expect(found?.createdAt).toBe(4_102_444_800_000);
      expect(found?.revokedAt).toBe(4_102_444_800_001);
    });
  });
}
