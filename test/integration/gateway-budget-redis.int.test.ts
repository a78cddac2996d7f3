import { afterAll, beforeAll, describe, it } from 'vitest';
import { runBudgetRace } from '../support/budget-race.js';
import { startUsageFixture, type UsageFixture } from '../support/gateway-usage-fixture.js';
import { randomName, redisUrl, requireRedis } from './services.js';

const redis = await requireRedis();

/** The budget race with counters on Redis, where several gateway replicas would share them. */
describe.skipIf(!redis.available)('gateway budgets on Redis', () => {
  let f: UsageFixture;
  beforeAll(async () => {
    f = await startUsageFixture({ kv: { type: 'redis', url: redisUrl(), keyPrefix: `${randomName('keel_gw')}:` } });
  });
  afterAll(async () => {
    await f.keel.adapters.kv.deletePrefix('');
    await f.stop();
  });

  it('never lets 200 concurrent calls overshoot a budget (Redis kv)', () => runBudgetRace(f), 60_000);
});
