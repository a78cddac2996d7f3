import { describe, expect, it } from 'vitest';
import { createKvStore } from '../../src/adapters/kv/index.js';
import { runKvStoreContract } from '../../src/adapters/kv/kv-store.contract.js';
import { RedisKvStore } from '../../src/adapters/kv/redis-kv-store.js';
import { randomName, redisUrl, requireRedis } from './services.js';

const redis = await requireRedis();

describe.skipIf(!redis.available)('KV on Redis', () => {
  // Each test gets its own key prefix, and deletes everything under it afterwards.
  runKvStoreContract('redis', async () => {
    const store = await createKvStore({ type: 'redis', url: redisUrl(), keyPrefix: `${randomName('keel_test')}:` }, { sqlitePath: ':memory:' });
    return {
      store,
      cleanup: async () => {
        await store.deletePrefix('');
        await store.close();
      },
    };
  });

  it('keeps two key prefixes apart on one Redis', async () => {
    const a = await RedisKvStore.open({ url: redisUrl(), keyPrefix: `${randomName('keel_a')}:` });
    const b = await RedisKvStore.open({ url: redisUrl(), keyPrefix: `${randomName('keel_b')}:` });
    try {
      await a.set('shared', 'from a');
      expect(await b.get('shared')).toBeNull();
      expect(await b.deletePrefix('')).toBe(0);
      expect(await a.get('shared')).toBe('from a');
    } finally {
      await a.deletePrefix('');
      await a.close();
      await b.close();
    }
  });

  it('fails to open with UNAVAILABLE when Redis is not there', async () => {
    await expect(RedisKvStore.open({ url: 'redis://127.0.0.1:1', keyPrefix: 'x:' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
