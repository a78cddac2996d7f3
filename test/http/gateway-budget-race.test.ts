import { afterAll, beforeAll, it } from 'vitest';
import { runBudgetRace } from '../support/budget-race.js';
import { startUsageFixture, type UsageFixture } from '../support/gateway-usage-fixture.js';

/** Budgets under 200 concurrent calls, counters on the default SQLite kv (Redis: test/integration/gateway-budget-redis.int.test.ts). */
let f: UsageFixture;
beforeAll(async () => {
  f = await startUsageFixture();
});
afterAll(() => f.stop());

it('never lets 200 concurrent calls overshoot a budget (SQLite kv)', () => runBudgetRace(f), 60_000);
