import { describe } from 'vitest';
import { RedisKvStore } from '../../src/adapters/kv/redis-kv-store.js';
import { runOnlineFeaturesContract } from '../../src/domains/features/online-features.contract.js';
import { randomName, redisUrl, requireRedis } from './services.js';

const redis = await requireRedis();

describe.skipIf(!redis.available)('feature store online lookups on Redis', () => {
  runOnlineFeaturesContract('redis', async () => {
    const kv = await RedisKvStore.open({ url: redisUrl(), keyPrefix: `${randomName('keel_features')}:` });
    return {
      kv,
      cleanup: async () => {
        await kv.deletePrefix('');
        await kv.close();
      },
    };
  });
});
