import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeOpenAi } from '../support/fake-openai.js';
import type { FakeProvider } from '../support/fake-provider-server.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';
import { randomName, redisUrl, requireRedis } from './services.js';

const redis = await requireRedis();

/**
 * The exact cache on Redis: two Keel replicas sharing one Redis share cached
 * answers, so a prompt answered through one is a hit on the other.
 */
describe.skipIf(!redis.available)('gateway exact cache on Redis', () => {
  let a: FakeProvider;
  const replicas: TestKeel[] = [];
  const keyPrefix = `${randomName('keel_cache')}:`;

  beforeAll(async () => {
    a = await startFakeOpenAi('a');
    const config = {
      kv: { type: 'redis', url: redisUrl(), keyPrefix },
      gateway: {
        providers: [{ name: 'a', type: 'openai', baseUrl: `${a.url}/v1`, apiKey: 'env:A_KEY' }],
        routes: [{ model: 'cached', targets: [{ provider: 'a', model: 'gpt-4o-mini' }], cache: { ttlSeconds: 60 } }],
      },
    };
    for (let i = 0; i < 2; i++) replicas.push(await startTestKeel({ A_KEY: 'sk-a' }, { config }));
  });
  afterAll(async () => {
    await replicas[0]?.adapters.kv.deletePrefix('');
    for (const r of replicas) await r.stop();
    await a.close();
  });

  const client = (i: number): OpenAI => new OpenAI({ baseURL: `${replicas[i]?.url ?? ''}/v1`, apiKey: 'unused', maxRetries: 0 });

  it('stores in Redis with the TTL and serves the hit from another replica', async () => {
    const first = await client(0).chat.completions.create({ model: 'cached', messages: [{ role: 'user', content: 'shared across replicas' }] }).withResponse();
    expect(first.response.headers.get('x-keel-cache')).toBe('miss');

    const { Redis } = await import('ioredis');
    const direct = new Redis(redisUrl());
    try {
      const keys = await vi.waitFor(async () => {
        const found = await direct.keys(`${keyPrefix}llm-cache:exact:*`);
        expect(found).toHaveLength(1);
        return found;
      }, { timeout: 5_000, interval: 20 });
      const ttl = await direct.pttl(keys[0] ?? '');
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      direct.disconnect();
    }

    const seen = a.seen.length;
    const second = await client(1).chat.completions.create({ model: 'cached', messages: [{ role: 'user', content: 'shared across replicas' }] }).withResponse();
    expect(second.response.headers.get('x-keel-cache')).toBe('hit');
    expect(second.data.choices[0]?.message.content).toBe('a: shared across replicas');
    expect(a.seen.length).toBe(seen);
  });
});
